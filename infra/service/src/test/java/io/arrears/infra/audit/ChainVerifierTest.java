package io.arrears.infra.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.arrears.infra.audit.ChainVerifier.Kind;
import io.arrears.infra.eventstore.AccountIndex;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.ChainSealer;
import io.arrears.infra.eventstore.CommitBarrier;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.EventHashes;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.eventstore.StoreSeal;
import io.arrears.infra.serialization.SerializationConfiguration;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way of tampering with the stored documents is found, with its kind, at the link where it
 * happened; an untouched store, a store from before keys and the same store sealed verify ok.
 */
class ChainVerifierTest {

    private final AuditKeyring keyring = AuditKeyring.generate("test-key");
    /** Later than every commit's listing grace: an unlisted commit is no writer still at work. */
    private final Clock anHourLater = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
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
        engine = SerializationConfiguration.storedFormEngine(database, keyring);
        engine.ensureSealed();
        verifier = new ChainVerifier(database, keyring, anHourLater);
        appendThreeCommitsEach(engine, "A-1", "A-2");
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    /** Two accounts of three commits each: sequences 0-1, 2, 3-4. */
    private static void appendThreeCommitsEach(MongoCommitEventStorageEngine engine, String... accounts) {
        for (String account : accounts) {
            engine.appendEvents(List.of(event(account, 0), event(account, 1)));
            engine.appendEvents(List.of(event(account, 2)));
            engine.appendEvents(List.of(event(account, 3), event(account, 4)));
        }
    }

    private static DomainEventMessage<ContactLogged> event(String accountId, long sequence) {
        ContactLogged payload = new ContactLogged(new AccountId(accountId), "C-" + sequence, ContactChannel.PHONE,
                ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, Instant.parse("2026-03-12T02:30:00Z"),
                "agent-7", null);
        return new GenericDomainEventMessage<>("CollectionAccount", accountId, sequence, payload);
    }

    private MongoCollection<Document> commits() {
        return database.getCollection(CommitSchema.COMMITS);
    }

    /** The commit of {@code account} holding {@code sequence}. */
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

    /** Takes a commit out of its account's index, as a DBA would: from the page of its first event. */
    private void unlist(Document commit) {
        database.getCollection(CommitSchema.STREAMS).updateOne(
                Filters.eq("_id", AccountIndex.pageId(commit.getString("aggregateId"), commit.getLong("firstSequence"))),
                Updates.pull("commits", new Document("position", commit.getLong("_id"))));
    }

    private void set(Document commit, String field, Object value) {
        commits().updateOne(Filters.eq("_id", commit.get("_id")), Updates.set(field, value));
    }

    private ChainVerifier.BrokenLink brokenInAll() {
        ChainVerifier.Result all = verifier.verifyAll(done -> { });
        assertThat(all.ok()).as("verify found nothing").isFalse();
        return all.brokenLink();
    }

    @Test
    void anUntouchedStoreVerifies() {
        ChainVerifier.Result all = verifier.verifyAll(done -> { });
        assertThat(all.ok()).as(String.valueOf(all.brokenLink())).isTrue();
        assertThat(all.accountsChecked()).isEqualTo(2);
        assertThat(all.eventsChecked()).isEqualTo(10);
        assertThat(all.commitsChecked()).isEqualTo(6);
        assertThat(verifier.verifyAccount("A-1").eventsChecked()).isEqualTo(5);
    }

    @Test
    void everyCommitCarriesTheKeyIdAndAMacAndEventsAKeyedHash() {
        Document commit = commitHolding("A-1", 0);
        assertThat(commit.getString("keyId")).isEqualTo("test-key");
        assertThat(commit.getString("mac")).hasSize(64);
        Document first = commit.getList(EVENTS, Document.class).get(0);
        Document content = EventHashes.canonicalContent("A-1", 0, first.getString("eventId"), first.getString("type"),
                first.getString("revision"), first.getString("timestamp"), first.get("payload", Document.class),
                first.get("metadata", Document.class));
        assertThat(first.getString("hash")).isEqualTo(EventHashes.hash(keyring, "test-key", EventHashes.GENESIS, content))
                .isNotEqualTo(EventHashes.hash(EventHashes.GENESIS, content));
    }

