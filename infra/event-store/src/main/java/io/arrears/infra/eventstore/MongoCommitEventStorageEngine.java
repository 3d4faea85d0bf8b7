package io.arrears.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.ReadConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.arrears.kernel.audit.AuditMetadata;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;

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
 */
public class MongoCommitEventStorageEngine extends BatchingEventStorageEngine {

    public static final String COMMITS = "event_commits";
    public static final String COUNTERS = "event_counters";
    public static final String SNAPSHOTS = "event_snapshots";
    public static final String STREAMS = "event_streams";
    public static final String COMMIT_REFS = "commits";
    public static final String REF_POSITION = "position";
    public static final String REF_FIRST = "first";
    public static final String REF_LAST = "last";

    public static final String POSITION_COUNTER = "position";
    public static final String ID = "_id";
    public static final String LAST_POSITION = "lastPosition";
    public static final String AGGREGATE_ID = "aggregateId";
    public static final String AGGREGATE_TYPE = "aggregateType";
    public static final String FIRST_SEQUENCE = "firstSequence";
    public static final String LAST_SEQUENCE = "lastSequence";
    public static final String COMMITTED_AT = "committedAt";
    public static final String TOMBSTONE = "tombstone";
    public static final String EVENTS = "events";
    public static final String POSITION = "position";
    public static final String SEQUENCE = "sequence";
    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String REVISION = "revision";
    public static final String TIMESTAMP = "timestamp";
    public static final String PAYLOAD = "payload";
    public static final String METADATA = "metadata";
    public static final String PREV_HASH = "prevHash";
    public static final String HASH = "hash";
    /** The audit key a commit's MAC and its events' hashes are made with; absent on commits from before the seal. */
    public static final String KEY_ID = "keyId";
    public static final String MAC = "mac";
    /** A snapshot's hash of the event it was taken after. */
    public static final String AFTER_HASH = "afterHash";

    /** Attempts to find free positions before an append gives up; each loss means a reader tombstoned ours. */
    static final int APPEND_ATTEMPTS_MAX = 8;
    /** Positions asked for in one {@code _id $in} window of a tracking read. */
    static final int POSITIONS_PER_WINDOW = 256;
    /** Windows read in one tracking fetch. */
    static final int WINDOWS_PER_FETCH_MAX = 16;
    /**
     * Events one read fetches: four windows of positions (Axon's default of 100 left most of each
     * window's commits unread, to be fetched again); an account's stream is read in one round trip
     * per thousand events rather than ten.
     */
    public static final int BATCH_SIZE = 4 * POSITIONS_PER_WINDOW;
    static final int MAX_GAP_OFFSET = 10_000;
    /** How far below the head a head token looks for writers still in flight. */
    static final int HEAD_LOOKBACK_POSITIONS = 1_024;
    /**
     * Events in one commit: what one command may write. A correction on a long-lived account
     * re-allocates every later payment, one event each, so this allows 22 years of daily payments
     * (300 such events measured 329 KB, so 8,192 are about 9 MB, under MongoDB's 16 MB a
     * document). It is bounded because a reader resuming inside a commit looks back at most this
     * many positions for its start (ids and last positions only), and a reader at a gap waits for
     * at most this many positions at once.
     */
    public static final int EVENTS_PER_COMMIT_MAX = 8_192;

    private static final Logger log = LoggerFactory.getLogger(MongoCommitEventStorageEngine.class);

    private final MongoCollection<Document> commits;
    /** The commits as read for delivery: payloads and metadata decoded straight into Jackson trees. */
    private final MongoCollection<Document> commitsRead;
    /**
     * The same, for readers that hand events on (processors, replays, time travel): only what a
     * majority of a replica set holds, so no reader delivers a commit that a failover then rolls
     * back while its writer retries it elsewhere. Loading an account for a command reads its own
     * acknowledged writes, which a majority holds already.
     */
    private final MongoCollection<Document> commitsDelivered;
    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> snapshots;
    private final AccountIndex accountIndex;
    private final MongoDatabase database;
    private final CommitBarrier commitBarrier;
    private final long gapTimeoutNanos;
    private final LongSupplier nanoTime;
    private final AppendObserver appendObserver;
    /** Null for an engine that writes unkeyed, as stores did before they were sealed (tests of that). */
    private final AuditKeyring keyring;
    private final SnapshotObserver snapshotObserver;
    private final TrackingReader trackingReader;
    private final ChainTips chainTips = new ChainTips();

