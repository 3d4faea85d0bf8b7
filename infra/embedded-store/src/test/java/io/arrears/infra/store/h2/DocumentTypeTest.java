package io.arrears.infra.store.h2;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored documents are kept as their BSON, and a page is written again from it: every way of changing
 * a document must still reach the disk, whichever page write comes after it. Pages that H2's default
 * type wrote by Java serialisation are still read.
 */
class DocumentTypeTest {

    private static final int DOCUMENTS = 400;

    @TempDir
    Path dir;

    @Test
    void aDocumentThatH2sDefaultTypeWroteIsReadAsItsBson() {
        de.bwaldvogel.mongo.bson.Document written = new de.bwaldvogel.mongo.bson.Document("_id", "A-1")
                .append("paid", 100L).append("tags", List.of("new", "paid"))
                .append("balance", new de.bwaldvogel.mongo.bson.Document("principal", 9_000L));
        String file = dir.resolve("legacy.mv").toString();
        MVStore legacy = new MVStore.Builder().fileName(file).open();
        legacy.<String, Object>openMap("documents").put("A-1", written);
        legacy.close();

        MVStore store = new MVStore.Builder().fileName(file).open();
        try {
            byte[] bson = store.openMap("documents", new MVMap.Builder<String, byte[]>().valueType(new DocumentType()))
                    .get("A-1");
            assertThat(DocumentBson.document(bson)).isEqualTo(written);
        } finally {
            store.close();
        }
    }

    @Test
    void everyChangeReachesTheDiskThoughItsPageWasWrittenBefore() {
        List<Document> expected;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dir, ViewsFile.NONE);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> views = client.getDatabase("ledger").getCollection("views");
            for (int i = 0; i < DOCUMENTS; i++) {
                views.insertOne(new Document("_id", "A-%04d".formatted(i)).append("paid", 0L)
                        .append("tags", List.of("new")).append("note", "opened"));
            }
            // Every page is written once; then each kind of change, with a page write after each round.
            for (int round = 1; round <= 3; round++) {
                server.awaitDurable();
                for (int i = round; i < DOCUMENTS; i += 7) {
                    String id = "A-%04d".formatted(i);
                    switch (i % 5) {
                        case 0 -> views.updateOne(eq("_id", id), Updates.combine(Updates.inc("paid", 100L),
                                Updates.push("tags", "round-" + round), Updates.unset("note")));
                        case 1 -> views.replaceOne(eq("_id", id), new Document("_id", id).append("paid", -1L)
                                .append("replacedIn", round));
                        case 2 -> views.findOneAndUpdate(eq("_id", id), Updates.set("paid", (long) round),
                                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                        case 3 -> views.findOneAndReplace(eq("_id", id), new Document("_id", id).append("round", round));
                        default -> views.deleteOne(eq("_id", id));
                    }
                }
                views.updateOne(eq("_id", "U-" + round), Updates.set("upserted", round), new UpdateOptions().upsert(true));
                views.replaceOne(eq("_id", "R-" + round), new Document("round", round), new ReplaceOptions().upsert(true));
                views.findOneAndUpdate(eq("_id", "counter"), Updates.inc("value", 5L),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            }
            expected = views.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        }

        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.onDisk(dir, ViewsFile.NONE);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            MongoCollection<Document> views = client.getDatabase("ledger").getCollection("views");
            assertThat(views.find().sort(Sorts.ascending("_id")).into(new ArrayList<>())).isEqualTo(expected);
            assertThat(views.find(eq("_id", "counter")).first()).isEqualTo(new Document("_id", "counter")
                    .append("value", 15L));
        }
    }
}
