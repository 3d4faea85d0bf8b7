package io.arrears.infra.store.h2;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoQueryException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pages in {@code _id} order: the embedded store answers them from the {@code _id} index, starting
 * at the page's bound and stopping at its limit, with what MongoDB would answer. And the size of a
 * collection's documents, counted when asked, and unique indexes kept right through updates. And
 * the stored documents stay as they are, whatever a read does with what it gets.
 */
class LedgerH2CollectionTest {

    /** A query's condition that fails on the document it is evaluated for when its {@code d} is 0. */
    private static final Bson DIVIDES = Filters.expr(new Document("$gt",
            List.of(new Document("$divide", List.of(1, "$d")), 0)));

    @TempDir
    Path dir;
    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoCollection<Document> accounts;

    @BeforeEach
    void open() {
        server = EmbeddedMongoServer.onDisk(dir, ViewsFile.NONE);
        client = MongoClients.create(server.connectionString());
        accounts = client.getDatabase("ledger").getCollection("accounts");
    }

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void aPageAfterABoundReadsNoDocumentOutsideIt() {
        // Inserted out of order; "A-poison" sorts before the bound and "Z-poison" after the page.
        accounts.insertOne(new Document("_id", "Z-poison").append("d", 0).append("open", true));
        for (int i = 9; i >= 0; i--) {
            accounts.insertOne(new Document("_id", "B-" + i).append("d", 1).append("open", i % 3 != 0));
        }
        accounts.insertOne(new Document("_id", "A-poison").append("d", 0).append("open", true));

        // The failing condition first: a document read is evaluated for it before its _id is compared with the bound.
        assertThat(ids(Filters.and(DIVIDES, Filters.gt("_id", "B-2"), Filters.eq("open", true)), 3, 0))
                .containsExactly("B-4", "B-5", "B-7");
        assertThat(ids(Filters.and(DIVIDES, Filters.gte("_id", "B-2")), 2, 1)).containsExactly("B-3", "B-4");
        assertThat(ids(Filters.and(Filters.gt("_id", "B-2"), DIVIDES), 2, 0)).containsExactly("B-3", "B-4");
        // The same query without a limit reaches the poisoned document, which shows that it was never read above.
        assertThatThrownBy(() -> ids(Filters.and(DIVIDES, Filters.gt("_id", "B-2")), 0, 0))
                .isInstanceOf(MongoQueryException.class).hasMessageContaining("by zero");
    }

    @Test
    void aSelectorOfAnIdAndFurtherConditionsReadsTheDocumentOfThatIdAlone() {
        accounts.insertOne(new Document("_id", "A-poison").append("d", 0));
        accounts.insertMany(List.of(new Document("_id", "B-1").append("d", 1).append("holder", "x"),
                new Document("_id", "B-2").append("d", 1).append("holder", "y")));
        accounts.insertOne(new Document("_id", "Z-poison").append("d", 0));

        // The failing condition first: a document read is evaluated for it before its _id is compared.
        assertThat(accounts.find(Filters.and(DIVIDES, Filters.eq("_id", "B-1"))).first()).containsEntry("holder", "x");
        assertThat(accounts.find(Filters.and(DIVIDES, Filters.eq("_id", "B-1"), Filters.eq("holder", "y"))).first())
                .isNull();
        assertThat(accounts.find(Filters.and(DIVIDES, Filters.in("_id", "B-2", "B-1", "B-9")))
                .sort(Sorts.ascending("_id")).map(found -> found.get("_id")).into(new ArrayList<>()))
                .containsExactly("B-1", "B-2");
        assertThat(accounts.updateOne(Filters.and(DIVIDES, Filters.eq("_id", "B-2"), Filters.eq("holder", "y")),
                Updates.set("holder", "z")).getModifiedCount()).isEqualTo(1);
        assertThat(accounts.replaceOne(Filters.and(Filters.eq("_id", "B-1"), Filters.eq("holder", "x"), DIVIDES),
                new Document("d", 1).append("holder", "w")).getModifiedCount()).isEqualTo(1);
        assertThat(accounts.findOneAndUpdate(Filters.and(DIVIDES, Filters.eq("_id", "B-2")), Updates.set("n", 1)))
                .containsEntry("holder", "z");
        assertThat(accounts.deleteOne(Filters.and(DIVIDES, Filters.eq("_id", "B-1"), Filters.eq("holder", "w")))
                .getDeletedCount()).isEqualTo(1);
        assertThat(accounts.find(Filters.eq("_id", "B-2")).first()).containsEntry("holder", "z").containsEntry("n", 1);
        assertThat(accounts.countDocuments()).isEqualTo(3);
        // The same condition with no _id reaches the poisoned documents, which shows that none was read above.
        assertThatThrownBy(() -> accounts.find(Filters.and(DIVIDES, Filters.eq("holder", "z"))).first())
                .isInstanceOf(MongoQueryException.class).hasMessageContaining("by zero");
    }