    protected MongoCommitEventStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase database = builder.database;
        this.commits = database.getCollection(COMMITS);
        this.commitsRead = commits.withCodecRegistry(CodecRegistries.fromRegistries(
                CodecRegistries.fromCodecs(new CommitReadCodec()), commits.getCodecRegistry()));
        this.commitsDelivered = commitsRead.withReadConcern(ReadConcern.MAJORITY);
        this.counters = database.getCollection(COUNTERS);
        this.snapshots = database.getCollection(SNAPSHOTS);
        this.accountIndex = new AccountIndex(database);
        this.commitBarrier = builder.commitBarrier;
        this.gapTimeoutNanos = builder.gapTimeout.toNanos();
        this.nanoTime = builder.nanoTime;
        this.appendObserver = builder.appendObserver;
        this.keyring = builder.keyring;
        this.snapshotObserver = builder.snapshotObserver;
        this.database = database;
        this.trackingReader = new TrackingReader(commits, commitsDelivered, counters, commitBarrier,
                gapTimeoutNanos, nanoTime, keyring);
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
        StoreSeal.ensure(database, keyring, reservedPositions(), commitBarrier).ifPresent(seal ->
                log.info("Sealed the event store with audit key {}: commits from position {} on carry MACs",
                        seal.keyId(), seal.keyedFrom()));
    }

    // ---------------------------------------------------------------- append

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        if (events.size() > EVENTS_PER_COMMIT_MAX) {
            throw new EventStoreException("a commit holds at most " + EVENTS_PER_COMMIT_MAX + " events, not "
                    + events.size());
        }
        long startedNanos = nanoTime.getAsLong();
        Commit commit = prepareCommit(events, serializer);
        for (int attempt = 1; attempt <= APPEND_ATTEMPTS_MAX; attempt++) {
            long lastPosition = reservePositions(commit.events.size());
            long firstPosition = lastPosition - commit.events.size() + 1;
            try {
                commits.insertOne(commit.toDocument(firstPosition));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw new EventStoreException("appending a commit failed", e);
                }
                Document colliding = commit.aggregateId == null ? null : collidingCommit(commit);
                if (colliding != null) {
                    // Our positions will never hold events: close them now rather than make readers wait.
                    for (long position = firstPosition; position <= lastPosition; position++) {
                        insertTombstone(position);
                    }
                    // A writer that died before listing its commit left it out of the index; list it
                    // (if its MAC holds) so that the retried command loads it.
                    if (CommitMacs.holds(keyring, colliding)) {
                        accountIndex.list(commit.aggregateId, colliding.getLong(ID),
                                colliding.getLong(FIRST_SEQUENCE), colliding.getLong(LAST_SEQUENCE));
                    }
                    throw concurrencyConflict(commit);
                }
                log.info("Positions {}..{} were closed by a reader before our insert; retrying with fresh ones",
                        firstPosition, lastPosition);
                // The rest of the positions we give up would keep every reader waiting a gap timeout each.
                for (long position = firstPosition + 1; position <= lastPosition; position++) {
                    insertTombstone(position);
                }
                continue;
            }
            if (commit.aggregateId != null) {
                accountIndex.list(commit.aggregateId, firstPosition, commit.firstSequence, commit.lastSequence);
            }
            commitBarrier.awaitDurable();
            if (commit.aggregateId != null) {
                chainTips.remember(commit.aggregateId, commit.lastSequence, commit.lastHash(), lastPosition);
            }
            appendObserver.appended(events.size(), nanoTime.getAsLong() - startedNanos);
            return;
        }
        throw new EventStoreException("no free positions after " + APPEND_ATTEMPTS_MAX + " attempts");
    }

    private RuntimeException concurrencyConflict(Commit commit) {
        if (commit.firstSequence == 0) {
            return new AggregateStreamCreationException(
                    "an aggregate with id " + commit.aggregateId + " already exists");
        }
        return new ConcurrencyException("another commit appended sequence " + commit.firstSequence
                + " of aggregate " + commit.aggregateId + " first");
    }

    /**
     * The stored commit of our aggregate that takes our first or last sequence, looked up through the
     * unique indexes (exact matches, which the embedded server answers from them); null when our
     * insert collided on a position instead.
     */
    private Document collidingCommit(Commit commit) {
        for (String sequenceField : List.of(FIRST_SEQUENCE, LAST_SEQUENCE)) {
            long sequence = sequenceField.equals(FIRST_SEQUENCE) ? commit.firstSequence : commit.lastSequence;
            Document found = commits.find(new Document(AGGREGATE_ID, commit.aggregateId).append(sequenceField, sequence))
                    .projection(Projections.exclude(EVENTS + "." + PAYLOAD, EVENTS + "." + METADATA)).first();
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * The account's commits holding its events from {@code fromSequence} on, in sequence order: just
     * enough of them for {@code events} events, so reading a long stream batch by batch fetches each
     * commit once.
     */
    private List<Document> streamCommits(String aggregateId, long fromSequence, long events) {
        List<Long> positions = new ArrayList<>();
        for (AccountIndex.Ref ref : accountIndex.refsFrom(aggregateId, fromSequence, events)) {
            positions.add(ref.position());
        }
        if (positions.isEmpty()) {
            return List.of();
        }
        List<Document> found = new ArrayList<>(positions.size());
        commitsRead.find(in(ID, positions)).into(found);
        found.sort(java.util.Comparator.comparingLong(commit -> commit.getLong(FIRST_SEQUENCE)));
        return found;
    }

    /** Reserves {@code count} consecutive positions and returns the last; the projection keeps $inc exact. */
    private long reservePositions(int count) {
        Document counter = counters.findOneAndUpdate(eq(ID, POSITION_COUNTER), Updates.inc("value", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)
                        .projection(Projections.include("value")));
        Objects.requireNonNull(counter, "the position counter upserts");
        return ((Number) counter.get("value")).longValue() - 1;
    }

    private Commit prepareCommit(List<? extends EventMessage<?>> events, Serializer serializer) {
        String keyId = keyring == null ? null : keyring.currentId();
        String aggregateId = null;
        String aggregateType = null;
        long firstSequence = 0;
        long lastSequence = 0;
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain && domain.getType() != null) {
                if (aggregateId == null) {
                    aggregateId = domain.getAggregateIdentifier();
                    aggregateType = domain.getType();
                    firstSequence = domain.getSequenceNumber();
                } else if (!aggregateId.equals(domain.getAggregateIdentifier())) {
                    throw new EventStoreException("a commit appends to one aggregate, not to " + aggregateId
                            + " and " + domain.getAggregateIdentifier());
                }
                lastSequence = domain.getSequenceNumber();
            }
        }
        String previousHash = aggregateId == null ? EventHashes.GENESIS : previousHash(aggregateId, firstSequence);
        List<Document> entries = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            boolean domain = event instanceof DomainEventMessage<?> d && d.getType() != null;
            String streamId = domain ? ((DomainEventMessage<?>) event).getAggregateIdentifier()
                    : event.getIdentifier();
            long sequence = domain ? ((DomainEventMessage<?>) event).getSequenceNumber() : 0;
            SerializedObject<String> payload = event.serializePayload(serializer, String.class);
            SerializedObject<String> metadata = event.serializeMetaData(serializer, String.class);
            Document payloadDocument = Document.parse(payload.getData());
            Document metadataDocument = Document.parse(metadata.getData());
            String timestamp = event.getTimestamp().toString();
            String revision = payload.getType().getRevision();
            Document content = EventHashes.canonicalContent(streamId, sequence, event.getIdentifier(),
                    payload.getType().getName(), revision, timestamp, payloadDocument, metadataDocument);
            String prevHash = domain ? previousHash : EventHashes.GENESIS;
            String hash = EventHashes.hash(keyring, keyId, prevHash, content);
            if (domain) {
                previousHash = hash;
            }
            entries.add(new Document(POSITION, null)
                    .append(SEQUENCE, sequence)
                    .append(EVENT_ID, event.getIdentifier())
                    .append(TYPE, payload.getType().getName())
                    .append(REVISION, revision)
                    .append(TIMESTAMP, timestamp)
                    .append(PAYLOAD, payloadDocument)
                    .append(METADATA, metadataDocument)
                    .append(PREV_HASH, prevHash)
                    .append(HASH, hash));
        }
        if (aggregateId == null) {
            // Events of no aggregate form a stream of their own, keyed like Axon's other engines do.
            return new Commit(null, "~event-" + events.get(0).getIdentifier(), null, 0, 0, entries, keyring, keyId);
        }
        return new Commit(aggregateId, aggregateId, aggregateType, firstSequence, lastSequence, entries, keyring,
                keyId);
    }

    private String previousHash(String aggregateId, long firstSequence) {
        if (firstSequence == 0) {
            return EventHashes.GENESIS;
        }
        String previous = hashOf(aggregateId, firstSequence - 1);
        if (previous == null) {
            // Axon appends a sequence only after loading the one before it, so this is a broken stream.
            throw new EventStoreException("aggregate " + aggregateId + " has no event " + (firstSequence - 1)
                    + " to chain to");
        }
        return previous;
    }

    /**
     * The global position of an aggregate's event if it is the newest this engine appended or read,
     * as a command's own last event is when it answers; otherwise empty. A position never changes
     * once its event is stored, so another node's later appends do not make this one wrong.
     */
    public OptionalLong recentPosition(String aggregateId, long sequence) {
        return chainTips.position(aggregateId, sequence);
    }

    /** @param keyId the audit key the events were hashed with and the commit is MACed with; null unkeyed */
    private record Commit(String aggregateId, String streamKey, String aggregateType, long firstSequence,
                          long lastSequence, List<Document> events, AuditKeyring keyring, String keyId) {

        Document toDocument(long firstPosition) {
            List<Document> positioned = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                Document event = new Document(events.get(i));
                event.put(POSITION, firstPosition + i);
                positioned.add(event);
            }
            Document commit = new Document(ID, firstPosition)
                    .append(LAST_POSITION, firstPosition + events.size() - 1)
                    .append(AGGREGATE_ID, streamKey)
                    .append(AGGREGATE_TYPE, aggregateType)
                    .append(FIRST_SEQUENCE, firstSequence)
                    .append(LAST_SEQUENCE, lastSequence)
                    .append(COMMITTED_AT, new Date())
                    .append(EVENTS, positioned);
            return keyId == null ? commit : withMac(commit, keyring, keyId);
        }

        String lastHash() {
            return events.get(events.size() - 1).getString(HASH);
        }
    }

    // ---------------------------------------------------------------- read one aggregate

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                    long firstSequenceNumber, int batchSize) {
        List<DomainEventData<?>> result = new ArrayList<>();
        long lastSequence = -1;
        String lastHash = null;
        long lastPosition = -1;
        for (Document commit : streamCommits(aggregateIdentifier, firstSequenceNumber, batchSize)) {
            for (StoredEvent event : commit.getList(EVENTS, StoredEvent.class)) {
                if (event.sequence() >= firstSequenceNumber) {
                    result.add(entry(commit, event));
                    lastSequence = event.sequence();
                    lastHash = event.hash();
                    lastPosition = event.position();
                }
            }
            if (result.size() >= batchSize) {
                break;
            }
        }
        if (lastHash != null) {
            chainTips.remember(aggregateIdentifier, lastSequence, lastHash, lastPosition);
        }
        return result;
    }

    /** An aggregate's events as recorded by an instant: those read, and the sequence of the last one recorded. */
    public record RecordedStream(List<DomainEventMessage<?>> events, long lastSequence) {
    }

    /**
     * An aggregate's stream as it stood at {@code instant}: its events up to the first one recorded
     * later (an aggregate's events are recorded one after another), and of those only the ones whose
     * stored payload type {@code wanted} accepts, deserialised through the upcasters. The others cost
     * their sequence, type and timestamp, which a first read fetches for the whole stream; a second
     * fetches whole only the commits that hold a wanted event. An account of 10,000 contacts replayed
     * for its balance reads one commit whole, not a hundred.
     */
    public RecordedStream readRecordedBy(String aggregateId, Instant instant, Predicate<String> wanted) {
        List<Long> positions = new ArrayList<>();
        for (AccountIndex.Ref ref : accountIndex.refs(aggregateId)) {
            positions.add(ref.position());
        }
        if (positions.isEmpty()) {
            return new RecordedStream(List.of(), -1);
        }
        List<Document> headers = new ArrayList<>(positions.size());
        commits.withReadConcern(ReadConcern.MAJORITY).find(in(ID, positions)).projection(Projections.include(ID,
                FIRST_SEQUENCE, EVENTS + "." + SEQUENCE,
                EVENTS + "." + TYPE, EVENTS + "." + TIMESTAMP)).into(headers);
        headers.sort(java.util.Comparator.comparingLong(commit -> commit.getLong(FIRST_SEQUENCE)));
        long lastSequence = -1;
        List<Long> wantedCommits = new ArrayList<>();
        recorded:
        for (Document commit : headers) {
            boolean wantedHere = false;
            for (Document event : commit.getList(EVENTS, Document.class)) {
                if (StoredEventEntry.parse(event.getString(TIMESTAMP)).isAfter(instant)) {
                    if (wantedHere) {
                        wantedCommits.add(commit.getLong(ID));
                    }
                    break recorded;
                }
                lastSequence = event.getLong(SEQUENCE);
                wantedHere |= wanted.test(event.getString(TYPE));
            }
            if (wantedHere) {
                wantedCommits.add(commit.getLong(ID));
            }
        }
        List<Document> whole = new ArrayList<>(wantedCommits.size());
        if (!wantedCommits.isEmpty()) {
            commitsDelivered.find(in(ID, wantedCommits)).into(whole);
        }
        whole.sort(java.util.Comparator.comparingLong(commit -> commit.getLong(FIRST_SEQUENCE)));
        List<StoredEventEntry> entries = new ArrayList<>();
        for (Document commit : whole) {
            for (StoredEvent event : commit.getList(EVENTS, StoredEvent.class)) {
                if (event.sequence() <= lastSequence && wanted.test(event.type())) {
                    entries.add(entry(commit, event));
                }
            }
        }
        List<DomainEventMessage<?>> events = EventStreamUtils.upcastAndDeserializeDomainEvents(entries.stream(),
                getEventSerializer(), upcasterChain).asStream().collect(java.util.stream.Collectors.toList());
        return new RecordedStream(events, lastSequence);
    }

    /**
     * A stored event, read through {@link CommitReadCodec}, as Axon's entry; payload and metadata go
     * to the serializer as Jackson trees, built from their BSON when it reads them.
     */
    static StoredEventEntry entry(Document commit, StoredEvent event) {
        LazyTree metadata = event.metadata().with(AuditMetadata.PREV_HASH, event.prevHash(), AuditMetadata.HASH,
                event.hash());
        return new StoredEventEntry(commit.getString(AGGREGATE_TYPE), commit.getString(AGGREGATE_ID),
                event.sequence(), event.eventId(), event.timestamp(), event.type(), event.revision(), event.payload(),
                metadata);
    }

    // ---------------------------------------------------------------- tracking read

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return trackingReader.fetch(lastToken, batchSize);
    }

    /** How many positions readers are waiting on now (reserved, not written): bounded by what is in flight. */
    int positionsWaitedFor() {
        return trackingReader.positionsWaitedFor();
    }

    /** Every position below the returned one has been handed to a writer. */
    private long reservedPositions() {
        return reservedPositions(counters);
    }

    /** Every position below the returned one has been handed to a writer, as the counter in {@code counters} says. */
    public static long reservedPositions(MongoCollection<Document> counters) {
        Document counter = counters.find(eq(ID, POSITION_COUNTER)).first();
        return counter == null ? 0 : ((Number) counter.get("value")).longValue();
    }

    /** Closes a position for good, on disk before it returns; false when a commit or tombstone holds it already. */
    private boolean insertTombstone(long position) {
        return trackingReader.insertTombstone(position, true);
    }

    /** The commit with the key id it names and its MAC over every other field. */
    static Document withMac(Document commit, AuditKeyring keyring, String keyId) {
        commit.append(KEY_ID, keyId);
        return commit.append(MAC, CommitMacs.of(keyring, keyId, commit));
    }

    // ---------------------------------------------------------------- tokens

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    /**
     * The newest reserved position, with the positions below it that are reserved but not written
     * yet (writers in flight, up to {@link #HEAD_LOOKBACK_POSITIONS} back) as gaps: a processor that
     * starts here still reads their commits when they land.
     */
    @Override
    public TrackingToken createHeadToken() {
        long reserved = reservedPositions();
        if (reserved == 0) {
            return null;
        }
        return GapAwareTrackingToken.newInstance(reserved - 1,
                trackingReader.unwritten(Math.max(0, reserved - HEAD_LOOKBACK_POSITIONS), reserved));
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        Document firstAfter = commits.find(gte(COMMITTED_AT, Date.from(dateTime))).sort(Sorts.ascending(ID))
                .projection(Projections.include(ID)).first();
        if (firstAfter == null) {
            return createHeadToken();
        }
        long first = firstAfter.getLong(ID);
        return first == 0 ? null : GapAwareTrackingToken.newInstance(first - 1, List.of());
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * Stores a snapshot bound to the account's chain: it carries the hash of the event it was taken
     * after, and a MAC over all of it, so a snapshot edited in the store, or one from another
     * history, is never loaded.
     */
    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        SerializedObject<String> payload = snapshot.serializePayload(serializer, String.class);
        SerializedObject<String> metadata = snapshot.serializeMetaData(serializer, String.class);
        Document document = new Document(ID, snapshot.getAggregateIdentifier())
                .append(AGGREGATE_TYPE, snapshot.getType())
                .append(SEQUENCE, snapshot.getSequenceNumber())
                .append(EVENT_ID, snapshot.getIdentifier())
                .append(TIMESTAMP, snapshot.getTimestamp().toString())
                .append(TYPE, payload.getType().getName())
                .append(REVISION, payload.getType().getRevision())
                .append(PAYLOAD, Document.parse(payload.getData()))
                .append(METADATA, Document.parse(metadata.getData()));
        if (keyring != null) {
            String afterHash = hashOf(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber());
            if (afterHash == null) {
                log.warn("No event {} of {} to bind a snapshot to; none is stored", snapshot.getSequenceNumber(),
                        snapshot.getAggregateIdentifier());
                return;
            }
            document.append(AFTER_HASH, afterHash).append(KEY_ID, keyring.currentId());
            document.append(MAC, SnapshotMacs.of(keyring, keyring.currentId(), document));
        }
        // Only the newest snapshot is kept: it replaces an older one and never a newer one.
        Document stored = snapshots.find(eq(ID, snapshot.getAggregateIdentifier()))
                .projection(Projections.include(SEQUENCE)).first();
        if (stored == null || stored.getLong(SEQUENCE) < snapshot.getSequenceNumber()) {
            snapshots.replaceOne(eq(ID, snapshot.getAggregateIdentifier()), document,
                    new ReplaceOptions().upsert(true));
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document snapshot = snapshots.find(eq(ID, aggregateIdentifier)).first();
        if (snapshot == null) {
            return Stream.empty();
        }
        if (keyring != null) {
            String problem = SnapshotMacs.problem(keyring, snapshot,
                    hashOf(aggregateIdentifier, snapshot.getLong(SEQUENCE)));
            if (problem != null) {
                log.warn("The snapshot of {} is discarded and the account replayed from its events: {}",
                        aggregateIdentifier, problem);
                snapshotObserver.rejected();
                return Stream.empty();
            }
        }
        return Stream.of(new StoredEventEntry(snapshot.getString(AGGREGATE_TYPE), aggregateIdentifier,
                snapshot.getLong(SEQUENCE), snapshot.getString(EVENT_ID), snapshot.getString(TIMESTAMP),
                snapshot.getString(TYPE), snapshot.getString(REVISION),
                LazyTree.of(StoredJson.tree(snapshot.get(PAYLOAD, Document.class))),
                LazyTree.of(StoredJson.tree(snapshot.get(METADATA, Document.class)))));
    }

    /** The stored hash of an aggregate's event, or null when there is none. */
    private String hashOf(String aggregateId, long sequence) {
        Optional<String> tip = chainTips.hash(aggregateId, sequence);
        if (tip.isPresent()) {
            return tip.get();
        }
        for (Document commit : streamCommits(aggregateId, sequence, 1)) {
            for (StoredEvent event : commit.getList(EVENTS, StoredEvent.class)) {
                if (event.sequence() == sequence) {
                    return event.hash();
                }
            }
        }
        return null;
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
