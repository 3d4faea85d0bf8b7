package io.arrears.infra.eventstore;

import com.mongodb.ReadConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.COMMITS;
import static io.arrears.infra.eventstore.CommitSchema.COUNTERS;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.SNAPSHOTS;

/**
 * Axon's storage engine SPI on MongoDB with one document per commit.
 *
 * <p>A commit (the events of one unit of work, all of one aggregate) is a single document, so an
 * append is atomic without transactions. Its {@code _id} is the first of a contiguous range of
 * global positions reserved from a counter document with {@code $inc}; a unique index on
 * (aggregateId, firstSequence) turns a concurrent append to the same aggregate into a
 * {@link ConcurrencyException} that wrote nothing.
 *
 * <p>Readers deliver events strictly in position order and wait at a position that is reserved but
 * not yet written. A position missing for longer than {@code gapTimeout} (its writer died between
 * reserving and inserting) is closed by inserting a tombstone document with that {@code _id}: the
 * {@code _id} index lets only one of writer and tombstone win, and a writer that lost retries with
 * fresh positions. So no reader skips or repeats an event.
 *
 * <p>The embedded server answers only lookups by {@code _id} quickly (it ignores secondary indexes
 * and scans for ranges), so every hot read is one: a tracking reader asks for a window of positions
 * with {@code _id $in}, and an aggregate is found through the {@link AccountIndex} (a head and pages
 * of commits by sequence, all by {@code _id}). The index is written after the commit and before the
 * append is acknowledged; a commit whose writer died before that is found again when the next
 * append to the aggregate collides with it on the unique index (looked up by exact match, which the
 * embedded server answers from that index), and listed then, or by the repair pass of the
 * {@link ChainSealer}.
 *
 * <p>Evidence: with an {@link AuditKeyring}, each event's hash is keyed and each commit and tombstone
 * carries a MAC over all its fields ({@link CommitMacs}); snapshots are MACed and bound to the event
 * they follow ({@link SnapshotMacs}) and are discarded when they do not verify. {@link ChainSealer}
 * links the commits into the global chain and {@link Anchors} publishes its head (docs/AUDIT.md).
 *
 * <p>This class is Axon's side of it; the work is done by its parts: {@link CommitWriter} appends,
 * {@link AggregateStreams} reads one aggregate, {@link TrackingReader} reads by position,
 * {@link Snapshots} keeps snapshots; {@link CommitSchema} names the collections and fields.
 */
public class MongoCommitEventStorageEngine extends BatchingEventStorageEngine {

    /**
     * Events one read fetches: four windows of positions (Axon's default of 100 left most of each
     * window's commits unread, to be fetched again); an account's stream is read in one round trip
     * per thousand events rather than ten.
     */
    public static final int BATCH_SIZE = 4 * TrackingReader.POSITIONS_PER_WINDOW;


    private static final Logger log = LoggerFactory.getLogger(MongoCommitEventStorageEngine.class);

    private final MongoDatabase database;
    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> counters;
    private final AccountIndex accountIndex;
    private final CommitBarrier commitBarrier;
    /** Null for an engine that writes unkeyed, as stores did before they were sealed (tests of that). */
    private final AuditKeyring keyring;
    private final ChainTips chainTips = new ChainTips();
    private final CommitWriter writer;
    private final AggregateStreams streams;
    private final TrackingReader trackingReader;
    private final Snapshots snapshots;
    private final AggregateLoads loads;

    protected MongoCommitEventStorageEngine(Builder builder) {
        super(builder);
        this.database = builder.database;
        this.commits = database.getCollection(COMMITS);
        this.counters = database.getCollection(COUNTERS);
        this.accountIndex = new AccountIndex(database);
        this.commitBarrier = builder.commitBarrier;
        this.keyring = builder.keyring;
        // As read for delivery: payloads and metadata decoded straight into Jackson trees.
        MongoCollection<Document> commitsRead = commits.withCodecRegistry(CodecRegistries.fromRegistries(
                CodecRegistries.fromCodecs(new CommitReadCodec()), commits.getCodecRegistry()));
        // For readers that hand events on (processors, replays, time travel): only what a majority of a
        // replica set holds, so no reader delivers a commit that a failover then rolls back while its
        // writer retries it elsewhere. Loading an account for a command reads its own acknowledged
        // writes, which a majority holds already.
        MongoCollection<Document> commitsDelivered = commitsRead.withReadConcern(ReadConcern.MAJORITY);
        this.trackingReader = new TrackingReader(commits, commitsDelivered, counters, commitBarrier,
                builder.gapTimeout.toNanos(), builder.nanoTime, keyring);
        this.streams = new AggregateStreams(commits, commitsRead, commitsDelivered, accountIndex, chainTips);
        this.snapshots = new Snapshots(database.getCollection(SNAPSHOTS), keyring, builder.snapshotObserver,
                streams, accountIndex);
        this.loads = new AggregateLoads(accountIndex, snapshots, streams);
        this.writer = new CommitWriter(commits, counters, accountIndex, streams, trackingReader, chainTips,
                commitBarrier, keyring, builder.nanoTime, builder.appendObserver);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the indexes the engine relies on and moves an account index from before pages to
     * pages; safe to call on every start and from every node.
     */
    public void ensureIndexes() {
        commits.createIndex(Indexes.ascending(AGGREGATE_ID, FIRST_SEQUENCE), new IndexOptions().unique(true)
                .name("aggregate_first_sequence"));
        commits.createIndex(Indexes.ascending(AGGREGATE_ID, LAST_SEQUENCE), new IndexOptions().unique(true)
                .name("aggregate_last_sequence"));
        accountIndex.movePagelessHeads();
    }

    /**
     * Seals the store once ({@link StoreSeal}): commits from the next free position on carry MACs
     * under the keyring. Safe to call on every start and from every node.
     */
    public void ensureSealed() {
        if (keyring == null) {
            return;
        }
        StoreSeal.ensure(database, keyring, CommitSchema.reservedPositions(counters), commitBarrier).ifPresent(seal ->
                log.info("Sealed the event store with audit key {}: commits from position {} on carry MACs",
                        seal.keyId(), seal.keyedFrom()));
    }

    // ---------------------------------------------------------------- append

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        writer.append(events, serializer);
    }

