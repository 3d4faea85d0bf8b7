package io.arrears.infra.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.arrears.infra.eventstore.MongoCommitEventStorageEngineTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading one aggregate for a command: what it reads, on its own and from streams read ahead. */
class AggregateLoadsTest {

    private final List<EmbeddedEventStore> stores = new ArrayList<>();
    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void setUp() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("engine-test");
    }

    @AfterEach
    void tearDown() {
        stores.forEach(EmbeddedEventStore::shutDown);
        client.close();
        server.close();
    }

    /** An event store over the engine, shut down after the test. */
    private EmbeddedEventStore storeOver(MongoCommitEventStorageEngine engine) {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
        stores.add(store);
        return store;
    }

    @Test
    void aLoadReadsTheIndexOnceAndTheSnapshotsOnlyWhenTheAccountHasOne() {
        List<BsonDocument> finds = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MongoClient listening = HeardFinds.client(server.connectionString(), finds)) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine listened = StoredFormEngines.engine(database, null);
            EmbeddedEventStore store = storeOver(listened);
            listened.appendEvents(List.of(event("A-1", 0), event("A-1", 1)));
            listened.appendEvents(List.of(event("A-1", 2)));

            finds.clear();
            assertThat(store.readEvents("A-1").asStream().map(DomainEventMessage::getSequenceNumber))
                    .containsExactly(0L, 1L, 2L);
            assertThat(HeardFinds.byCollection(finds)).isEqualTo(Map.of(CommitSchema.STREAMS, 1L, CommitSchema.COMMITS, 1L));

            listened.storeSnapshot(new GenericDomainEventMessage<>("CollectionAccount", "A-1", 1,
                    event("A-1", 1).getPayload()));
            finds.clear();
            assertThat(store.readEvents("A-1").asStream().map(DomainEventMessage::getSequenceNumber))
                    .containsExactly(1L, 2L);
            assertThat(HeardFinds.byCollection(finds)).isEqualTo(Map.of(CommitSchema.STREAMS, 1L,
                    CommitSchema.SNAPSHOTS, 1L, CommitSchema.COMMITS, 1L));

            // A head from before snapshots were noted may have a snapshot it does not note.
            database.getCollection(CommitSchema.STREAMS).updateOne(new Document("_id", "A-1"),
                    new Document("$unset", new Document(AccountIndex.SNAPSHOT, "").append(AccountIndex.SNAPSHOTS_NOTED, "")));
            assertThat(store.readEvents("A-1").asStream().map(DomainEventMessage::getSequenceNumber))
                    .containsExactly(1L, 2L);
        }
    }


    /**
     * Three accounts and a stranger: a short one, one loaded from a snapshot (MACed, so its check
     * needs the hash of the event it follows), and one whose commits go on past its first page.
     */
    private void appendAccounts(MongoCommitEventStorageEngine engine) {
        engine.appendEvents(List.of(event("A-1", 0), event("A-1", 1)));
        engine.appendEvents(List.of(event("A-1", 2)));
        engine.appendEvents(List.of(event("A-2", 0), event("A-2", 1)));
        engine.storeSnapshot(new GenericDomainEventMessage<>("CollectionAccount", "A-2", 1, event("A-2", 1).getPayload()));
        engine.appendEvents(List.of(event("A-2", 2)));
        engine.appendEvents(List.of(event("A-2", 3)));
        List<DomainEventMessage<?>> longOne = new ArrayList<>();
        LongStream.range(0, AccountIndex.SEQUENCES_PER_PAGE - 6).forEach(sequence -> longOne.add(event("A-3", sequence)));
        engine.appendEvents(longOne);
        LongStream.range(AccountIndex.SEQUENCES_PER_PAGE - 6, AccountIndex.SEQUENCES_PER_PAGE + 10)
                .forEach(sequence -> engine.appendEvents(List.of(event("A-3", sequence))));
    }

    private static List<Long> sequences(EmbeddedEventStore store, String accountId) {
        return store.readEvents(accountId).asStream().map(DomainEventMessage::getSequenceNumber).toList();
    }

    @Test
    void loadsOfAccountsReadAheadReadNothingAndGiveWhatTheirOwnReadsGive() {
        List<BsonDocument> finds = new CopyOnWriteArrayList<>();
        try (MongoClient listening = HeardFinds.client(server.connectionString(), finds)) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine engine = StoredFormEngines.engine(database, AuditKeyring.generate("k1"));
            EmbeddedEventStore store = storeOver(engine);
            appendAccounts(engine);
            List<List<Long>> ownReads = List.of(sequences(store, "A-1"), sequences(store, "A-2"), sequences(store, "A-3"));
            assertThat(ownReads.get(1)).as("from the snapshot").containsExactly(1L, 2L, 3L);

            finds.clear();
            try (ReadAhead ahead = engine.readAhead(List.of("A-1", "A-2", "A-3", "A-9"))) {
                assertThat(ahead.aggregates()).as("the long one and the stranger are not read ahead").isEqualTo(2);
                assertThat(HeardFinds.byCollection(finds)).isEqualTo(Map.of(CommitSchema.STREAMS, 2L,
                        CommitSchema.SNAPSHOTS, 1L, CommitSchema.COMMITS, 1L));

                finds.clear();
                assertThat(sequences(store, "A-1")).isEqualTo(ownReads.get(0));
                assertThat(sequences(store, "A-2")).isEqualTo(ownReads.get(1));
                assertThat(finds).isEmpty();
                assertThat(sequences(store, "A-3")).isEqualTo(ownReads.get(2));
                assertThat(finds).isNotEmpty();

                finds.clear();
                assertThat(sequences(store, "A-1")).as("a stream is taken once").isEqualTo(ownReads.get(0));
                assertThat(HeardFinds.byCollection(finds)).isEqualTo(Map.of(CommitSchema.STREAMS, 1L,
                        CommitSchema.COMMITS, 1L));
            }
        }
    }

    /** The driver copies each reply for a listener through a doubling buffer; past 256 KB its arrays are humongous. */
    @Test
    void aReadAheadOfManyStreamsComesInRepliesTheDriverCopiesBelowHumongousArrays() {
        List<Integer> replyBytes = new CopyOnWriteArrayList<>();
        try (MongoClient listening = HeardFinds.replies(server.connectionString(), replyBytes)) {
            MongoCommitEventStorageEngine engine = StoredFormEngines.engine(listening.getDatabase("engine-test"),
                    AuditKeyring.generate("k1"));
            List<String> accounts = IntStream.range(0, 1_000).mapToObj(i -> "A-" + i).toList();
            accounts.forEach(account -> engine.appendEvents(List.of(event(account, 0), event(account, 1))));

            replyBytes.clear();
            try (ReadAhead ahead = engine.readAhead(accounts)) {
                assertThat(ahead.aggregates()).isEqualTo(1_000);
                assertThat(replyBytes.stream().mapToLong(Integer::longValue).sum()).as("all commits read")
                        .isGreaterThan(2 * 256 * 1024);
                assertThat(replyBytes).allSatisfy(bytes -> assertThat(bytes).isLessThan(256 * 1024));
            }
        }
    }

    @Test
    void whatNoLoadTookIsDroppedOnClose() {
        List<BsonDocument> finds = new CopyOnWriteArrayList<>();
        try (MongoClient listening = HeardFinds.client(server.connectionString(), finds)) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine engine = StoredFormEngines.engine(database, null);
            EmbeddedEventStore store = storeOver(engine);
            appendAccounts(engine);
            engine.readAhead(List.of("A-1")).close();

            finds.clear();
            assertThat(sequences(store, "A-1")).containsExactly(0L, 1L, 2L);
            assertThat(HeardFinds.byCollection(finds)).isEqualTo(Map.of(CommitSchema.STREAMS, 1L,
                    CommitSchema.COMMITS, 1L));
        }
    }

    /**
     * Another command appended after the read ahead: the load gives the old stream, the append after
     * it collides, as after any stale load, and the next load (the gateway's retry) reads afresh.
     */
    @Test
    void aStreamReadAheadThatAnAppendOvertookCollidesAndTheNextLoadReadsAfresh() {
        MongoCommitEventStorageEngine engine = StoredFormEngines.engine(database, AuditKeyring.generate("k1"));
        EmbeddedEventStore store = storeOver(engine);
        appendAccounts(engine);
        try (ReadAhead ahead = engine.readAhead(List.of("A-1"))) {
            engine.appendEvents(List.of(event("A-1", 3)));

            assertThat(sequences(store, "A-1")).containsExactly(0L, 1L, 2L);
            assertThatThrownBy(() -> engine.appendEvents(List.of(event("A-1", 3))))
                    .isInstanceOf(ConcurrencyException.class);
            assertThat(sequences(store, "A-1")).containsExactly(0L, 1L, 2L, 3L);
        }
    }

    /** A snapshot edited in the store is discarded on a load from the read ahead too; the account is replayed whole. */
    @Test
    void anEditedSnapshotReadAheadIsDiscardedAndTheAccountReplayed() {
        MongoCommitEventStorageEngine engine = StoredFormEngines.engine(database, AuditKeyring.generate("k1"));
        EmbeddedEventStore store = storeOver(engine);
        appendAccounts(engine);
        MongoCollection<Document> snapshots = database.getCollection(CommitSchema.SNAPSHOTS);
        snapshots.updateOne(Filters.eq("_id", "A-2"), new Document("$set", new Document("timestamp",
                "2026-01-01T00:00:00Z")));

        try (ReadAhead ahead = engine.readAhead(List.of("A-2"))) {
            assertThat(ahead.aggregates()).isEqualTo(1);
            assertThat(sequences(store, "A-2")).containsExactly(0L, 1L, 2L, 3L);
        }
    }
}
