package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.arrears.infra.audit.ChainVerifier.Kind;
import io.arrears.infra.eventstore.AccountIndex;
import io.arrears.infra.eventstore.AnchorSink;
import io.arrears.infra.eventstore.Anchors;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.ChainSealer;
import io.arrears.infra.eventstore.CommitBarrier;
import io.arrears.infra.eventstore.CommitMacs;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.DirectoryAnchorSink;
import io.arrears.infra.eventstore.EventHashes;
import io.arrears.infra.eventstore.GlobalChain;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.event.ContactLogged;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static io.arrears.infra.eventstore.CommitSchema.COMMITS;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tampering with the store as a DBA would, each case on a fresh store of four accounts, hundreds of
 * commits, two gaps closed with tombstones, a snapshot, the global chain sealed and two anchors
 * published: verification must report every case with its kind and position, and a store nobody
 * touched must verify ok. {@code TamperIT} runs the cases on the embedded store's H2 file, as a
 * process of its own.
 */
public abstract class TamperCases {

    static final List<String> ACCOUNTS = List.of("T-1", "T-2", "T-3", "T-4");
    static final int COMMITS_PER_ACCOUNT = 60;
    /** Later than any commit's listing grace: an unlisted commit is no writer still at work. */
    private final Clock anHourLater = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
    private final AuditKeyring keyring = AuditKeyring.generate("tamper-test");

    @TempDir
    Path anchorsDir;
    private MongoDatabase database;
    private MongoCommitEventStorageEngine engine;
    private ChainSealer sealer;
    private AnchorSink sink;
    private final List<Long> gaps = new ArrayList<>();

    /** A database no case has used. */
    protected abstract MongoDatabase freshDatabase();

    @BeforeEach
    void aStoreOfHundredsOfCommitsSealedAndAnchored() {
        database = freshDatabase();
        engine = MongoCommitEventStorageEngine.builder().database(database).keyring(keyring)
                .gapTimeout(Duration.ZERO)
                .eventSerializer(StoredForm.serializer())
                .snapshotSerializer(StoredForm.serializer())
                .build();
        engine.ensureIndexes();
        engine.ensureSealed();
        sealer = new ChainSealer(database, keyring, CommitBarrier.NONE, Duration.ofSeconds(30), anHourLater);
        sink = new DirectoryAnchorSink(anchorsDir);
        Anchors anchors = new Anchors(database, sink, keyring, CommitBarrier.NONE, Clock.systemUTC());
        Random random = new Random(42);
        long[] sequences = new long[ACCOUNTS.size()];
        for (int round = 0; round < COMMITS_PER_ACCOUNT; round++) {
            for (int a = 0; a < ACCOUNTS.size(); a++) {
                int events = 1 + random.nextInt(2);
                List<DomainEventMessage<?>> commit = new ArrayList<>();
                for (int e = 0; e < events; e++) {
                    commit.add(event(ACCOUNTS.get(a), sequences[a]++));
                }
                engine.appendEvents(commit);
            }
            if (round == 20 || round == 40) {
                gaps.add(reserveAPositionNobodyWrites());
            }
            if (round == 30) {
                closeGapsWithTombstones();
                anchors.anchor(sealer.sealAvailable());
            }
        }
        engine.storeSnapshot(new GenericDomainEventMessage<>("CollectionAccount", "T-2", sequences[1] - 1,
                new Document("state", "as after event " + (sequences[1] - 1))));
        closeGapsWithTombstones();
        anchors.anchor(sealer.sealAvailable());
        assertThat(sink.list()).hasSize(2);
    }

    private static DomainEventMessage<ContactLogged> event(String accountId, long sequence) {
        ContactLogged payload = new ContactLogged(new AccountId(accountId), "C-" + sequence, ContactChannel.PHONE,
                ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, Instant.parse("2026-03-12T02:30:00Z"),
                "agent-7", null);
        return new GenericDomainEventMessage<>("CollectionAccount", accountId, sequence, payload);
    }

    /** A writer reserves a position and dies; the next commits go after it. */
    private long reserveAPositionNobodyWrites() {
        Document counter = counters().findOneAndUpdate(Filters.eq("_id", "position"), Updates.inc("value", 1L));
        return counter.getLong("value");
    }

    /** A reader waits at each gap, then closes it with a tombstone (no timeout here). */
    private void closeGapsWithTombstones() {
        for (int pass = 0; pass < 2; pass++) {
            engine.readEvents(null, false).collect(Collectors.toList());
        }
    }

    // ---------------------------------------------------------------- helpers

    private MongoCollection<Document> commits() {
        return database.getCollection(COMMITS);
    }

    private MongoCollection<Document> counters() {
        return database.getCollection(CommitSchema.COUNTERS);
    }