    @Test
    void pagesInIdOrderAnswerWhatMongoDbAnswers() {
        List<Object> stored = List.of(7L, 2.5, "B-10", "B-2", "b-1", "", new Document("n", 1), -3, "B-1");
        for (Object id : stored) {
            accounts.insertOne(new Document("_id", id).append("n", stored.indexOf(id)));
        }
        // Numbers before strings before documents; strings by code point; a bound of one type matches only that type.
        assertThat(ids(new Document(), 0, 0)).containsExactly(-3, 2.5, 7L, "", "B-1", "B-10", "B-2", "b-1",
                new Document("n", 1));
        assertThat(ids(Filters.gt("_id", "B-1"), 0, 0)).containsExactly("B-10", "B-2", "b-1");
        assertThat(ids(Filters.gte("_id", 2), 10, 0)).containsExactly(2.5, 7L);
        assertThat(ids(Filters.and(Filters.gt("_id", ""), Filters.gt("n", 2)), 0, 1)).containsExactly("B-2", "b-1");
        assertThat(accounts.find(Filters.gt("_id", "B-2")).projection(Projections.include("_id"))
                .sort(Sorts.ascending("_id")).limit(1).first()).isEqualTo(new Document("_id", "b-1"));
        // What the index walk does not answer is answered as before: a descending page, a range closed above.
        assertThat(accounts.find(Filters.lt("_id", "B-2")).sort(Sorts.descending("_id")).limit(2)
                .map(found -> found.get("_id")).into(new ArrayList<>())).containsExactly("B-10", "B-1");
        assertThat(ids(Filters.and(Filters.gt("_id", ""), Filters.lt("_id", "B-2")), 0, 0))
                .containsExactly("B-1", "B-10");
        assertThat(ids(Filters.eq("_id", "B-2"), 0, 0)).containsExactly("B-2");
    }