    @RepeatedTest(3)
    void anEditedPayloadFieldIsFoundAtItsEvent() {
        long sequence = ThreadLocalRandom.current().nextLong(5);
        Document commit = commitHolding("A-1", sequence);
        List<Document> events = new ArrayList<>(commit.getList(EVENTS, Document.class));
        Document edited = events.stream().filter(e -> e.getLong("sequence") == sequence).findFirst().orElseThrow();
        edited.get("payload", Document.class).put("agentId", "agent-8");
        set(commit, EVENTS, events);

        ChainVerifier.BrokenLink link = brokenInAll();
        assertThat(link.kind()).isEqualTo(Kind.EDITED);
        assertThat(link.accountId()).isEqualTo("A-1");
        assertThat(link.sequence()).isEqualTo(sequence);
        assertThat(link.position()).isEqualTo(edited.getLong("position"));
        assertThat(verifier.verifyAccount("A-1").brokenLink().kind()).isEqualTo(Kind.EDITED);
        assertThat(verifier.verifyAccount("A-2").ok()).isTrue();
    }

    @Test
    void editedMetadataIsFound() {
        Document commit = commitHolding("A-2", 2);
        List<Document> events = new ArrayList<>(commit.getList(EVENTS, Document.class));
        events.get(0).put("metadata", new Document("actorId", "someone-else"));
        set(commit, EVENTS, events);

        ChainVerifier.BrokenLink link = brokenInAll();
        assertThat(link.kind()).isEqualTo(Kind.EDITED);
        assertThat(link.sequence()).isEqualTo(2);
    }

    @Test
    void fieldsOutsideTheEventsAreCoveredByTheCommitsMac() {
        Document commit = commitHolding("A-1", 2);
        set(commit, "committedAt", new Date(0));
        assertThat(brokenInAll()).satisfies(link -> {
            assertThat(link.kind()).isEqualTo(Kind.EDITED);
            assertThat(link.position()).isEqualTo(commit.getLong("_id"));
            assertThat(link.field()).isEqualTo("commit");
        });
        set(commit, "committedAt", commit.get("committedAt"));
        assertThat(verifier.verifyAll(done -> { }).ok()).isTrue();

        set(commit, "aggregateType", "SomethingElse");
        assertThat(brokenInAll().kind()).isEqualTo(Kind.EDITED);
    }

    @Test
    void aCommitMovedToOtherPositionsIsFound() {
        Document commit = commitHolding("A-1", 2);
        commits().deleteOne(Filters.eq("_id", commit.get("_id")));
        long moved = 500;
        List<Document> events = new ArrayList<>(commit.getList(EVENTS, Document.class));
        events.get(0).put("position", moved);
        commits().insertOne(new Document(commit).append("_id", moved).append("lastPosition", moved)
                .append(EVENTS, events));
        database.getCollection(CommitSchema.COUNTERS).updateOne(Filters.eq("_id", "position"),
                Updates.set("value", moved + 1));

        ChainVerifier.BrokenLink link = brokenInAll();
        assertThat(link.position()).isEqualTo(moved);
        assertThat(link.kind()).isIn(Kind.EDITED, Kind.FORGED);
        assertThat(verifier.verifyAccount("A-1").ok()).isFalse();
    }

    @Test
    void aDeletedEventInsideACommitIsFound() {
        Document commit = commitHolding("A-2", 1);
        set(commit, EVENTS, List.of(commit.getList(EVENTS, Document.class).get(0)));

        ChainVerifier.BrokenLink link = verifier.verifyAccount("A-2").brokenLink();
        assertThat(link.kind()).isEqualTo(Kind.MISSING);
        assertThat(link.position()).isEqualTo(commit.getLong("_id"));
    }

    @Test
    void aDeletedCommitIsFoundThroughItsStream() {
        Document middle = commitHolding("A-2", 2);
        commits().deleteOne(Filters.eq("_id", middle.get("_id")));

        ChainVerifier.BrokenLink link = brokenInAll();
        assertThat(link.kind()).isEqualTo(Kind.MISSING);
        assertThat(link.accountId()).isEqualTo("A-2");
        assertThat(link.position()).isEqualTo(middle.getLong("_id"));
    }

    @Test
    void swappedSequencesAreFound() {
        Document commit = commitHolding("A-1", 3);
        List<Document> events = new ArrayList<>(commit.getList(EVENTS, Document.class));
        events.get(0).put("sequence", 4L);
        events.get(1).put("sequence", 3L);
        set(commit, EVENTS, events);

        ChainVerifier.BrokenLink link = brokenInAll();
        assertThat(link.kind()).isEqualTo(Kind.REORDERED);
        assertThat(link.position()).isEqualTo(events.get(0).getLong("position"));
    }