    private MongoCollection<Document> streams() {
        return database.getCollection(CommitSchema.STREAMS);
    }

    private ChainVerifier verifier() {
        return new ChainVerifier(database, keyring, anHourLater);
    }

    private ChainVerifier.BrokenLink broken() {
        ChainVerifier.Result result = verifier().verifyAll(done -> { }, sink.list());
        assertThat(result.ok()).as("verification found nothing").isFalse();
        return result.brokenLink();
    }

    private void assertFound(Kind kind, Long position) {
        ChainVerifier.BrokenLink link = broken();
        assertThat(link.kind()).as(link.toString()).isEqualTo(kind);
        assertThat(link.position()).as(link.toString()).isEqualTo(position);
    }

    /** The {@code index}-th commit of an account, in sequence order. */
    private Document commitOf(String account, int index) {
        return commits().find(Filters.eq("aggregateId", account)).sort(Sorts.ascending("_id")).skip(index).first();
    }

    private Document lastCommit() {
        return commits().find().sort(Sorts.descending("_id")).first();
    }

    private void replace(Document commit) {
        commits().replaceOne(Filters.eq("_id", commit.get("_id")), commit);
    }

    private static List<Document> events(Document commit) {
        return new ArrayList<>(commit.getList(EVENTS, Document.class));
    }

    // ---------------------------------------------------------------- the cases

    @Test
    void aStoreNobodyTouchedVerifiesOk() {
        ChainVerifier.Result result = verifier().verifyAll(done -> { }, sink.list());
        assertThat(result.ok()).as(String.valueOf(result.brokenLink())).isTrue();
        assertThat(result.commitsChecked()).isEqualTo(ACCOUNTS.size() * COMMITS_PER_ACCOUNT + gaps.size());
        assertThat(result.accountsChecked()).isEqualTo(ACCOUNTS.size());
        assertThat(result.notices()).isEmpty();
        for (String account : ACCOUNTS) {
            assertThat(verifier().verifyAccount(account).ok()).as(account).isTrue();
        }
    }

    @Test
    void anEditedPayload() {
        Document commit = commitOf("T-3", 17);
        List<Document> events = events(commit);
        events.get(0).get("payload", Document.class).put("outcome", "CONVERSATION");
        replace(commit.append(EVENTS, events));
        assertFound(Kind.EDITED, events.get(0).getLong("position"));
    }

    @Test
    void editedMetadata() {
        Document commit = commitOf("T-1", 5);
        List<Document> events = events(commit);
        events.get(0).get("metadata", Document.class).put("actorId", "someone-else");
        replace(commit.append(EVENTS, events));
        assertFound(Kind.EDITED, events.get(0).getLong("position"));
    }

    @Test
    void anEventsPositionChanged() {
        Document commit = commitOf("T-2", 30);
        List<Document> events = events(commit);
        events.get(0).put("position", events.get(0).getLong("position") + 1);
        replace(commit.append(EVENTS, events));
        assertFound(Kind.REORDERED, events.get(0).getLong("position"));
    }

    @Test
    void aCommitsIdChanged() {
        Document commit = commitOf("T-4", 12);
        commits().deleteOne(Filters.eq("_id", commit.get("_id")));
        commits().insertOne(new Document(commit).append("_id", 1_000_000L));
        assertFound(Kind.MISSING, commit.getLong("_id"));
    }

    @Test
    void committedAtChanged() {
        Document commit = commitOf("T-1", 44);
        replace(commit.append("committedAt", new Date(0)));
        assertFound(Kind.EDITED, commit.getLong("_id"));
        assertThat(broken().field()).isEqualTo("commit");
    }

    @Test
    void aggregateTypeChanged() {
        Document commit = commitOf("T-3", 3);
        replace(commit.append("aggregateType", "SomethingElse"));
        assertFound(Kind.EDITED, commit.getLong("_id"));
    }

    @Test
    void aCommitDeletedFromTheMiddle() {
        Document commit = commitOf("T-2", 25);
        commits().deleteOne(Filters.eq("_id", commit.get("_id")));
        assertFound(Kind.MISSING, commit.getLong("_id"));
    }

    @Test
    void theHeadDeleted() {
        Document head = lastCommit();
        commits().deleteOne(Filters.eq("_id", head.get("_id")));
        assertFound(Kind.TRUNCATED, head.getLong("_id"));
    }

