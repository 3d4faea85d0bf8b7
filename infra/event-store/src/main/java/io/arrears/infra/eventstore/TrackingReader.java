package io.arrears.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.COMMITTED_AT;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS_PER_COMMIT_MAX;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_POSITION;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.TOMBSTONE;

/**
 * The engine's tracking read: commits handed out in position order, each event once. A position
 * reserved by a writer that has not inserted its commit yet is waited for; once it has stayed empty
 * past the gap timeout it is closed with a tombstone, so a dead writer never stalls the readers and a
 * late writer finds its positions taken and reserves others.
 */
final class TrackingReader {

    /** Positions asked for in one {@code _id $in} window of a tracking read. */
    static final int POSITIONS_PER_WINDOW = 256;
    /** Windows read in one tracking fetch. */
    static final int WINDOWS_PER_FETCH_MAX = 16;
    /** The most gaps a token tracks below its position. */
    static final int MAX_GAP_OFFSET = 10_000;
    static final int COMMIT_ENDS_REMEMBERED = 256;
    /** Positions before a resumed position first looked at for the commit holding it. */
    static final int LOOK_BACK_FIRST = 8;
    static final int LOOK_BACK_GROWTH = 16;
    /** How far below the head a head token looks for writers still in flight. */
    static final int HEAD_LOOKBACK_POSITIONS = 1_024;
    /**
     * How long tracking reads go by the positions they know to be reserved (read from the counter, or
     * reserved by this engine's own appends) before they read the counter again: other nodes'
     * appends are found within it, this node's at once.
     */
    static final long COUNTER_READ_EVERY_NANOS = Duration.ofMillis(100).toNanos();