    @Test
    void aForgedCommitWithRecomputedUnkeyedHashesIsFound() {
        // The public algorithm, without the key: SHA-256 chained on from the account's last hash.
        Document last = commitHolding("A-1", 4);
        Document lastEvent = last.getList(EVENTS, Document.class).get(1);
        long position = 700;
        Document forgedEvent = new Document(lastEvent).append("sequence", 5L).append("position", position)
                .append("eventId", "forged").append("prevHash", lastEvent.getString("hash"));
        forgedEvent.put("hash", EventHashes.hash(lastEvent.getString("hash"), EventHashes.canonicalContent("A-1", 5,
                "forged", forgedEvent.getString("type"), forgedEvent.getString("revision"),
                forgedEvent.getString("timestamp"), forgedEvent.get("payload", Document.class),
                forgedEvent.get("metadata", Document.class))));
        Document forged = new Document(last).append("_id", position).append("lastPosition", position)
                .append("firstSequence", 5L).append("lastSequence", 5L).append(EVENTS, List.of(forgedEvent));
        forged.remove("keyId");
        forged.remove("mac");
        commits().insertOne(forged);
        database.getCollection(CommitSchema.STREAMS).updateOne(
                Filters.eq("_id", AccountIndex.pageId("A-1", 5)), Updates.push("commits",
                        new Document("position", position).append("first", 5L).append("last", 5L)));
        database.getCollection(CommitSchema.STREAMS).updateOne(Filters.eq("_id", "A-1"),
                Updates.set("lastSequence", 5L));
        database.getCollection(CommitSchema.COUNTERS).updateOne(Filters.eq("_id", "position"),
                Updates.set("value", position + 1));

        ChainVerifier.BrokenLink link = brokenInAll();
        assertThat(link.kind()).isEqualTo(Kind.FORGED);
        assertThat(link.position()).isEqualTo(position);
        assertThat(verifier.verifyAccount("A-1").brokenLink().kind()).isEqualTo(Kind.FORGED);
    }

    @Test
    void aCommitMacedWithAnotherKeyIsForged() {
        MongoCommitEventStorageEngine outsider = SerializationConfiguration.storedFormEngine(database,
                AuditKeyring.generate("outsider"));
        outsider.appendEvents(List.of(event("A-9", 0)));

        ChainVerifier.BrokenLink link = brokenInAll();
        assertThat(link.kind()).isEqualTo(Kind.FORGED);
        assertThat(link.field()).isEqualTo("keyId");
    }

    @Test
    void aTombstoneSetOnARealCommitIsFound() {
        Document commit = commitHolding("A-2", 2);
        set(commit, "tombstone", true);
        ChainVerifier.BrokenLink link = brokenInAll();
        assertThat(link.kind()).isEqualTo(Kind.TOMBSTONE_OVER_COMMIT);
        assertThat(link.position()).isEqualTo(commit.getLong("_id"));

        // Shaped like a tombstone through and through, it still fails the MAC it was written with.
        commits().replaceOne(Filters.eq("_id", commit.get("_id")), new Document(commit).append("tombstone", true)
                .append("aggregateId", "~tombstone-" + commit.getLong("_id")).append(EVENTS, List.of())
                .append("lastPosition", commit.getLong("_id")));
        assertThat(brokenInAll().kind()).isIn(Kind.TOMBSTONE_OVER_COMMIT, Kind.MISSING);
    }

    @Test
    void aCommitTheStreamNoLongerListsIsFound() {
        Document commit = commitHolding("A-1", 2);
        unlist(commit);

        ChainVerifier.BrokenLink link = brokenInAll();
        assertThat(link.kind()).isEqualTo(Kind.UNLISTED);
        assertThat(link.position()).isEqualTo(commit.getLong("_id"));
    }

    @Test
    void anAccountsNewestCommitNotListedYetIsANoticeWhileItsWriterMayBeAtWork() {
        // A writer between its insert and its listing: the newest commit, not in the stream yet.
        Document newest = commitHolding("A-2", 4);
        unlist(newest);
        database.getCollection(CommitSchema.STREAMS).updateOne(Filters.eq("_id", "A-2"),
                Updates.set("lastSequence", 2L));

        ChainVerifier.Result now = new ChainVerifier(database, keyring, Clock.systemUTC()).verifyAll(done -> { });
        assertThat(now.ok()).as(String.valueOf(now.brokenLink())).isTrue();
        assertThat(now.notices()).anySatisfy(notice -> assertThat(notice).contains("not listed in its stream yet"));
        assertThat(brokenInAll().kind()).isEqualTo(Kind.UNLISTED);
    }