    @Test
    void theTailTruncatedWithTheStreamAndTheChainFixedUp() {
        // As a careful insider: the last commits, their listing, the counter and the chain's batches.
        List<Document> tail = commits().find().sort(Sorts.descending("_id")).limit(12).into(new ArrayList<>());
        long firstGone = tail.get(tail.size() - 1).getLong("_id");
        for (Document commit : tail) {
            commits().deleteOne(Filters.eq("_id", commit.get("_id")));
            String account = commit.getString("aggregateId");
            if (!account.startsWith("~")) {
                streams().updateOne(Filters.eq("_id", AccountIndex.pageId(account, commit.getLong("firstSequence"))),
                        Updates.pull("commits", new Document("position", commit.getLong("_id"))));
                streams().updateOne(Filters.eq("_id", account),
                        Updates.min("lastSequence", commit.getLong("firstSequence") - 1));
            }
        }
        streams().find().forEach(page -> {
            if (page.containsKey("commits") && page.getList("commits", Document.class).isEmpty()) {
                streams().deleteOne(Filters.eq("_id", page.get("_id")));
            }
        });
        counters().updateOne(Filters.eq("_id", "position"), Updates.set("value", firstGone));
        database.getCollection(GlobalChain.BATCHES).deleteMany(Filters.gte("last", firstGone));
        database.getCollection(GlobalChain.HEADS).deleteMany(new Document());

        ChainVerifier.BrokenLink link = broken();
        assertThat(link.kind()).as(link.toString()).isEqualTo(Kind.TRUNCATED);
        assertThat(link.problem()).contains("anchor 1");
    }

    @Test
    void sequencesSwapped() {
        Document commit = commits().find(Filters.eq("aggregateId", "T-1")).into(new ArrayList<>()).stream()
                .filter(c -> c.getList(EVENTS, Document.class).size() == 2).findFirst().orElseThrow();
        List<Document> events = events(commit);
        long first = events.get(0).getLong("sequence");
        events.get(0).put("sequence", first + 1);
        events.get(1).put("sequence", first);
        replace(commit.append(EVENTS, events));
        assertFound(Kind.REORDERED, events.get(0).getLong("position"));
    }

    @Test
    void aForgedCommitWithRecomputedUnkeyedHashes() {
        Document last = commitOf("T-4", COMMITS_PER_ACCOUNT - 1);
        Document lastEvent = events(last).get(events(last).size() - 1);
        long sequence = last.getLong("lastSequence") + 1;
        long position = counters().find(Filters.eq("_id", "position")).first().getLong("value");
        Document forgedEvent = new Document(lastEvent).append("sequence", sequence).append("position", position)
                .append("eventId", "forged").append("prevHash", lastEvent.getString("hash"));
        forgedEvent.put("hash", unkeyedHash("T-4", forgedEvent));
        Document forged = new Document(last).append("_id", position).append("lastPosition", position)
                .append("firstSequence", sequence).append("lastSequence", sequence)
                .append(EVENTS, List.of(forgedEvent));
        forged.remove("keyId");
        forged.remove("mac");
        commits().insertOne(forged);
        counters().updateOne(Filters.eq("_id", "position"), Updates.inc("value", 1L));
        streams().updateOne(Filters.eq("_id", AccountIndex.pageId("T-4", sequence)), Updates.push("commits",
                new Document("position", position).append("first", sequence).append("last", sequence)));
        streams().updateOne(Filters.eq("_id", "T-4"), Updates.set("lastSequence", sequence));
        assertFound(Kind.FORGED, position);
    }

    @Test
    void anAccountsChainRecomputedWithThePublicAlgorithm() {
        List<Document> account = commits().find(Filters.eq("aggregateId", "T-3")).sort(Sorts.ascending("_id"))
                .into(new ArrayList<>());
        String previous = EventHashes.GENESIS;
        for (Document commit : account) {
            List<Document> events = events(commit);
            for (Document event : events) {
                if (event.getLong("sequence") == 7) {
                    event.get("payload", Document.class).put("agentId", "agent-0");
                }
                event.put("prevHash", previous);
                event.put("hash", unkeyedHash("T-3", event));
                previous = event.getString("hash");
            }
            commit.append(EVENTS, events).remove("keyId");
            commit.remove("mac");
            replace(commit);
        }
        assertFound(Kind.FORGED, account.get(0).getLong("_id"));
    }

    @Test
    void aTombstoneSetOnARealCommit() {
        Document commit = commitOf("T-1", 33);
        replace(commit.append("tombstone", true));
        assertFound(Kind.TOMBSTONE_OVER_COMMIT, commit.getLong("_id"));
    }

    @Test
    void aTombstoneRemovedFromARealGap() {
        long gap = gaps.get(0);
        assertThat(commits().find(Filters.eq("_id", gap)).first().getBoolean("tombstone")).isTrue();
        commits().deleteOne(Filters.eq("_id", gap));
        assertFound(Kind.MISSING, gap);
    }