    @Test
    void aFindThatProjectsFieldsAnswersWhatMongoJavaServerDoes() {
        withMongoJavaServer(theirs -> {
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                List<Document> payments = new ArrayList<>();
                for (int p = 0; p < i; p++) {
                    payments.add(new Document("paymentId", "P" + p).append("amount", 100L * p));
                }
                Document account = new Document("_id", "A-%02d".formatted(i)).append("lastSequence", (long) i)
                        .append("payments", payments).append("stage", i % 3 == 0 ? "EARLY" : "LATE")
                        .append("penaltyLast", new Document("from", "2026-03-0" + (i % 9 + 1)).append("rate", 5));
                if (i % 4 != 0) {
                    account.append("writtenOffOn", "2026-04-01");
                }
                documents.add(account);
            }
            accounts.insertMany(documents);
            theirs.insertMany(documents);
            List<Bson> filters = List.of(new Document(), Filters.eq("_id", "A-07"), Filters.lt("lastSequence", 5L),
                    Filters.and(Filters.gt("_id", "A-03"), Filters.eq("stage", "LATE")),
                    Filters.or(Filters.eq("stage", "EARLY"), Filters.exists("writtenOffOn", false)),
                    Filters.eq("payments.paymentId", "P4"), Filters.gte("penaltyLast.from", "2026-03-05"),
                    Filters.and(Filters.eq("stage", "LATE"), DIVIDES));
            List<Bson> projections = List.of(Projections.include("lastSequence", "penaltyLast", "writtenOffOn"),
                    Projections.include("payments.paymentId"), Projections.fields(Projections.include("stage"),
                            Projections.excludeId()), Projections.excludeId(), Projections.exclude("payments"),
                    Projections.slice("payments", 2), Projections.elemMatch("payments", Filters.eq("amount", 300L)),
                    new Document("stage", true).append("lastSequence", 1L));
            for (Bson filter : filters) {
                for (Bson projection : projections) {
                    for (Bson order : List.of(Sorts.ascending("_id"), Sorts.descending("lastSequence"))) {
                        assertThat(accounts.find(filter).projection(projection).sort(order).into(new ArrayList<>()))
                                .as("%s %s %s", filter, projection, order)
                                .isEqualTo(theirs.find(filter).projection(projection).sort(order)
                                        .into(new ArrayList<>()));
                    }
                }
            }
        });
    }

    @Test
    void findsByIdOrAListOfIdsAnswerWhatMongoJavaServerDoes() {
        withMongoJavaServer(theirs -> {
            List<Document> documents = new ArrayList<>();
            List<Object> stored = List.of(7L, 8L, 3, 2.5, "A-1", "A-2", "a-1", "", new Document("n", 1));
            for (Object id : stored) {
                documents.add(new Document("_id", id).append("n", stored.indexOf(id)).append("d", 1));
            }
            documents.add(new Document("_id", "A-0").append("d", 0));
            accounts.insertMany(documents);
            theirs.insertMany(documents);
            List<Bson> filters = List.of(Filters.eq("_id", "A-2"), Filters.eq("_id", 7), Filters.eq("_id", 3L),
                    Filters.eq("_id", "missing"), Filters.in("_id", "A-2", "A-1", "A-2", "missing", ""),
                    Filters.in("_id", 8, 7L, 3L, 2.5, "A-1"), Filters.in("_id", List.of()),
                    Filters.in("_id", "A-1", null), Filters.in("_id", new Document("n", 1), "a-1"),
                    Filters.and(Filters.in("_id", "A-1", "A-2"), Filters.gt("n", 4)));
            for (Bson filter : filters) {
                for (Bson projection : List.of(new Document(), Projections.include("n"))) {
                    assertThat(accounts.find(filter).projection(projection).into(new ArrayList<>()))
                            .as("%s %s", filter, projection)
                            .isEqualTo(theirs.find(filter).projection(projection).into(new ArrayList<>()));
                }
            }
            // A condition beside the ids is still matched on every document found.
            assertThatThrownBy(() -> accounts.find(Filters.and(Filters.in("_id", "A-0", "A-1"), DIVIDES)).first())
                    .isInstanceOf(MongoQueryException.class).hasMessageContaining("by zero");
        });
    }

    /** The same collection on mongo-java-server's own memory backend, to compare answers with. */
    private static void withMongoJavaServer(Consumer<MongoCollection<Document>> test) {
        MongoServer reference = new MongoServer(new MemoryBackend());
        try (MongoClient referenceClient = MongoClients.create(reference.bindAndGetConnectionString())) {
            test.accept(referenceClient.getDatabase("ledger").getCollection("accounts"));
        } finally {
            reference.shutdownNow();
        }
    }

    private List<Object> ids(Bson filter, int limit, int skip) {
        return accounts.find(filter).sort(Sorts.ascending("_id")).limit(limit).skip(skip)
                .map(found -> found.get("_id")).into(new ArrayList<>());
    }

    @Test
    void collStatsCountsTheDocumentsAsTheyAreNow() {
        for (int i = 0; i < 50; i++) {
            accounts.insertOne(new Document("_id", "A-" + i).append("note", "x".repeat(i)));
        }
        accounts.updateMany(Filters.lt("_id", "A-3"), new Document("$set", new Document("paid", 100L)));
        accounts.deleteMany(Filters.gt("_id", "A-7"));
        assertThat(statedSize()).isEqualTo(bsonSize(accounts.find().into(new ArrayList<>()))).isPositive();

        accounts.deleteMany(new Document());
        assertThat(statedSize()).isZero();
    }

    private int statedSize() {
        return client.getDatabase("ledger").runCommand(new Document("collStats", "accounts")).getInteger("size");
    }

    private static int bsonSize(List<Document> documents) {
        return documents.stream().mapToInt(document -> new RawBsonDocument(document, new DocumentCodec())
                .getByteBuffer().remaining()).sum();
    }

    @Test
    void updatesKeepEveryUniqueIndexRight() {
        accounts.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true));
        accounts.insertMany(List.of(new Document("_id", "A-1").append("eventId", "E-1"),
                new Document("_id", "A-2").append("eventId", "E-2")));

        assertThatThrownBy(() -> accounts.updateOne(Filters.eq("_id", "A-1"), Updates.set("_id", "A-9")))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("immutable");
        accounts.replaceOne(Filters.eq("_id", "A-1"), new Document("_id", "A-1").append("eventId", "E-1").append("x", 1));
        assertThatThrownBy(() -> accounts.updateOne(Filters.eq("_id", "A-2"), Updates.set("eventId", "E-1")))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        accounts.updateOne(Filters.eq("_id", "A-2"), Updates.set("eventId", "E-3"));

        assertThat(accounts.find(Filters.in("_id", List.of("A-1", "A-9"))).into(new ArrayList<>()))
                .containsExactly(new Document("_id", "A-1").append("eventId", "E-1").append("x", 1));
        assertThat(accounts.find(Filters.eq("eventId", "E-3")).first()).containsEntry("_id", "A-2");
        assertThat(accounts.find(Filters.eq("eventId", "E-2")).first()).isNull();
        assertThatThrownBy(() -> accounts.insertOne(new Document("_id", "A-2").append("eventId", "E-4")))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    @Test
    void aReadThatChangesWhatItGotLeavesTheStoredDocumentsAsTheyWere() {
        Document stored = new Document("_id", "A-1").append("balance", new Document("principal", 100))
                .append("payments", List.of(new Document("paymentId", "PAY-1")));
        accounts.insertOne(stored);

        // $addFields of a sub-document adds to the sub-document it got: here, a copy.
        assertThat(accounts.aggregate(List.of(new Document("$addFields",
                new Document("balance", new Document("penalty", 5))))).first().get("balance", Document.class))
                .isEqualTo(new Document("principal", 100).append("penalty", 5));
        accounts.updateOne(Filters.eq("_id", "A-1"), Updates.combine(Updates.set("balance.fees", 7),
                Updates.push("payments", new Document("paymentId", "PAY-2"))));
        Document before = accounts.findOneAndUpdate(Filters.eq("_id", "A-1"), Updates.set("balance.principal", 90));

        assertThat(before).isEqualTo(new Document("_id", "A-1")
                .append("balance", new Document("principal", 100).append("fees", 7))
                .append("payments", List.of(new Document("paymentId", "PAY-1"), new Document("paymentId", "PAY-2"))));
        assertThat(accounts.find().first()).isEqualTo(new Document("_id", "A-1")
                .append("balance", new Document("principal", 90).append("fees", 7))
                .append("payments", List.of(new Document("paymentId", "PAY-1"), new Document("paymentId", "PAY-2"))));
    }

    @Test
    void aReplacementByIdAnswersAndStoresWhatMongoDbWould() {
        accounts.insertMany(List.of(new Document("_id", "A-1").append("balance", new Document("principal", 100)),
                new Document("_id", "A-2").append("balance", new Document("principal", 200))));
        Document replacement = new Document("balance", new Document("principal", 90))
                .append("payments", List.of(new Document("paymentId", "PAY-1")));

        UpdateResult replaced = accounts.replaceOne(Filters.eq("_id", "A-1"), replacement);
        UpdateResult again = accounts.replaceOne(Filters.eq("_id", "A-1"), new Document("_id", "A-1")
                .append("balance", new Document("principal", 90))
                .append("payments", List.of(new Document("paymentId", "PAY-1"))));
        UpdateResult missing = accounts.replaceOne(Filters.eq("_id", "A-3"), replacement);
        UpdateResult upserted = accounts.replaceOne(Filters.eq("_id", "A-4"), new Document("balance", 4),
                new ReplaceOptions().upsert(true));

        assertThat(List.of(replaced.getMatchedCount(), replaced.getModifiedCount())).containsExactly(1L, 1L);
        assertThat(List.of(again.getMatchedCount(), again.getModifiedCount())).containsExactly(1L, 0L);
        assertThat(List.of(missing.getMatchedCount(), missing.getModifiedCount())).containsExactly(0L, 0L);
        assertThat(upserted.getUpsertedId()).isEqualTo(new BsonString("A-4"));
        assertThatThrownBy(() -> accounts.replaceOne(Filters.eq("_id", "A-2"), new Document("_id", "A-9")))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("immutable");
        List<Document> expected = List.of(new Document("_id", "A-1").append("balance", new Document("principal", 90))
                        .append("payments", List.of(new Document("paymentId", "PAY-1"))),
                new Document("_id", "A-2").append("balance", new Document("principal", 200)),
                new Document("_id", "A-4").append("balance", 4));
        assertThat(accounts.find().sort(Sorts.ascending("_id")).into(new ArrayList<>())).isEqualTo(expected);
        client.close();
        server.close();
        server = EmbeddedMongoServer.onDisk(dir, ViewsFile.NONE);
        client = MongoClients.create(server.connectionString());
        assertThat(client.getDatabase("ledger").getCollection("accounts").find().sort(Sorts.ascending("_id"))
                .into(new ArrayList<>())).isEqualTo(expected);
    }
}