    @Test
    void theSealerListsACommitWhoseWriterDiedBeforeListingItAndVerifyCallsThatANotice() {
        // The writer stored A-2's newest commit and died before listing it in the stream.
        Document orphan = commitHolding("A-2", 4);
        unlist(orphan);
        database.getCollection(CommitSchema.STREAMS).updateOne(Filters.eq("_id", "A-2"),
                Updates.set("lastSequence", 2L));
        ChainSealer sealer = new ChainSealer(database, keyring, CommitBarrier.NONE, Duration.ofSeconds(30),
                Clock.systemUTC());
        assertThat(sealer.sealAvailable().last()).as("the chain waits for a writer that may be listing")
                .isLessThan(orphan.getLong("_id"));

        ChainSealer later = new ChainSealer(database, keyring, CommitBarrier.NONE, Duration.ofSeconds(30),
                anHourLater);
        assertThat(later.sealAvailable().last()).isEqualTo(orphan.getLong("lastPosition"));
        assertThat(database.getCollection(ChainSealer.REPAIRS).find(Filters.eq("_id", orphan.getLong("_id"))).first())
                .isNotNull();
        ChainVerifier.Result result = verifier.verifyAll(done -> { });
        assertThat(result.ok()).as(String.valueOf(result.brokenLink())).isTrue();
        assertThat(result.notices()).anySatisfy(notice -> assertThat(notice).contains("repair"));
        assertThat(engine.readEvents("A-2").asStream().count()).isEqualTo(5);
    }

    @Test
    void anUnlistedCommitWhoseMacFailsIsNeverListed() {
        Document orphan = commitHolding("A-1", 4);
        unlist(orphan);
        database.getCollection(CommitSchema.STREAMS).updateOne(Filters.eq("_id", "A-1"),
                Updates.set("lastSequence", 2L));
        set(orphan, "aggregateType", "Forged");
        new ChainSealer(database, keyring, CommitBarrier.NONE, Duration.ofSeconds(30), anHourLater).sealAvailable();
        assertThat(engine.readEvents("A-1").asStream().count()).isEqualTo(3);
        assertThat(brokenInAll().position()).isEqualTo(orphan.getLong("_id"));
    }

    @Test
    void theSealRecordCannotBeRemovedOrMoved() {
        database.getCollection(StoreSeal.COLLECTION).updateOne(Filters.eq("_id", "seal"),
                Updates.set("keyedFrom", 1_000L));
        assertThat(brokenInAll().kind()).isEqualTo(Kind.SEAL);

        database.getCollection(StoreSeal.COLLECTION).deleteMany(new Document());
        assertThat(brokenInAll().kind()).isEqualTo(Kind.SEAL);
        assertThat(verifier.verifyAccount("A-1").brokenLink().kind()).isEqualTo(Kind.SEAL);
    }

    @Test
    void withoutTheKeysAKeyedStoreCannotBeVerified() {
        ChainVerifier keyless = new ChainVerifier(database, null, anHourLater);
        assertThat(keyless.verifyAll(done -> { }).brokenLink().kind()).isEqualTo(Kind.NO_KEY);
    }

    @Test
    void aStoreFromBeforeKeysVerifiesAndSoDoesItOnceSealed() {
        MongoDatabase old = client.getDatabase("before-keys");
        MongoCommitEventStorageEngine unkeyed = SerializationConfiguration.storedFormEngine(old);
        appendThreeCommitsEach(unkeyed, "OLD-1");
        assertThat(new ChainVerifier(old, keyring, anHourLater).verifyAll(done -> { }).ok()).isTrue();

        MongoCommitEventStorageEngine upgraded = SerializationConfiguration.storedFormEngine(old, keyring);
        upgraded.ensureSealed();
        upgraded.appendEvents(List.of(event("OLD-1", 5)));
        appendThreeCommitsEach(upgraded, "NEW-1");
        ChainVerifier.Result result = new ChainVerifier(old, keyring, anHourLater).verifyAll(done -> { });
        assertThat(result.ok()).as(String.valueOf(result.brokenLink())).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(11);
        assertThat(new ChainVerifier(old, keyring, anHourLater).verifyAccount("OLD-1").ok()).isTrue();
    }
}