    /**
     * The global position of an aggregate's event if it is the newest this engine appended or read,
     * as a command's own last event is when it answers; otherwise empty. A position never changes
     * once its event is stored, so another node's later appends do not make this one wrong.
     */
    public OptionalLong recentPosition(String aggregateId, long sequence) {
        return chainTips.position(aggregateId, sequence);
    }

    // ---------------------------------------------------------------- read one aggregate

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                    long firstSequenceNumber, int batchSize) {
        return loads.events(aggregateIdentifier, firstSequenceNumber, batchSize);
    }

    /**
     * Reads ahead the streams of aggregates about to be loaded one after another, in four reads for
     * all of them, until the answer is closed; each aggregate's next load takes its stream instead of
     * reading it ({@link AggregateLoads}). For a caller that loads many accounts it does not hold, such
     * as the portfolio accrual run.
     */
    public ReadAhead readAhead(Collection<String> aggregateIds) {
        return loads.readAhead(aggregateIds);
    }

    /** An aggregate's events as recorded by an instant: those read, and the sequence of the last one recorded. */
    public record RecordedStream(List<DomainEventMessage<?>> events, long lastSequence) {
    }

    /**
     * An aggregate's stream as it stood at {@code instant}: its events up to the first one recorded
     * later (an aggregate's events are recorded one after another), and of those only the ones whose
     * stored payload type {@code wanted} accepts, deserialised through the upcasters.
     */
    public RecordedStream readRecordedBy(String aggregateId, Instant instant, Predicate<String> wanted) {
        return streams.readRecordedBy(aggregateId, instant, wanted, getEventSerializer(), upcasterChain);
    }

    // ---------------------------------------------------------------- tracking read

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return trackingReader.fetch(lastToken, batchSize);
    }

    /** How many appends are queued behind the one being written. */
    int appendsWaiting() {
        return writer.appendsWaiting();
    }

    /** How many positions readers are waiting on now (reserved, not written): bounded by what is in flight. */
    int positionsWaitedFor() {
        return trackingReader.positionsWaitedFor();
    }

    // ---------------------------------------------------------------- tokens

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    /**
     * The newest reserved position, with the positions below it that are reserved but not written
     * yet (writers in flight) as gaps: a processor that starts here still reads their commits when
     * they land.
     */
    @Override
    public TrackingToken createHeadToken() {
        return trackingReader.headToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return trackingReader.tokenAt(dateTime);
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * Stores a snapshot bound to the account's chain: it carries the hash of the event it was taken
     * after, and a MAC over all of it, so a snapshot edited in the store, or one from another
     * history, is never loaded.
     */
    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        snapshots.store(snapshot, serializer);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return loads.snapshot(aggregateIdentifier);
    }

    // ---------------------------------------------------------------- builder

    /** Told of each snapshot discarded because it does not verify, for metrics. */
    @FunctionalInterface
    public interface SnapshotObserver {
        void rejected();
    }

    /** Told of each append once it is durable, for metrics. */
    @FunctionalInterface
    public interface AppendObserver {
        void appended(int events, long nanos);
    }

    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private CommitBarrier commitBarrier = CommitBarrier.NONE;
        private Duration gapTimeout = Duration.ofSeconds(5);
        private LongSupplier nanoTime = System::nanoTime;
        private AuditKeyring keyring;

        /** Reads fetch {@link #BATCH_SIZE} events at a time unless told otherwise. */
        public Builder() {
            super.batchSize(BATCH_SIZE);
        }
        private AppendObserver appendObserver = (events, nanos) -> { };
        private SnapshotObserver snapshotObserver = () -> { };

        /** Hears every snapshot discarded because it does not verify. */
        public Builder snapshotObserver(SnapshotObserver snapshotObserver) {
            this.snapshotObserver = snapshotObserver;
            return this;
        }

        /** Hears every durable append: how many events, and how long it took including the flush. */
        public Builder appendObserver(AppendObserver appendObserver) {
            this.appendObserver = appendObserver;
            return this;
        }

        /** The keys commits are MACed and events hashed with; without it the engine writes unkeyed. */
        public Builder keyring(AuditKeyring keyring) {
            this.keyring = keyring;
            return this;
        }

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        public Builder commitBarrier(CommitBarrier commitBarrier) {
            this.commitBarrier = commitBarrier;
            return this;
        }

        /** How long a reserved position may stay empty before a reader closes it with a tombstone. */
        public Builder gapTimeout(Duration gapTimeout) {
            this.gapTimeout = gapTimeout;
            return this;
        }

        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        public Builder upcasterChain(org.axonframework.serialization.upcasting.event.EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            super.validate();
            if (database == null) {
                throw new AxonConfigurationException("the engine needs a MongoDatabase");
            }
            if (gapTimeout.isNegative()) {
                throw new AxonConfigurationException("gapTimeout may not be negative");
            }
        }

        public MongoCommitEventStorageEngine build() {
            validate();
            return new MongoCommitEventStorageEngine(this);
        }
    }
}
