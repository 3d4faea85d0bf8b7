package io.arrears.infra.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.event.ContactLogged;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoCommitEventStorageEngineTest {

    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(5);

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private final AtomicLong fakeNanos = new AtomicLong();
    private MongoCommitEventStorageEngine engine;

    @BeforeEach
    void setUp() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("engine-test");
        engine = engine(fakeNanos::get);
    }

    private MongoCommitEventStorageEngine engine(java.util.function.LongSupplier nanoTime) {
        MongoCommitEventStorageEngine built = MongoCommitEventStorageEngine.builder()
                .database(database)
                .gapTimeout(GAP_TIMEOUT)
                .nanoTime(nanoTime)
                .eventSerializer(StoredForm.serializer())
                .snapshotSerializer(StoredForm.serializer())
                .build();
        built.ensureIndexes();
        return built;
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    static DomainEventMessage<ContactLogged> event(String accountId, long sequence) {
        ContactLogged payload = new ContactLogged(new AccountId(accountId), "C-" + sequence, ContactChannel.PHONE,
                ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, Instant.parse("2026-03-12T02:30:00Z"), "agent-7",
                null);
        return new GenericDomainEventMessage<>("CollectionAccount", accountId, sequence, payload);
    }

    private List<TrackedEventMessage<?>> readAll(TrackingToken from) {
        return engine.readEvents(from, false).collect(Collectors.toList());
    }

    private MongoCollection<Document> commits() {
        return database.getCollection(CommitSchema.COMMITS);
    }

    @Test
    void oneCommitIsOneDocumentAndReadsBackByAggregateAndByPosition() {
        engine.appendEvents(List.of(event("A-1", 0), event("A-1", 1), event("A-1", 2)));
        engine.appendEvents(List.of(event("A-2", 0)));

        assertThat(commits().countDocuments()).isEqualTo(2);
        assertThat(engine.readEvents("A-1").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(0L, 1L, 2L);
        List<TrackedEventMessage<?>> tracked = readAll(null);
        assertThat(tracked).extracting(e -> e.trackingToken().position().getAsLong()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(((DomainEventMessage<?>) tracked.get(3)).getAggregateIdentifier()).isEqualTo("A-2");
        assertThat(readAll(tracked.get(1).trackingToken())).hasSize(2);
    }

    @Test
    void anEventsPositionIsKnownFromTheAppendAndOtherwiseFromTheStreamDocument() {
        engine.appendEvents(List.of(event("A-1", 0), event("A-1", 1)));
        engine.appendEvents(List.of(event("A-2", 0)));
        engine.appendEvents(List.of(event("A-1", 2), event("A-1", 3)));
        CommitPositions positions = new CommitPositions(database, engine);
        CommitPositions fromStreams = new CommitPositions(database);

        assertThat(engine.recentPosition("A-1", 3)).hasValue(4L);
        assertThat(engine.recentPosition("A-1", 2)).isEmpty();
        assertThat(engine.recentPosition("A-3", 0)).isEmpty();
        for (long sequence = 0; sequence < 4; sequence++) {
            assertThat(positions.positionOf("A-1", sequence)).isEqualTo(fromStreams.positionOf("A-1", sequence))
                    .isEqualTo(List.of(0L, 1L, 3L, 4L).get((int) sequence));
        }
        assertThat(positions.positionOf("A-2", 0)).isEqualTo(2L);
    }

    @Test
    void anAccountAsRecordedByAnInstantIsItsStreamUpToTheFirstEventRecordedLaterWithOnlyTheWantedTypesRead() {
        java.util.Random random = new java.util.Random(5);
        Instant start = Instant.parse("2026-03-02T01:00:00Z");
        List<DomainEventMessage<?>> all = new ArrayList<>();
        long sequence = 0;
        for (int commit = 0; commit < 60; commit++) {
            List<DomainEventMessage<?>> events = new ArrayList<>();
            for (int i = random.nextInt(4); i >= 0; i--, sequence++) {
                Object payload = random.nextInt(3) == 0
                        ? new io.arrears.kernel.event.PromiseRecorded(new AccountId("A-1"), "P-" + sequence,
                        io.arrears.kernel.money.Money.parse("1.00", "CNY"), java.time.LocalDate.of(2026, 3, 9),
                        java.time.LocalDate.of(2026, 3, 2))
                        : event("A-1", sequence).getPayload();
                events.add(new GenericDomainEventMessage<>("CollectionAccount", "A-1", sequence, payload,
                        org.axonframework.messaging.MetaData.emptyInstance(), "e-" + sequence,
                        start.plusSeconds(sequence)));
            }
            engine.appendEvents(events);
            all.addAll(events);
        }
        java.util.function.Predicate<String> promises = type -> type.endsWith("PromiseRecorded");
        for (long seconds = -1; seconds <= sequence; seconds += 7) {
            Instant instant = start.plusSeconds(seconds).plusMillis(500);
            MongoCommitEventStorageEngine.RecordedStream recorded = engine.readRecordedBy("A-1", instant, promises);
            List<DomainEventMessage<?>> byThen = all.stream().takeWhile(e -> !e.getTimestamp().isAfter(instant)).toList();
            assertThat(recorded.lastSequence()).isEqualTo(byThen.isEmpty() ? -1 : byThen.get(byThen.size() - 1)
                    .getSequenceNumber());
            assertThat(recorded.events()).extracting(DomainEventMessage::getSequenceNumber, DomainEventMessage::getPayload)
                    .containsExactlyElementsOf(byThen.stream().filter(e -> promises.test(e.getPayloadType().getName()))
                            .map(e -> org.assertj.core.groups.Tuple.tuple(e.getSequenceNumber(), e.getPayload())).toList());
        }
        assertThat(engine.readRecordedBy("A-unknown", Instant.MAX, type -> true).lastSequence()).isEqualTo(-1);
    }

    @Test
    void aStreamLongerThanOneBatchReadsBackWholeAndInOrderFromAnySequence() {
        for (long first = 0; first < 301; first += 3) {
            engine.appendEvents(List.of(event("LONG-1", first), event("LONG-1", first + 1), event("LONG-1", first + 2)));
        }

        List<Long> all = engine.readEvents("LONG-1").asStream().map(DomainEventMessage::getSequenceNumber).toList();
        List<Long> fromMiddle = engine.readEvents("LONG-1", 151).asStream().map(DomainEventMessage::getSequenceNumber)
                .toList();

        assertThat(all).hasSize(303).isSorted().doesNotHaveDuplicates();
        assertThat(fromMiddle).hasSize(152).startsWith(151L, 152L).endsWith(302L);
    }

    @Test
    void payloadAndMetadataAreStoredAsReadableBson() {
        engine.appendEvents(List.of(event("A-1", 0).andMetaData(java.util.Map.of("actorId", "agent-7"))));

        Document stored = commits().find().first().getList(CommitSchema.EVENTS, Document.class)
                .get(0);
        assertThat(stored.get("payload", Document.class).getString("contactId")).isEqualTo("C-0");
        assertThat(stored.get("payload", Document.class).getString("occurredAt")).isEqualTo("2026-03-12T02:30:00Z");
        assertThat(stored.get("metadata", Document.class).getString("actorId")).isEqualTo("agent-7");
    }

    @Test
    void aSecondAppendOfTheSameSequenceIsAConflictAndWritesNothing() {
        engine.appendEvents(List.of(event("A-1", 0), event("A-1", 1)));

        assertThatThrownBy(() -> engine.appendEvents(List.of(event("A-1", 1))))
                .isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() -> engine.appendEvents(List.of(event("A-1", 0))))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(commits().countDocuments(Filters.eq("aggregateId", "A-1"))).isEqualTo(1);
        assertThat(readAll(null)).hasSize(2);
    }

    @Test
    void eachEventChainsToThePreviousHashOfItsAccount() {
        engine.appendEvents(List.of(event("A-1", 0), event("A-1", 1)));
        engine.appendEvents(List.of(event("A-2", 0)));
        engine.appendEvents(List.of(event("A-1", 2)));

        List<Document> chain = new ArrayList<>();
        commits().find(Filters.eq(CommitSchema.AGGREGATE_ID, "A-1"))
                .forEach(commit -> chain.addAll(commit.getList(CommitSchema.EVENTS, Document.class)));
        chain.sort(java.util.Comparator.comparingLong(e -> e.getLong("sequence")));
        String previous = EventHashes.GENESIS;
        for (Document event : chain) {
            assertThat(event.getString("prevHash")).isEqualTo(previous);
            Document content = EventHashes.canonicalContent("A-1", event.getLong("sequence"),
                    event.getString("eventId"), event.getString("type"), event.getString("revision"),
                    event.getString("timestamp"), event.get("payload", Document.class),
                    event.get("metadata", Document.class));
            assertThat(EventHashes.hash(previous, content)).isEqualTo(event.getString("hash"));
            previous = event.getString("hash");
        }
        assertThat(chain).hasSize(3);
    }

    @Test
    void aReservedPositionIsWaitedForAndClosedWithATombstoneOnlyAfterTheTimeout() {
        engine.appendEvents(List.of(event("A-1", 0)));
        reservePositionLikeAWriterThatDied();
        engine.appendEvents(List.of(event("A-2", 0)));

        assertThat(readAll(null)).extracting(e -> e.trackingToken().position().getAsLong()).containsExactly(0L);
        fakeNanos.addAndGet(GAP_TIMEOUT.toNanos() - 1);
        assertThat(readAll(null)).hasSize(1);

        fakeNanos.addAndGet(2);
        List<TrackedEventMessage<?>> afterTimeout = readAll(null);
        assertThat(afterTimeout).extracting(e -> e.trackingToken().position().getAsLong()).containsExactly(0L, 2L);
        assertThat(((GapAwareTrackingToken) afterTimeout.get(1).trackingToken()).getGaps()).isEmpty();
        assertThat(commits().find(Filters.eq("_id", 1L)).first().getBoolean("tombstone")).isTrue();
    }

    @Test
    void aWriterWhosePositionWasClosedRetriesWithFreshPositions() {
        long next = reservePositionLikeAWriterThatDied() + 1;
        commits().insertOne(new Document("_id", next).append("lastPosition", next)
                .append("aggregateId", "~tombstone-" + next).append("firstSequence", 0L).append("lastSequence", 0L)
                .append("tombstone", true).append("events", List.of()));

        engine.appendEvents(List.of(event("A-1", 0)));

        assertThat(commits().find(Filters.eq("aggregateId", "A-1")).first().getLong("_id")).isEqualTo(next + 1);
        fakeNanos.addAndGet(GAP_TIMEOUT.toNanos() + 1);
        readAll(null);
        fakeNanos.addAndGet(GAP_TIMEOUT.toNanos() + 1);
        assertThat(readAll(null)).extracting(e -> e.trackingToken().position().getAsLong()).containsExactly(next + 1);
    }

    @Test
    void theAggregateIsFoundAgainWhenItsWriterDiedBeforeListingTheCommit() {
        engine.appendEvents(List.of(event("A-1", 0)));
        engine.appendEvents(List.of(event("A-1", 1)));
        database.getCollection(CommitSchema.STREAMS).updateOne(
                Filters.eq("_id", AccountIndex.pageId("A-1", 1)),
                new Document("$pull", new Document("commits", new Document("first", 1L))));
        MongoCommitEventStorageEngine restarted = engine(fakeNanos::get);
        assertThat(restarted.readEvents("A-1").asStream().count()).isEqualTo(1);

        assertThatThrownBy(() -> restarted.appendEvents(List.of(event("A-1", 1))))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(restarted.readEvents("A-1").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(0L, 1L);
    }

    @Test
    void concurrentWritersAreSeenByATailingReaderExactlyOnceInPositionOrder() throws Exception {
        MongoCommitEventStorageEngine realClock = engine(System::nanoTime);
        int writers = 6;
        int commitsPerWriter = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicInteger conflicts = new AtomicInteger();
        Set<String> appended = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < commitsPerWriter; i++) {
                    // Half the commits go to accounts every writer shares, half to the writer's own.
                    String account = i % 2 == 0 ? "SHARED-" + (i % 3) : "OWN-" + writer + "-" + i;
                    while (true) {
                        long next = realClock.lastSequenceNumberFor(account).map(s -> s + 1).orElse(0L);
                        DomainEventMessage<ContactLogged> event = event(account, next);
                        try {
                            realClock.appendEvents(List.of(event));
                            appended.add(event.getIdentifier());
                            break;
                        } catch (ConcurrencyException | AggregateStreamCreationException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        int expected = writers * commitsPerWriter;
        Future<List<TrackedEventMessage<?>>> reader = pool.submit(() -> {
            List<TrackedEventMessage<?>> seen = new ArrayList<>();
            TrackingToken token = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (TrackedEventMessage<?> event : realClock.readEvents(token, false).toList()) {
                    seen.add(event);
                    token = event.trackingToken();
                }
            }
            return seen;
        });
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        List<TrackedEventMessage<?>> seen = reader.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(seen).hasSize(expected);
        assertThat(seen.stream().map(TrackedEventMessage::getIdentifier).collect(Collectors.toSet()))
                .isEqualTo(appended);
        List<Long> positions = seen.stream().map(e -> e.trackingToken().position().getAsLong()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        Set<String> accounts = new HashSet<>();
        seen.forEach(e -> accounts.add(((DomainEventMessage<?>) e).getAggregateIdentifier()));
        for (String account : accounts) {
            assertThat(realClock.readEvents(account).asStream().map(DomainEventMessage::getSequenceNumber).toList())
                    .isSorted().doesNotHaveDuplicates();
        }
        assertThat(conflicts.get()).as("writers on shared accounts collided and retried").isPositive();
    }

    @Test
    void appendsQueuedWhileACommitIsWrittenShareOneWriteAndAConflictRefusesOnlyItsOwn() throws Exception {
        List<Integer> insertedTogether = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean holdNextInsert = new java.util.concurrent.atomic.AtomicBoolean();
        try (MongoClient listening = listeningClient(event -> {
            if (event.getCommandName().equals("insert")
                    && event.getCommand().getString("insert").getValue().equals(CommitSchema.COMMITS)) {
                insertedTogether.add(event.getCommand().getArray("documents").size());
                if (holdNextInsert.getAndSet(false)) {
                    awaitQuietly(release);
                }
            }
        })) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine listened = engine(fakeNanos::get);
            listened.appendEvents(List.of(event("A-1", 0)));
            insertedTogether.clear();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            holdNextInsert.set(true);
            Future<?> held = pool.submit(() -> listened.appendEvents(List.of(event("B-1", 0))));
            org.awaitility.Awaitility.await().until(() -> insertedTogether.size() == 1);
            // Queued one after another, so their order in the shared write (and their positions) is known.
            List<Future<?>> queued = new ArrayList<>();
            for (List<DomainEventMessage<?>> append : List.<List<DomainEventMessage<?>>>of(List.of(event("C-1", 0)),
                    List.of(event("A-1", 0)), List.of(event("D-1", 0), event("D-1", 1)))) {
                queued.add(pool.submit(() -> listened.appendEvents(append)));
                int waiting = queued.size();
                org.awaitility.Awaitility.await().until(() -> listened.appendsWaiting() == waiting);
            }
            release.countDown();
            held.get(10, TimeUnit.SECONDS);
            queued.get(0).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> queued.get(1).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AggregateStreamCreationException.class);
            queued.get(2).get(10, TimeUnit.SECONDS);
            pool.shutdown();

            // B-1's write, then C-1, A-1 and D-1 in one insert; then A-1's positions closed one by one.
            assertThat(insertedTogether).startsWith(1, 3);
            for (String account : List.of("A-1", "B-1", "C-1", "D-1")) {
                assertThat(listened.readEvents(account).asStream().count()).as(account)
                        .isEqualTo(account.equals("D-1") ? 2 : 1);
            }
            // A-1's second commit closed its positions itself: no reader waits a gap timeout for them.
            assertThat(listened.readEvents(null, false).map(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier()))
                    .containsExactly("A-1", "B-1", "C-1", "D-1", "D-1");
            assertThat(listened.positionsWaitedFor()).isZero();
        }
    }

    @Test
    void aBatchIsListedAfterTheWriteLockSoTheNextBatchIsWrittenMeanwhile() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean holdNextListing = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean listingHeld = new java.util.concurrent.atomic.AtomicBoolean();
        try (MongoClient listening = listeningClient(event -> {
            if (event.getCommandName().equals("update")
                    && event.getCommand().getString("update").getValue().equals(CommitSchema.STREAMS)
                    && holdNextListing.getAndSet(false)) {
                listingHeld.set(true);
                awaitQuietly(release);
            }
        })) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine listened = engine(fakeNanos::get);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            holdNextListing.set(true);
            Future<?> held = pool.submit(() -> listened.appendEvents(List.of(event("B-1", 0))));
            org.awaitility.Awaitility.await().untilTrue(listingHeld);

            // While B-1's listing is held, C-1 is reserved, inserted, listed and acknowledged.
            pool.submit(() -> listened.appendEvents(List.of(event("C-1", 0)))).get(10, TimeUnit.SECONDS);
            assertThat(listened.readEvents("C-1").asStream().count()).isEqualTo(1);
            assertThat(held).as("B-1 is acknowledged only once it is listed").isNotDone();

            release.countDown();
            held.get(10, TimeUnit.SECONDS);
            pool.shutdown();
            assertThat(listened.readEvents("B-1").asStream().count()).isEqualTo(1);
            assertThat(listened.readEvents(null, false).map(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier()))
                    .containsExactly("B-1", "C-1");
        }
    }

    /** A client of the test's server that tells {@code started} of each command before sending it, on the sending thread. */
    private MongoClient listeningClient(java.util.function.Consumer<CommandStartedEvent> started) {
        return MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(server.connectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        started.accept(event);
                    }
                }).build());
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTrackingReadFindsItsOwnNodesAppendsAtOnceAndAnotherNodesOnceItReadsTheCounterAgain() {
        MongoCommitEventStorageEngine otherNode = engine(fakeNanos::get);
        assertThat(readAll(null)).isEmpty();

        engine.appendEvents(List.of(event("A-1", 0)));
        otherNode.appendEvents(List.of(event("B-1", 0)));
        engine.appendEvents(List.of(event("A-2", 0)));
        // Its own appends reserved up to A-2, so B-1 between them is read too.
        assertThat(readAll(null)).hasSize(3);

        otherNode.appendEvents(List.of(event("B-2", 0)));
        assertThat(readAll(null)).as("within the counter's read interval").hasSize(3);
        fakeNanos.addAndGet(TrackingReader.COUNTER_READ_EVERY_NANOS);
        assertThat(readAll(null)).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactly("A-1", "B-1", "A-2", "B-2");
    }

    @Test
    void aWriterThatDiedHolding256PositionsCostsOneGapTimeout() {
        engine.appendEvents(List.of(event("A-1", 0)));
        long first = reservePositionsLikeAWriterThatDied(256);
        engine.appendEvents(List.of(event("A-2", 0)));
        long after = first + 256;

        assertThat(readAll(null)).hasSize(1);
        fakeNanos.addAndGet(GAP_TIMEOUT.toNanos() + 1);
        assertThat(readAll(null)).extracting(e -> e.trackingToken().position().getAsLong())
                .containsExactly(0L, after);
        assertThat(engine.positionsWaitedFor()).isZero();
    }

    @Test
    void positionsWaitedForAreForgottenOnceTheyAreWritten() {
        for (int round = 0; round < 50; round++) {
            long reserved = reservePositionLikeAWriterThatDied();
            readAll(null);
            // The writer was slow, not dead: its commit arrives before the timeout.
            commits().insertOne(new Document("_id", reserved).append("lastPosition", reserved)
                    .append("aggregateId", "~tombstone-" + reserved).append("firstSequence", 0L)
                    .append("lastSequence", 0L).append("tombstone", true).append("events", List.of()));
            readAll(null);
        }
        assertThat(engine.positionsWaitedFor()).isZero();
    }

    @Test
    void aWriterThatLostItsFirstPositionClosesTheOthersItGaveUp() {
        long next = reservePositionLikeAWriterThatDied() + 1;
        commits().insertOne(new Document("_id", next).append("lastPosition", next)
                .append("aggregateId", "~tombstone-" + next).append("firstSequence", 0L).append("lastSequence", 0L)
                .append("tombstone", true).append("events", List.of()));

        engine.appendEvents(List.of(event("A-1", 0), event("A-1", 1), event("A-1", 2)));

        // It reserved next..next+2, lost next to the tombstone, and closed next+1 and next+2 itself.
        for (long position = next + 1; position <= next + 2; position++) {
            assertThat(commits().find(Filters.eq("_id", position)).first().getBoolean("tombstone")).isTrue();
        }
        assertThat(commits().find(Filters.eq("aggregateId", "A-1")).first().getLong("_id")).isEqualTo(next + 3);
    }

    @Test
    void aHeadTokenLeavesWritersInFlightBelowItAsGaps() {
        engine.appendEvents(List.of(event("A-1", 0)));
        long inFlight = reservePositionLikeAWriterThatDied();
        engine.appendEvents(List.of(event("A-2", 0)));

        TrackingToken head = engine.createHeadToken();
        commits().insertOne(new Document(commits().find(Filters.eq("aggregateId", "A-2")).first())
                .append("_id", inFlight).append("lastPosition", inFlight).append("aggregateId", "A-3")
                .append("events", List.of(new Document(commits().find(Filters.eq("aggregateId", "A-2")).first()
                        .getList("events", Document.class).get(0)).append("position", inFlight))));

        // The token's position is its index (the head); the event is the in-flight writer's, at the gap.
        assertThat(readAll(head)).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                .containsExactly("A-3");
    }

    /**
     * A tracking read hands out only what is durable, as a majority read concern does on a replica
     * set: the embedded store commits the projections apart from the events, and a projection must
     * never keep an event a crash took back.
     */
    @Test
    void aTrackingReadThatHandsOutEventsFirstMakesThemDurable() {
        AtomicInteger barriers = new AtomicInteger();
        MongoCommitEventStorageEngine durable = MongoCommitEventStorageEngine.builder()
                .database(database)
                .commitBarrier(barriers::incrementAndGet)
                .eventSerializer(StoredForm.serializer())
                .snapshotSerializer(StoredForm.serializer())
                .build();
        durable.appendEvents(List.of(event("A-1", 0)));
        barriers.set(0);

        List<TrackedEventMessage<?>> read = durable.readEvents(null, false).collect(Collectors.toList());

        assertThat(read).hasSize(1);
        assertThat(barriers).hasValue(1);
        barriers.set(0);
        assertThat(durable.readEvents(read.get(0).trackingToken(), false).count()).isZero();
        assertThat(barriers).hasValue(0);
    }

    @Test
    void readersThatHandEventsOnReadOnlyWhatAMajorityHolds() {
        List<BsonDocument> finds = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MongoClient listening = HeardFinds.client(server.connectionString(), finds)) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine listened = engine(fakeNanos::get);
            listened.appendEvents(List.of(event("A-1", 0), event("A-1", 1)));
            finds.clear();
            assertThat(listened.readEvents(null, false).collect(Collectors.toList())).hasSize(2);
            listened.readRecordedBy("A-1", Instant.now(), type -> true);
        }
        List<BsonDocument> ofCommits = finds.stream()
                .filter(find -> find.getString("find").getValue().equals(CommitSchema.COMMITS))
                .toList();
        assertThat(ofCommits).isNotEmpty().allSatisfy(find -> assertThat(find.getDocument("readConcern",
                new BsonDocument()).getString("level", new org.bson.BsonString("local")).getValue())
                .isEqualTo("majority"));
    }

    @Test
    void aReaderResumingInsideACommitReadsOnlyThatCommitWhole() {
        List<BsonDocument> finds = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MongoClient listening = HeardFinds.client(server.connectionString(), finds)) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine listened = engine(fakeNanos::get);
            for (long sequence = 0; sequence < 40; sequence += 4) {
                listened.appendEvents(List.of(event("A-1", sequence), event("A-1", sequence + 1),
                        event("A-1", sequence + 2), event("A-1", sequence + 3)));
            }
            finds.clear();
            // Resume after the 38th event: inside the last commit (36..39).
            List<TrackedEventMessage<?>> rest = listened.readEvents(GapAwareTrackingToken.newInstance(37, List.of()),
                    false).collect(Collectors.toList());
            assertThat(rest).hasSize(2);
        }
        List<BsonDocument> lookBack = finds.stream().filter(find -> find.getDocument("filter").containsKey("_id")
                && find.getDocument("filter").get("_id").isDocument()
                && find.getDocument("filter").getDocument("_id").containsKey("$in")
                && find.getDocument("filter").getDocument("_id").getArray("$in").size() > 1
                && find.getDocument("filter").getDocument("_id").getArray("$in").get(0).asInt64().getValue() == 37)
                .toList();
        assertThat(lookBack).singleElement().satisfies(find -> assertThat(find.getDocument("projection").keySet())
                .containsExactlyInAnyOrder("_id", "lastPosition"));
    }

    @Test
    void aReaderWaitingAtAPositionInFlightLooksBackOnlyAsFarAsTheCommitBefore() {
        List<BsonDocument> finds = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MongoClient listening = HeardFinds.client(server.connectionString(), finds)) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine listened = engine(fakeNanos::get);
            for (long sequence = 0; sequence < 40; sequence++) {
                listened.appendEvents(List.of(event("A-1", sequence)));
            }
            long inFlight = reservePositionLikeAWriterThatDied();
            finds.clear();
            // Caught up to the last written event; the next position is reserved and not written yet.
            assertThat(listened.readEvents(GapAwareTrackingToken.newInstance(inFlight - 1, List.of()), false)
                    .collect(Collectors.toList())).isEmpty();
        }
        List<Integer> lookedBack = finds.stream().filter(find -> find.getDocument("filter").containsKey("_id")
                        && find.getDocument("filter").get("_id").isDocument()
                        && find.getDocument("filter").getDocument("_id").containsKey("$in"))
                .map(find -> find.getDocument("filter").getDocument("_id").getArray("$in").size()).toList();
        // Before, every such read asked for the 8,191 positions before it, for each of which the
        // embedded server matched every commit it found against the whole list.
        assertThat(lookedBack).isNotEmpty().allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(
                TrackingReader.LOOK_BACK_FIRST));
    }

    @Test
    void aTailingReaderResumingWhereItsLastFetchEndedDoesNotLookBack() {
        List<TrackedEventMessage<?>> first;
        List<BsonDocument> finds = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MongoClient listening = HeardFinds.client(server.connectionString(), finds)) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine listened = engine(fakeNanos::get);
            listened.appendEvents(List.of(event("A-1", 0), event("A-1", 1)));
            first = listened.readEvents(null, false).collect(Collectors.toList());
            reservePositionLikeAWriterThatDied();
            listened.appendEvents(List.of(event("A-2", 0)));
            finds.clear();

            // Resumes after the commit it read whole; the next position is in flight.
            assertThat(listened.readEvents(first.get(1).trackingToken(), false).collect(Collectors.toList()))
                    .isEmpty();
        }
        // The window after it, and the wait for the position in flight; nothing at or before it.
        assertThat(finds).isNotEmpty().allSatisfy(find -> assertThat(find.getDocument("filter").getDocument("_id")
                .getArray("$in")).allSatisfy(position -> assertThat(position.asInt64().getValue())
                .isGreaterThan(first.get(1).trackingToken().position().getAsLong())));
    }

    @Test
    void aConflictLooksUpOnlyTheCollidingCommitThroughTheUniqueIndexes() {
        List<BsonDocument> finds = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MongoClient listening = HeardFinds.client(server.connectionString(), finds)) {
            database = listening.getDatabase("engine-test");
            MongoCommitEventStorageEngine listened = engine(fakeNanos::get);
            for (long sequence = 0; sequence < 30; sequence++) {
                listened.appendEvents(List.of(event("A-1", sequence)));
            }
            finds.clear();
            assertThatThrownBy(() -> listened.appendEvents(List.of(event("A-1", 12))))
                    .isInstanceOf(ConcurrencyException.class);
        }
        List<BsonDocument> byAggregate = finds.stream()
                .filter(find -> find.getString("find").getValue().equals(CommitSchema.COMMITS))
                .filter(find -> find.getDocument("filter").containsKey("aggregateId"))
                .toList();
        // Exact matches on (aggregateId, firstSequence) or (aggregateId, lastSequence), never a scan by
        // aggregateId alone; the first finds the colliding commit.
        assertThat(byAggregate).singleElement().satisfies(find -> assertThat(find.getDocument("filter"))
                .isEqualTo(BsonDocument.parse("{aggregateId: 'A-1', firstSequence: {$numberLong: '12'}}")));
    }

    @Test
    void aCollidingCommitWhoseMacFailsIsNotListed() {
        AuditKeyring keyring = AuditKeyring.generate("k1");
        MongoCommitEventStorageEngine keyed = StoredFormEngines.engine(database, keyring);
        keyed.appendEvents(List.of(event("A-1", 0)));
        keyed.appendEvents(List.of(event("A-1", 1)));
        Document second = commits().find(Filters.eq("firstSequence", 1L)).first();
        database.getCollection(CommitSchema.STREAMS).updateOne(
                Filters.eq("_id", AccountIndex.pageId("A-1", 1)),
                new Document("$pull", new Document("commits", new Document("first", 1L))));
        commits().updateOne(Filters.eq("_id", second.get("_id")), new Document("$set",
                new Document("aggregateType", "Forged")));

        MongoCommitEventStorageEngine restarted = StoredFormEngines.engine(database, keyring);
        assertThatThrownBy(() -> restarted.appendEvents(List.of(event("A-1", 1))))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(restarted.readEvents("A-1").asStream().count()).as("the edited commit stays out").isEqualTo(1);
    }

    private long reservePositionsLikeAWriterThatDied(int count) {
        Document counter = database.getCollection(CommitSchema.COUNTERS).findOneAndUpdate(
                Filters.eq("_id", CommitSchema.POSITION_COUNTER),
                new Document("$inc", new Document("value", (long) count)),
                new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true)
                        .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER)
                        .projection(new Document("value", 1)));
        return counter.getLong("value") - count;
    }

    private long reservePositionLikeAWriterThatDied() {
        Document counter = database.getCollection(CommitSchema.COUNTERS).findOneAndUpdate(
                Filters.eq("_id", CommitSchema.POSITION_COUNTER),
                new Document("$inc", new Document("value", 1L)),
                new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true)
                        .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER)
                        .projection(new Document("value", 1)));
        return counter.getLong("value") - 1;
    }
}
