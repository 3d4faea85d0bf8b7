package io.arrears.infra.store.h2;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store's H2 layer: a store written by mongo-java-server's own H2 backend opens with
 * every document and every unique index, and stays correct through further writes and restarts.
 */
class LedgerH2BackendTest {

    private static final int DOCUMENTS = 500;

    @TempDir
    Path dir;

    @Test
    void aStoreWrittenByTheStockBackendOpensWithItsDocumentsAndIndexes() {
        Path file = dir.resolve(EmbeddedMongoServer.FILE_NAME);
        List<Document> written = new ArrayList<>();
        H2Backend stock = new H2Backend(file.toString());
        MongoServer server = new MongoServer(stock);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress address = server.getLocalAddress();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> commits = client.getDatabase("ledger").getCollection("commits");
            commits.createIndex(Indexes.ascending("aggregateId", "firstSequence"), new IndexOptions().unique(true));
            commits.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true));
            for (int i = 0; i < DOCUMENTS; i++) {
                written.add(everyType(i));
            }
            commits.insertMany(written);
            client.getDatabase("ledger").getCollection("streams")
                    .insertOne(new Document("_id", "A-1").append("commits", List.of(0L, 2L)));
        } finally {
            server.shutdownNow();
            stock.close();
        }

        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.onDisk(dir, ViewsFile.NONE);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            MongoCollection<Document> commits = client.getDatabase("ledger").getCollection("commits");
            assertThat(commits.find().sort(Sorts.ascending("_id")).into(new ArrayList<>())).isEqualTo(written);
            assertThat(commits.find(Filters.and(Filters.eq("aggregateId", "A-7"), Filters.eq("firstSequence", 3L)))
                    .into(new ArrayList<>())).containsExactly(written.get(7 * 10 + 3));
            assertThat(commits.find(Filters.eq("eventId", "E-00042")).first()).isEqualTo(written.get(42));
            assertThat(commits.find(Filters.in("_id", List.of(5L, 6L, 99_999L))).into(new ArrayList<>()))
                    .containsExactly(written.get(5), written.get(6));
            assertDuplicateRejected(commits, new Document("_id", 10_000L).append("aggregateId", "A-7")
                    .append("firstSequence", 3L).append("eventId", "E-new"));
            assertDuplicateRejected(commits, new Document("_id", 10_001L).append("aggregateId", "A-new")
                    .append("firstSequence", 0L).append("eventId", "E-00042"));
            assertDuplicateRejected(commits, new Document("_id", 42L).append("aggregateId", "A-new")
                    .append("firstSequence", 0L).append("eventId", "E-new"));

            commits.insertOne(new Document("_id", 10_002L).append("aggregateId", "A-7").append("firstSequence", 10L)
                    .append("eventId", "E-new"));
            commits.deleteOne(Filters.eq("_id", 0L));
            commits.updateOne(Filters.eq("_id", 1L), new Document("$set", new Document("eventId", "E-moved")));
            assertThat(client.getDatabase("ledger").getCollection("streams").find().first())
                    .isEqualTo(new Document("_id", "A-1").append("commits", List.of(0L, 2L)));
        }

        try (EmbeddedMongoServer again = EmbeddedMongoServer.onDisk(dir, ViewsFile.NONE);
             MongoClient client = MongoClients.create(again.connectionString())) {
            MongoCollection<Document> commits = client.getDatabase("ledger").getCollection("commits");
            assertThat(commits.countDocuments()).isEqualTo(DOCUMENTS);
            assertThat(commits.find(Filters.eq("eventId", "E-moved")).first().getLong("_id")).isEqualTo(1L);
            assertThat(commits.find(Filters.eq("eventId", "E-00001")).first()).isNull();
            // The key of the deleted document is free again, the moved one's new key is taken.
            commits.insertOne(new Document("_id", 0L).append("aggregateId", "A-0").append("firstSequence", 0L)
                    .append("eventId", "E-00000"));
            assertDuplicateRejected(commits, new Document("_id", 10_003L).append("aggregateId", "A-x")
                    .append("firstSequence", 0L).append("eventId", "E-moved"));
            assertDuplicateRejected(commits, new Document("_id", 10_004L).append("aggregateId", "A-7")
                    .append("firstSequence", 10L).append("eventId", "E-newer"));
        }
    }

    private static void assertDuplicateRejected(MongoCollection<Document> collection, Document document) {
        assertThatThrownBy(() -> collection.insertOne(document))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    /** A commit-like document with a value of every BSON type the ledger's stores hold, and a few more. */
    private static Document everyType(int i) {
        return new Document("_id", (long) i)
                .append("aggregateId", "A-" + i / 10)
                .append("firstSequence", (long) (i % 10))
                .append("eventId", "E-%05d".formatted(i))
                .append("int", i)
                .append("double", i / 4.0)
                .append("decimal", new Decimal128(new BigDecimal("12345.67")))
                .append("flag", i % 2 == 0)
                .append("missing", null)
                .append("at", new Date(1_767_225_600_000L + i))
                .append("objectId", new ObjectId(1_767_225_600 + i, i))
                .append("binary", new Binary(new byte[]{1, 2, (byte) i}))
                .append("text", "Li Wei 李伟 \u0000 " + i)
                .append("events", List.of(new Document("payload", new Document("amountMinor", 100L * i)
                        .append("currency", "CNY")), new Document("tags", List.of("a", 1, 2.5))));
    }
}