    private static final Logger log = LoggerFactory.getLogger(MongoCommitEventStorageEngine.class);

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> commitsDelivered;
    private final MongoCollection<Document> counters;
    private final CommitBarrier commitBarrier;
    private final long gapTimeoutNanos;
    private final LongSupplier nanoTime;
    /** Null for an engine that writes unkeyed. */
    private final AuditKeyring keyring;
    private final ConcurrentMap<Long, Long> missingSinceNanos = new ConcurrentHashMap<>();
    /**
     * Positions where recent fetches ended, each the last of a commit: a reader resuming right after
     * one (a tailing reader, always) need not look back for a commit it is inside.
     */
    private final Set<Long> commitEnds = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                    return size() > COMMIT_ENDS_REMEMBERED;
                }
            }));
    /** Every position below it is known to be reserved. */
    private final AtomicLong reservedBelow = new AtomicLong();
    /** When the counter was last read; guarded by {@code this}. */
    private long counterReadNanos;
    private boolean counterRead;

    /**
     * @param commitsDelivered the commits as readers that hand events on read them (majority read
     *                         concern, payloads decoded into trees)
     */
    TrackingReader(MongoCollection<Document> commits, MongoCollection<Document> commitsDelivered,
                   MongoCollection<Document> counters, CommitBarrier commitBarrier, long gapTimeoutNanos,
                   LongSupplier nanoTime, AuditKeyring keyring) {
        this.commits = commits;
        this.commitsDelivered = commitsDelivered;
        this.counters = counters;
        this.commitBarrier = commitBarrier;
        this.gapTimeoutNanos = gapTimeoutNanos;
        this.nanoTime = nanoTime;
        this.keyring = keyring;
    }

    List<TrackedEventData<?>> fetch(TrackingToken lastToken, int batchSize) {
        GapAwareTrackingToken current = gapAware(lastToken);
        long reservedBelow = reservedBelow();
        List<TrackedEventData<?>> result = new ArrayList<>();
        boolean closed = false;
        // Gaps a token carries (from a head token, say) are filled first; they are rare and few.
        for (long gap : List.copyOf(current.getGaps())) {
            Document commit = commitsDelivered.find(eq(ID, gap)).first();
            if (commit != null) {
                current = deliver(commit, current, result);
            }
        }
        long expected = current.getIndex() + 1;
        // The last position this fetch knows to end a commit, where the next fetch may start without looking back.
        long endSeen = -1;
        if (expected > 0 && expected < reservedBelow && !commitEnds.contains(expected - 1)) {
            Document resumed = commitCovering(expected);
            if (resumed != null) {
                current = deliver(resumed, current, result);
                expected = resumed.getLong(LAST_POSITION) + 1;
            }
            endSeen = expected - 1;
        }
        for (int window = 0; window < WINDOWS_PER_FETCH_MAX && expected < reservedBelow
                && result.size() < batchSize; window++) {
            long windowEnd = Math.min(expected + POSITIONS_PER_WINDOW, reservedBelow);
            List<Long> ids = new ArrayList<>((int) (windowEnd - expected));
            for (long position = expected; position < windowEnd; position++) {
                ids.add(position);
            }
            Map<Long, Document> found = new HashMap<>();
            for (Document commit : commitsDelivered.find(in(ID, ids)).batchSize(CommitSchema.COMMITS_A_REPLY)) {
                found.put(commit.getLong(ID), commit);
            }
            while (expected < windowEnd && result.size() < batchSize) {
                Document commit = found.get(expected);
                if (commit == null) {
                    // Reserved by a writer that has not inserted (yet): wait, or close it when overdue.
                    waitFor(expected, reservedBelow);
                    if (!closeIfOverdue(expected)) {
                        return finish(result, closed, endSeen);
                    }
                    closed = true;
                    current = current.advanceTo(expected, MAX_GAP_OFFSET);
                    expected++;
                    continue;
                }
                forget(commit);
                current = deliver(commit, current, result);
                expected = commit.getLong(LAST_POSITION) + 1;
                endSeen = expected - 1;
            }
        }
        return finish(result, closed, endSeen);
    }

    /** Positions below {@code position} are reserved: this engine's writer reserved them. */
    void reserved(long position) {
        reservedBelow.accumulateAndGet(position, Math::max);
    }

    /** The positions known to be reserved, the counter read again when the last read is {@link #COUNTER_READ_EVERY_NANOS} old. */
    private long reservedBelow() {
        long now = nanoTime.getAsLong();
        synchronized (this) {
            if (!counterRead || now - counterReadNanos >= COUNTER_READ_EVERY_NANOS) {
                reserved(CommitSchema.reservedPositions(counters));
                counterReadNanos = now;
                counterRead = true;
            }
        }
        return reservedBelow.get();
    }

    /**
     * Ends a fetch. What it hands out is on disk first, as a majority read concern ensures on a
     * replica set: an event its writer has not yet seen durable could be lost in a crash while a
     * projection that applied it keeps its effect and a token past it (the embedded store commits
     * its views apart from its record). Tombstones closed in the fetch likewise: one lost in a crash
     * would let its writer's late commit land below a stored token. The commit end it saw last is
     * remembered for the fetch that resumes there.
     */
    private List<TrackedEventData<?>> finish(List<TrackedEventData<?>> result, boolean tombstonesWritten,
                                             long endSeen) {
        if (tombstonesWritten || !result.isEmpty()) {
            commitBarrier.awaitDurable();
        }
        if (endSeen >= 0) {
            commitEnds.add(endSeen);
        }
        return result;
    }

    /**
     * Starts waiting for {@code position} and, at the same moment, for every other position a dead
     * writer's commit could have held with it (up to {@link #EVENTS_PER_COMMIT_MAX} on) that no
     * stored commit covers: a dead reservation of any size then costs one gap timeout, not one a
     * position.
     */
    private void waitFor(long position, long reservedBelow) {
        if (missingSinceNanos.containsKey(position)) {
            return;
        }
        long now = nanoTime.getAsLong();
        for (long missing : unwritten(position, Math.min(position + EVENTS_PER_COMMIT_MAX, reservedBelow))) {
            missingSinceNanos.putIfAbsent(missing, now);
        }
    }

    /** The positions from {@code from} (inclusive) to {@code end} (exclusive) that no stored commit covers. */
    List<Long> unwritten(long from, long end) {
        List<Long> ids = new ArrayList<>((int) (end - from));
        for (long position = from; position < end; position++) {
            ids.add(position);
        }
        BitSet covered = new BitSet(ids.size());
        for (Document commit : commits.find(in(ID, ids)).projection(Projections.include(ID, LAST_POSITION))) {
            covered.set((int) (commit.getLong(ID) - from),
                    (int) (Math.min(commit.getLong(LAST_POSITION), end - 1) - from) + 1);
        }
        List<Long> unwritten = new ArrayList<>();
        for (int offset = covered.nextClearBit(0); offset < ids.size(); offset = covered.nextClearBit(offset + 1)) {
            unwritten.add(from + offset);
        }
        return unwritten;
    }

    /** A stored commit's positions are no longer waited for. */
    private void forget(Document commit) {
        if (missingSinceNanos.isEmpty()) {
            return;
        }
        for (long position = commit.getLong(ID); position <= commit.getLong(LAST_POSITION); position++) {
            missingSinceNanos.remove(position);
        }
    }

    /** Adds a commit's events that the token has not seen yet to {@code result}; tombstones add none. */
    private GapAwareTrackingToken deliver(Document commit, GapAwareTrackingToken token,
                                          List<TrackedEventData<?>> result) {
        GapAwareTrackingToken current = token;
        if (commit.getBoolean(TOMBSTONE, false)) {
            return advance(current, commit.getLong(ID), commit.getLong(LAST_POSITION));
        }
        for (StoredEvent event : commit.getList(EVENTS, StoredEvent.class)) {
            long position = event.position();
            if (position > current.getIndex() || current.getGaps().contains(position)) {
                current = current.advanceTo(position, MAX_GAP_OFFSET);
                result.add(new TrackedDomainEventData<>(current, StoredEventEntry.of(commit, event)));
            }
        }
        return current;
    }

    /**
     * The commit that holds {@code position} when the position is not the first of its commit, as
     * when a reader resumes after part of a commit; null otherwise. The commit holding the position
     * before is the one that may: looked for among the {@value #LOOK_BACK_FIRST} positions before,
     * then {@value #LOOK_BACK_GROWTH} times as many each time, up to a whole commit's worth.
     */
    private Document commitCovering(long position) {
        if (commits.find(eq(ID, position)).projection(Projections.include(ID)).first() != null) {
            return null;
        }
        long checkedFrom = position;
        for (long lookBack = LOOK_BACK_FIRST; checkedFrom > 0; lookBack *= LOOK_BACK_GROWTH) {
            long from = Math.max(0, Math.max(position - lookBack, position - EVENTS_PER_COMMIT_MAX + 1));
            List<Long> earlier = new ArrayList<>((int) (checkedFrom - from));
            for (long candidate = checkedFrom - 1; candidate >= from; candidate--) {
                earlier.add(candidate);
            }
            Document nearest = null;
            for (Document commit : commits.find(in(ID, earlier)).projection(Projections.include(ID, LAST_POSITION))) {
                if (nearest == null || commit.getLong(ID) > nearest.getLong(ID)) {
                    nearest = commit;
                }
            }
            if (nearest != null) {
                // Only the covering commit is read whole, not the ones before it.
                return nearest.getLong(LAST_POSITION) < position ? null
                        : commitsDelivered.find(eq(ID, nearest.getLong(ID))).first();
            }
            if (from == position - EVENTS_PER_COMMIT_MAX + 1) {
                return null;
            }
            checkedFrom = from;
        }
        return null;
    }

    /** How many positions this reader waits on now (reserved, not written): bounded by what is in flight. */
    int positionsWaitedFor() {
        return missingSinceNanos.size();
    }

    private static GapAwareTrackingToken gapAware(TrackingToken token) {
        if (token == null) {
            return GapAwareTrackingToken.newInstance(-1, List.of());
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware;
        }
        throw new IllegalArgumentException("this store reads with a GapAwareTrackingToken, not " + token);
    }

    private static GapAwareTrackingToken advance(GapAwareTrackingToken token, long first, long last) {
        GapAwareTrackingToken current = token;
        for (long position = first; position <= last; position++) {
            if (position > current.getIndex() || current.getGaps().contains(position)) {
                current = current.advanceTo(position, MAX_GAP_OFFSET);
            }
        }
        return current;
    }

    /**
     * Closes a reserved but empty position with a tombstone once it has been empty for longer than
     * the gap timeout. Returns true when the position is closed now.
     */
    private boolean closeIfOverdue(long position) {
        long now = nanoTime.getAsLong();
        Long since = missingSinceNanos.putIfAbsent(position, now);
        if (since == null || now - since < gapTimeoutNanos) {
            return false;
        }
        missingSinceNanos.remove(position);
        if (!insertTombstone(position, false)) {
            // The writer (or another reader) got there first: read again to see what it wrote.
            return false;
        }
        log.warn("Closed position {} with a tombstone: it stayed empty for over {} ms", position,
                Duration.ofNanos(gapTimeoutNanos).toMillis());
        return true;
    }

    /** @param durable whether to wait for the tombstone to be on disk (else the caller waits once for several) */
    boolean insertTombstone(long position, boolean durable) {
        Document tombstone = new Document(ID, position)
                .append(LAST_POSITION, position)
                .append(AGGREGATE_ID, "~tombstone-" + position)
                .append(FIRST_SEQUENCE, 0L)
                .append(LAST_SEQUENCE, 0L)
                .append(COMMITTED_AT, new Date())
                .append(TOMBSTONE, true)
                .append(EVENTS, List.of());
        try {
            commits.insertOne(keyring == null ? tombstone : CommitMacs.sealed(tombstone, keyring, keyring.currentId()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw new EventStoreException("closing a position failed", e);
            }
            return false;
        }
        if (durable) {
            commitBarrier.awaitDurable();
        }
        return true;
    }

    /** @see MongoCommitEventStorageEngine#createHeadToken() */
    GapAwareTrackingToken headToken() {
        long reserved = CommitSchema.reservedPositions(counters);
        if (reserved == 0) {
            return null;
        }
        return GapAwareTrackingToken.newInstance(reserved - 1,
                unwritten(Math.max(0, reserved - HEAD_LOOKBACK_POSITIONS), reserved));
    }

    /** The token before the first commit committed at or after {@code dateTime}; the head token if none is. */
    GapAwareTrackingToken tokenAt(Instant dateTime) {
        Document firstAfter = commits.find(gte(COMMITTED_AT, Date.from(dateTime))).sort(Sorts.ascending(ID))
                .projection(Projections.include(ID)).first();
        if (firstAfter == null) {
            return headToken();
        }
        long first = firstAfter.getLong(ID);
        return first == 0 ? null : GapAwareTrackingToken.newInstance(first - 1, List.of());
    }
}
