package io.arrears.infra.store.h2;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An update by operators of one document by its {@code _id} answers and stores in the embedded store
 * what mongo-java-server's own way answers and stores (its memory backend, beside it), for the updates
 * the store makes on copies and for those it leaves to mongo-java-server; and it changes nothing of
 * the stored document it started from, sharing with it what it left as it was.
 */
class UpdateOnCopiesTest {

    @TempDir
    Path dir;
    private EmbeddedMongoServer embedded;
    private MongoServer reference;
    private MongoClient embeddedClient;
    private MongoClient referenceClient;
    private MongoCollection<Document> ours;
    private MongoCollection<Document> theirs;

    @BeforeEach
    void open() {
        embedded = EmbeddedMongoServer.onDisk(dir, ViewsFile.NONE);
        embeddedClient = MongoClients.create(embedded.connectionString());
        ours = embeddedClient.getDatabase("ledger").getCollection("accounts");
        reference = new MongoServer(new MemoryBackend());
        referenceClient = MongoClients.create(reference.bindAndGetConnectionString());
        theirs = referenceClient.getDatabase("ledger").getCollection("accounts");
    }

    @AfterEach
    void close() {
        embeddedClient.close();
        embedded.close();
        referenceClient.close();
        reference.shutdownNow();
    }

    private static Document payment(String id, long amount) {
        return new Document("paymentId", id).append("allocation", new Document("principal", amount));
    }

    private record Update(Document selector, String update, boolean upsert) {

        Update(Document selector, String update) {
            this(selector, update, false);
        }
    }

    private static Document account(String id, long before) {
        return new Document("_id", id).append("lastSequence", new Document("$lt", before));
    }

    @Test
    void eachUpdateAnswersAndStoresWhatMongoJavaServerDoes() {
        List<Document> documents = List.of(
                new Document("_id", "A-1").append("lastSequence", 1L).append("payments", List.of(payment("P1", 100)))
                        .append("promises", List.of(new Document("promiseId", "PR-1").append("outcome", null)))
                        .append("contacts", List.of("C-1")),
                new Document("_id", "A-2").append("lastSequence", 1L));
        List<Update> updates = List.of(
                new Update(account("A-1", 2), "{$set: {lastSequence: 2}, $push: {payments: {paymentId: 'P2', "
                        + "allocation: {principal: 50}}}}"),
                new Update(account("A-1", 3), "{$set: {lastSequence: 3}, $push: {payments: {$each: [{paymentId: 'P3'},"
                        + " {paymentId: 'P4'}]}}}"),
                new Update(account("A-1", 4).append("payments.paymentId", "P2"),
                        "{$set: {lastSequence: 4, 'payments.$.allocation': {principal: 40, penalty: 10}}}"),
                new Update(account("A-1", 5).append("promises.promiseId", "PR-1"),
                        "{$set: {lastSequence: 5, 'promises.$.outcome': 'KEPT', "
                                + "'promises.$.decidedOn': '2026-03-10'}}"),
                new Update(account("A-1", 6), "{$set: {lastSequence: 6}, $pull: {payments: {paymentId: 'P1'}}}"),
                // Seen already (a redelivery), a payment it does not hold, a document that is not there.
                new Update(account("A-1", 6), "{$set: {lastSequence: 6}, $push: {payments: {paymentId: 'P9'}}}"),
                new Update(account("A-1", 7).append("payments.paymentId", "P9"),
                        "{$set: {lastSequence: 7, 'payments.$.allocation': {principal: 1}}}"),
                new Update(account("A-9", 7), "{$set: {lastSequence: 7}}"),
                // Fields it does not have yet; one that changes nothing.
                new Update(account("A-2", 2), "{$set: {lastSequence: 2, stage: 'EARLY'}, "
                        + "$push: {waivers: {waiverId: 'W1'}}, $pull: {breaches: {agentId: 'a'}}}"),
                new Update(new Document("_id", "A-2"), "{$pull: {waivers: {waiverId: 'W9'}}}"),
                // As the account index writes a stream's head and its pages.
                new Update(new Document("_id", "A-2"), "{$max: {lastSequence: {$numberLong: '9'}}, "
                        + "$setOnInsert: {snapshotsNoted: true}}", true),
                new Update(new Document("_id", "A-2"), "{$max: {lastSequence: 3, low: 1}}", true),
                new Update(new Document("_id", "A-2"), "{$addToSet: {refs: {first: 1, last: 2}}}", true),
                new Update(new Document("_id", "A-2"), "{$addToSet: {refs: {first: 1, last: 2}}}", true),
                new Update(new Document("_id", "A-2"), "{$addToSet: {refs: {first: 3, last: 3}}}", true),
                new Update(new Document("_id", "A-1"), "{$addToSet: {contacts: {$each: ['C-1', 'C-5']}}}"),
                // Left to mongo-java-server: other operators, dotted paths, a field two operators touch, an upsert.
                new Update(new Document("_id", "A-2"), "{$inc: {lastSequence: 1}, $max: {high: 3}}"),
                new Update(new Document("_id", "A-2"), "{$max: {high: 2.5}}"),
                new Update(new Document("_id", "A-2"), "{$set: {'limits.daily': 5}}"),
                new Update(new Document("_id", "A-1"), "{$push: {contacts: 'C-2'}, $pull: {contacts: 'C-1'}}"),
                new Update(new Document("_id", "A-1"), "{$set: {contacts: 1}, $push: {contacts: 'C-3'}}"),
                new Update(new Document("_id", "A-1"), "{$push: {lastSequence: 1}}"),
                new Update(account("A-3", 1), "{$set: {lastSequence: 1}}", true));

        compare(documents, updates);
    }

