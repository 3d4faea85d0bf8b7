package io.arrears.infra.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.arrears.infra.axon.SerializationConfiguration;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.event.ContactLogged;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

/** Each way of tampering with the stored documents is found, at the link where it happened. */
class ChainVerifierTest {

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private MongoCommitEventStorageEngine engine;
    private ChainVerifier verifier;

    @BeforeEach
    void setUp() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("verify-test");
        engine = SerializationConfiguration.storedFormEngine(database);
        verifier = new ChainVerifier(database);
        // Two accounts of three commits each: sequences 0-1, 2, 3-4.
        for (String account : List.of("A-1", "A-2")) {
            engine.appendEvents(List.of(event(account, 0), event(account, 1)));
            engine.appendEvents(List.of(event(account, 2)));
            engine.appendEvents(List.of(event(account, 3), event(account, 4)));
        }
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    private static DomainEventMessage<ContactLogged> event(String accountId, long sequence) {
        ContactLogged payload = new ContactLogged(new AccountId(accountId), "C-" + sequence, ContactChannel.PHONE,
                ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, Instant.parse("2026-03-12T02:30:00Z"),
                "agent-7", null);
        return new GenericDomainEventMessage<>("CollectionAccount", accountId, sequence, payload);
    }

    private MongoCollection<Document> commits() {
        return database.getCollection(MongoCommitEventStorageEngine.COMMITS);
    }

    /** The commit of {@code account} holding {@code sequence}, and the event's index in it. */
    private Document commitHolding(String account, long sequence) {
        for (Document commit : commits().find(Filters.eq("aggregateId", account))) {
            for (Document event : commit.getList(EVENTS, Document.class)) {
                if (event.getLong("sequence") == sequence) {
                    return commit;
                }
            }
        }
        throw new IllegalArgumentException("no event " + sequence);
    }

    private void replaceEvents(Document commit, List<Document> events) {
        commits().updateOne(Filters.eq("_id", commit.get("_id")), Updates.set(EVENTS, events));
    }

    @Test
    void anUntouchedStoreVerifies() {
        ChainVerifier.Result all = verifier.verifyAll(done -> { });
        assertThat(all.ok()).isTrue();
        assertThat(all.accountsChecked()).isEqualTo(2);
        assertThat(all.eventsChecked()).isEqualTo(10);
        assertThat(verifier.verifyAccount("A-1").eventsChecked()).isEqualTo(5);
    }

    @RepeatedTest(5)
    void anEditedPayloadFieldIsFoundAtItsEvent() {
        long sequence = ThreadLocalRandom.current().nextLong(5);
        Document commit = commitHolding("A-1", sequence);
        List<Document> events = new ArrayList<>(commit.getList(EVENTS, Document.class));
        for (Document event : events) {
            if (event.getLong("sequence") == sequence) {
                event.get("payload", Document.class).put("agentId", "agent-8");
            }
        }
        replaceEvents(commit, events);

        ChainVerifier.BrokenLink link = verifier.verifyAll(done -> { }).brokenLink();
        assertThat(link.accountId()).isEqualTo("A-1");
        assertThat(link.sequence()).isEqualTo(sequence);
        assertThat(link.problem()).contains("edited");
    }

    @Test
    void aDeletedEventIsFound() {
        Document commit = commitHolding("A-2", 1);
        replaceEvents(commit, List.of(commit.getList(EVENTS, Document.class).get(0)));

        ChainVerifier.Result result = verifier.verifyAccount("A-2");
        assertThat(result.ok()).isFalse();
        assertThat(result.brokenLink().sequence()).isEqualTo(1);
        assertThat(result.brokenLink().problem()).isEqualTo("an event is missing");
    }

    @Test
    void deletingTheLastCommitIsFoundThroughTheStream() {
        commits().deleteOne(Filters.eq("_id", commitHolding("A-2", 4).get("_id")));

        assertThat(verifier.verifyAccount("A-2").brokenLink().problem())
                .isEqualTo("a commit the account's stream lists is missing");
    }

    @Test
    void twoEventsSwappedAreFound() {
        Document commit = commitHolding("A-1", 3);
        List<Document> events = commit.getList(EVENTS, Document.class);
        Document third = new Document(events.get(0));
        Document fourth = new Document(events.get(1));
        // Swap what the events say, keeping each slot's sequence and position.
        Document swappedThird = new Document(fourth).append("sequence", 3L).append("position", third.get("position"));
        Document swappedFourth = new Document(third).append("sequence", 4L).append("position", fourth.get("position"));
        replaceEvents(commit, List.of(swappedThird, swappedFourth));

        ChainVerifier.BrokenLink link = verifier.verifyAccount("A-1").brokenLink();
        assertThat(link.sequence()).isEqualTo(3);
        assertThat(link.problem()).isEqualTo("prevHash is not the hash of the event before");
    }

    @Test
    void aForgedCommitInsertedDirectlyIsFound() {
        Document genuine = commitHolding("A-1", 2);
        Document event = new Document(genuine.getList(EVENTS, Document.class).get(0)).append("sequence", 5L)
                .append("position", 1_000L);
        Document forged = new Document(genuine).append("_id", 1_000L).append("lastPosition", 1_000L)
                .append("firstSequence", 5L).append("lastSequence", 5L).append(EVENTS, List.of(event));
        commits().insertOne(forged);

        ChainVerifier.Result all = verifier.verifyAll(done -> { });
        assertThat(all.ok()).isFalse();
        assertThat(all.brokenLink().position()).isEqualTo(1_000L);
        assertThat(all.brokenLink().problem()).isEqualTo("a commit in the store that the account's stream does not list");
        assertThat(verifier.verifyAccount("A-1").ok()).isFalse();
    }

    @Test
    void aForgedEventAppendedToACommitIsFound() {
        Document commit = commitHolding("A-2", 4);
        List<Document> events = new ArrayList<>(commit.getList(EVENTS, Document.class));
        Document forged = new Document(events.get(1)).append("sequence", 5L).append("eventId", "forged");
        events.add(forged);
        replaceEvents(commit, events);

        ChainVerifier.BrokenLink link = verifier.verifyAccount("A-2").brokenLink();
        assertThat(link.sequence()).isEqualTo(5);
    }
}