    @Test
    void anEditedSnapshot() {
        MongoCollection<Document> snapshots = database.getCollection(CommitSchema.SNAPSHOTS);
        snapshots.updateOne(Filters.eq("_id", "T-2"), Updates.set("payload.state", "something else"));
        ChainVerifier.BrokenLink link = broken();
        assertThat(link.kind()).isEqualTo(Kind.SNAPSHOT);
        assertThat(link.accountId()).isEqualTo("T-2");
        assertThat(verifier().verifyAccount("T-2").brokenLink().kind()).isEqualTo(Kind.SNAPSHOT);
        // The engine will not load it: the account is replayed from its events instead.
        assertThat(engine.readEvents("T-2").peek()).satisfies(first -> assertThat(first.getSequenceNumber()).isZero());
    }

    @Test
    void anEditedStreamDocument() {
        Document middle = commitOf("T-4", 20);
        streams().updateOne(Filters.eq("_id", AccountIndex.pageId("T-4", middle.getLong("firstSequence"))),
                Updates.pull("commits", new Document("position", middle.getLong("_id"))));
        assertFound(Kind.UNLISTED, middle.getLong("_id"));
    }

    @Test
    void aStreamDocumentListingAnotherAccountsCommit() {
        Document other = commitOf("T-1", 10);
        streams().updateOne(Filters.eq("_id", AccountIndex.pageId("T-2", 0)), Updates.push("commits",
                new Document("position", other.getLong("_id")).append("first", 999L).append("last", 999L)));
        assertFound(Kind.FORGED, other.getLong("_id"));
    }

    @Test
    void anIndexPagePastTheAccountsEnd() {
        // Where a load that reads on until a page is missing would pick up another account's commit.
        Document other = commitOf("T-1", 10);
        long past = database.getCollection(CommitSchema.STREAMS).find(Filters.eq("_id", "T-2"))
                .first().getLong("lastSequence") + 1 + AccountIndex.SEQUENCES_PER_PAGE;
        streams().insertOne(new Document("_id", AccountIndex.pageId("T-2", past)).append("commits", List.of(
                new Document("position", other.getLong("_id")).append("first", past).append("last", past))));
        ChainVerifier.BrokenLink link = broken();
        assertThat(link.kind()).as(link.toString()).isEqualTo(Kind.FORGED);
        assertThat(link.accountId()).isEqualTo("T-2");
    }

    @Test
    void aDeletedAnchorFile() throws Exception {
        Files.delete(anchorsDir.resolve(sink.list().get(0).name()));
        assertThat(broken().kind()).isEqualTo(Kind.ANCHOR);
    }

    @Test
    void theNewestAnchorFileDeleted() throws Exception {
        Files.delete(anchorsDir.resolve(sink.list().get(1).name()));
        ChainVerifier.BrokenLink link = broken();
        assertThat(link.kind()).isEqualTo(Kind.ANCHOR);
        assertThat(link.problem()).contains("missing from the sink");
    }

    @Test
    void anEditedAnchorFile() throws Exception {
        Path file = anchorsDir.resolve(sink.list().get(0).name());
        Files.writeString(file, Files.readString(file).replaceFirst("\"position\": \\d+", "\"position\": 3"));
        assertThat(broken().kind()).isEqualTo(Kind.ANCHOR);
    }

    @Test
    void anchoredHistoryRewrittenWithTheKey() {
        // An insider holding the key: an account's newest event edited, its hash and the commit's MAC
        // made anew, and the global chain resealed from there. Only the anchors outside know better.
        Document commit = commitOf("T-1", COMMITS_PER_ACCOUNT - 1);
        List<Document> events = events(commit);
        Document event = events.get(events.size() - 1);
        event.get("payload", Document.class).put("outcome", "CONVERSATION");
        event.put("hash", EventHashes.hash(keyring, "tamper-test", event.getString("prevHash"),
                content("T-1", event)));
        commit.append(EVENTS, events).remove("mac");
        commit.append("mac", CommitMacs.of(keyring, "tamper-test", commit));
        replace(commit);
        database.getCollection(GlobalChain.BATCHES).deleteMany(Filters.gte("last", commit.getLong("_id")));
        database.getCollection(GlobalChain.HEADS).deleteMany(new Document());
        sealer.sealAvailable();

        ChainVerifier.BrokenLink link = broken();
        assertThat(link.kind()).as(link.toString()).isEqualTo(Kind.EDITED);
        assertThat(link.problem()).contains("anchor 1");
        assertThat(verifier().verifyAll(done -> { }).ok()).as("without the anchors it looks whole").isTrue();
    }

    private static String unkeyedHash(String account, Document event) {
        return EventHashes.hash(event.getString("prevHash"), content(account, event));
    }

    private static Document content(String account, Document event) {
        return EventHashes.canonicalContent(account, event.getLong("sequence"), event.getString("eventId"),
                event.getString("type"), event.getString("revision"), event.getString("timestamp"),
                event.get("payload", Document.class), event.get("metadata", Document.class));
    }
}