    @Test
    void anUpdateThroughAnotherUniqueIndexKeepsItAndAnswersWhatMongoJavaServerDoes() {
        for (MongoCollection<Document> collection : List.of(ours, theirs)) {
            collection.createIndex(Indexes.ascending("processorName", "segment"), new IndexOptions().unique(true));
        }
        List<Document> tokens = List.of(
                new Document("_id", new ObjectId()).append("processorName", "report").append("segment", 0)
                        .append("owner", "node-1").append("token", "1"),
                new Document("_id", new ObjectId()).append("processorName", "report").append("segment", 1)
                        .append("owner", "node-2").append("token", "1"));
        Document ownedByNode1 = Document.parse("{$and: [{processorName: 'report'}, {segment: 0}, {owner: 'node-1'}]}");
        List<Update> updates = List.of(
                // As Axon's token store stores a token: by processor, segment and owner.
                new Update(ownedByNode1, "{$set: {token: '2', timestamp: 5}}"),
                new Update(Document.parse("{$and: [{processorName: 'report'}, {segment: 1}, {owner: 'node-1'}]}"),
                        "{$set: {token: '9'}}"),
                new Update(new Document("processorName", "report").append("segment", 1), "{$set: {owner: null}}"),
                // An indexed field: moved where the index has room, refused where it has not.
                new Update(ownedByNode1, "{$set: {segment: 2}}"),
                new Update(Document.parse("{processorName: 'report', segment: 2}"), "{$set: {segment: 1}}"),
                new Update(Document.parse("{processorName: 'report', segment: 2}"), "{$set: {segment: 0}}"),
                new Update(Document.parse("{processorName: 'report', segment: 0}"), "{$set: {token: '3'}}"));

        compare(tokens, updates);
        assertThat(ours.find(Document.parse("{processorName: 'report', segment: 0}")).first().getString("token"))
                .isEqualTo("3");
    }

    /** Runs {@code updates} on both stores from {@code documents}, comparing after each and after a reopen. */
    private void compare(List<Document> documents, List<Update> updates) {
        ours.insertMany(documents);
        theirs.insertMany(documents);
        for (Update update : updates) {
            Document operators = Document.parse(update.update());
            UpdateOptions options = new UpdateOptions().upsert(update.upsert());
            assertThat(answer(ours, update.selector(), operators, options)).as(update.update())
                    .isEqualTo(answer(theirs, update.selector(), operators, options));
            assertThat(stored(ours)).as(update.update()).isEqualTo(stored(theirs));
        }

        List<String> expected = stored(theirs);
        embeddedClient.close();
        embedded.close();
        embedded = EmbeddedMongoServer.onDisk(dir, ViewsFile.NONE);
        embeddedClient = MongoClients.create(embedded.connectionString());
        ours = embeddedClient.getDatabase("ledger").getCollection("accounts");
        assertThat(stored(ours)).isEqualTo(expected);
    }

    /** What the store answered (matched, modified), or the error it gave. */
    private static String answer(MongoCollection<Document> collection, Document selector, Document update,
                                 UpdateOptions options) {
        try {
            UpdateResult result = collection.updateOne(selector, update, options);
            return result.getMatchedCount() + " matched, " + result.getModifiedCount() + " modified";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage().replaceAll("on server \\S+", "");
        }
    }

    private static List<String> stored(MongoCollection<Document> collection) {
        List<String> documents = new ArrayList<>();
        collection.find().sort(Sorts.ascending("_id")).forEach(document -> documents.add(document.toJson()));
        return documents;
    }

    @Test
    void theStoredDocumentStaysAsItWasAndSharesWhatTheUpdateLeft() {
        de.bwaldvogel.mongo.bson.Document stored = new de.bwaldvogel.mongo.bson.Document("_id", "A-1")
                .append("lastSequence", 1L)
                .append("payments", new ArrayList<>(List.of(
                        new de.bwaldvogel.mongo.bson.Document("paymentId", "P1").append("principal", 100),
                        new de.bwaldvogel.mongo.bson.Document("paymentId", "P2").append("principal", 200))))
                .append("contacts", new ArrayList<>(List.of("C-1")))
                .append("waivers", new ArrayList<>(List.of(new de.bwaldvogel.mongo.bson.Document("waiverId", "W1"))));
        de.bwaldvogel.mongo.bson.Document before = stored.cloneDeeply();

        de.bwaldvogel.mongo.bson.Document updated = UpdateOnCopies.of(stored,
                new de.bwaldvogel.mongo.bson.Document("_id", "A-1").append("payments.paymentId", "P2"),
                new de.bwaldvogel.mongo.bson.Document("$set", new de.bwaldvogel.mongo.bson.Document("lastSequence", 2L)
                        .append("payments.$.principal", 150))
                        .append("$push", new de.bwaldvogel.mongo.bson.Document("contacts", "C-2")));

        assertThat(stored).isEqualTo(before);
        assertThat(updated.get("waivers")).isSameAs(stored.get("waivers"));
        assertThat(updated.get("contacts")).isEqualTo(List.of("C-1", "C-2"));
        List<?> payments = (List<?>) updated.get("payments");
        assertThat(payments.get(0)).isSameAs(((List<?>) stored.get("payments")).get(0));
        assertThat(payments.get(1)).isEqualTo(new de.bwaldvogel.mongo.bson.Document("paymentId", "P2")
                .append("principal", 150));
    }
}
