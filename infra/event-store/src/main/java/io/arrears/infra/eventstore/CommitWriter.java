package io.arrears.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine.AppendObserver;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import static com.mongodb.client.model.Filters.eq;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS_PER_COMMIT_MAX;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.METADATA;
import static io.arrears.infra.eventstore.CommitSchema.PAYLOAD;
import static io.arrears.infra.eventstore.CommitSchema.POSITION_COUNTER;

/**
 * The engine's append: a commit's positions reserved with one {@code $inc}, the commit inserted as
 * one document, listed in the account index, and made durable before the append returns. A
 * collision on the aggregate's unique indexes is a concurrency conflict that wrote nothing; a
 * collision on a position (a reader closed it) is retried with fresh positions.
 *
 * <p>Appends from concurrent commands share those round trips: an append joins a queue, and whichever
 * caller holds the write lock takes every commit queued, reserving positions for them and inserting them
 * all at once. It lists them after letting go of the lock, so that the next batch's reservation and
 * insert overlap its listing: only positions need the lock's order, and listings commute ({@code $max},
 * {@code $addToSet}). Each caller then waits for its own commit to be listed and durable (which the
 * embedded store's group commit shares too). One caller's conflict refuses only its own commit.
 */
final class CommitWriter {

    /** Attempts to find free positions before an append gives up; each loss means a reader tombstoned ours. */
    static final int APPEND_ATTEMPTS_MAX = 8;

    private static final Logger log = LoggerFactory.getLogger(MongoCommitEventStorageEngine.class);

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> counters;
    private final AccountIndex accountIndex;
    private final AggregateStreams streams;
    private final TrackingReader trackingReader;
    private final ChainTips chainTips;
    private final CommitBarrier commitBarrier;
    /** Null for an engine that writes unkeyed. */
    private final AuditKeyring keyring;
    private final LongSupplier nanoTime;
    private final AppendObserver appendObserver;
    private final Queue<Append> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    CommitWriter(MongoCollection<Document> commits, MongoCollection<Document> counters, AccountIndex accountIndex,
                 AggregateStreams streams, TrackingReader trackingReader, ChainTips chainTips,
                 CommitBarrier commitBarrier, AuditKeyring keyring, LongSupplier nanoTime,
                 AppendObserver appendObserver) {
        this.commits = commits;
        this.counters = counters;
        this.accountIndex = accountIndex;
        this.streams = streams;
        this.trackingReader = trackingReader;
        this.chainTips = chainTips;
        this.commitBarrier = commitBarrier;
        this.keyring = keyring;
        this.nanoTime = nanoTime;
        this.appendObserver = appendObserver;
    }

    void append(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        if (events.size() > EVENTS_PER_COMMIT_MAX) {
            throw new EventStoreException("a commit holds at most " + EVENTS_PER_COMMIT_MAX + " events, not "
                    + events.size());
        }
        long startedNanos = nanoTime.getAsLong();
        Append append = new Append(PreparedCommit.of(events, serializer, keyring, streams::previousHash));
        waiting.add(append);
        List<Append> inserted = new ArrayList<>();
        writing.lock();
        try {
            while (!append.taken) {
                inserted.addAll(insertWaiting());
            }
        } finally {
            writing.unlock();
        }
        list(inserted);
        append.settled.join();
        if (append.failure != null) {
            if (append.closedPositions) {
                commitBarrier.awaitDurable();
            }
            throw append.failure;
        }
        // Also makes durable any positions its write closed, without holding up the appends queued.
        commitBarrier.awaitDurable();
        PreparedCommit commit = append.commit;
        if (commit.aggregateId() != null) {
            chainTips.remember(commit.aggregateId(), commit.lastSequence(), commit.lastHash(),
                    append.firstPosition + commit.events().size() - 1);
        }
        appendObserver.appended(events.size(), nanoTime.getAsLong() - startedNanos);
    }

    /**
     * An append waiting to be written, and how its write went. {@link #taken} is guarded by
     * {@link #writing}; the other fields are set before {@link #settled} completes and read after.
     */
    private static final class Append {

        final PreparedCommit commit;
        final CompletableFuture<Void> settled = new CompletableFuture<>();
        /** Whether a holder of the write lock has taken it from the queue into its batch. */
        boolean taken;
        long firstPosition;
        /** Whether positions it gave up were closed with tombstones, which its caller makes durable. */
        boolean closedPositions;
        /** Why it was not written; null while waiting and once written. */
        RuntimeException failure;

        Append(PreparedCommit commit) {
            this.commit = commit;
        }

        int size() {
            return commit.events().size();
        }

        void written() {
            settled.complete(null);
        }

        void failed(RuntimeException failure) {
            this.failure = failure;
            settled.complete(null);
        }
    }

    /**
     * Takes the appends waiting as one batch, as many as take at most as many positions as one commit
     * may hold (readers wait for a dead writer's reservation of that size with one timeout), and
     * inserts them; returns those inserted, to be listed, and settles the others.
     */
    private List<Append> insertWaiting() {
        List<Append> batch = new ArrayList<>();
        int positions = 0;
        for (Append next = waiting.peek(); next != null && (batch.isEmpty()
                || positions + next.size() <= EVENTS_PER_COMMIT_MAX); next = waiting.peek()) {
            batch.add(waiting.poll());
            next.taken = true;
            positions += next.size();
        }
        List<Append> inserted = new ArrayList<>(batch.size());
        try {
            List<Append> uninserted = batch;
            for (int attempt = 1; attempt <= APPEND_ATTEMPTS_MAX && !uninserted.isEmpty(); attempt++) {
                uninserted = insert(uninserted, inserted);
            }
            for (Append append : uninserted) {
                append.failed(new EventStoreException("no free positions after " + APPEND_ATTEMPTS_MAX + " attempts"));
            }
        } catch (RuntimeException e) {
            for (Append append : batch) {
                if (!append.settled.isDone() && !inserted.contains(append)) {
                    append.failed(new EventStoreException("appending a commit failed", e));
                }
            }
        }
        return inserted;
    }

    /**
     * Lists the commits inserted with one index write and settles them as written; if the write fails,
     * as failed (the chain's sealer lists such a commit later, as one whose writer died).
     */
    private void list(List<Append> inserted) {
        if (inserted.isEmpty()) {
            return;
        }
        List<AccountIndex.Listing> listings = new ArrayList<>(inserted.size());
        for (Append append : inserted) {
            PreparedCommit commit = append.commit;
            if (commit.aggregateId() != null) {
                listings.add(new AccountIndex.Listing(commit.aggregateId(), new AccountIndex.Ref(append.firstPosition,
                        commit.firstSequence(), commit.lastSequence())));
            }
        }
        try {
            accountIndex.list(listings);
        } catch (RuntimeException e) {
            inserted.forEach(append -> append.failed(new EventStoreException("listing a commit failed", e)));
            return;
        }
        inserted.forEach(Append::written);
    }

    /**
     * Reserves positions for every commit of {@code appends} with one {@code $inc} and inserts them with
     * one {@code insertMany}; adds those inserted to {@code inserted}, settles those refused, and returns
     * those whose positions a reader closed first, to be inserted again.
     */
    private List<Append> insert(List<Append> appends, List<Append> inserted) {
        int positions = appends.stream().mapToInt(Append::size).sum();
        long next = reservePositions(positions) - positions + 1;
        List<Document> documents = new ArrayList<>(appends.size());
        for (Append append : appends) {
            append.firstPosition = next;
            documents.add(append.commit.toDocument(next));
            next += append.size();
        }
        Map<Integer, BulkWriteError> refused = new HashMap<>();
        try {
            commits.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            e.getWriteErrors().forEach(error -> refused.put(error.getIndex(), error));
        }
        List<Append> retry = new ArrayList<>();
        for (int i = 0; i < appends.size(); i++) {
            Append append = appends.get(i);
            BulkWriteError error = refused.get(i);
            if (error == null) {
                inserted.add(append);
            } else if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                append.failed(new EventStoreException("appending a commit failed: " + error.getMessage()));
            } else if (!refusedAsConflict(append)) {
                retry.add(append);
            }
        }
        return retry;
    }

    /**
     * Settles an append whose insert collided: as a concurrency conflict when a commit of its
     * aggregate holds its sequences (true), or closes the positions it gives up when a reader closed
     * its first one (false: it is written again at fresh positions).
     */
    private boolean refusedAsConflict(Append append) {
        PreparedCommit commit = append.commit;
        long firstPosition = append.firstPosition;
        long lastPosition = firstPosition + append.size() - 1;
        Document colliding = commit.aggregateId() == null ? null : collidingCommit(commit);
        if (colliding == null) {
            log.info("Positions {}..{} were closed by a reader before our insert; retrying with fresh ones",
                    firstPosition, lastPosition);
            // The rest of the positions we give up would keep every reader waiting a gap timeout each.
            for (long position = firstPosition + 1; position <= lastPosition; position++) {
                insertTombstone(position);
            }
            append.closedPositions |= lastPosition > firstPosition;
            return false;
        }
        // Our positions will never hold events: close them now rather than make readers wait.
        for (long position = firstPosition; position <= lastPosition; position++) {
            insertTombstone(position);
        }
        append.closedPositions = true;
        // A writer that died before listing its commit left it out of the index; list it (if its MAC
        // holds) so that the retried command loads it.
        if (CommitMacs.holds(keyring, colliding)) {
            accountIndex.list(commit.aggregateId(), colliding.getLong(ID), colliding.getLong(FIRST_SEQUENCE),
                    colliding.getLong(LAST_SEQUENCE));
        }
        append.failed(concurrencyConflict(commit));
        return true;
    }

    int appendsWaiting() {
        return waiting.size();
    }

    private RuntimeException concurrencyConflict(PreparedCommit commit) {
        if (commit.firstSequence() == 0) {
            return new AggregateStreamCreationException(
                    "an aggregate with id " + commit.aggregateId() + " already exists");
        }
        return new ConcurrencyException("another commit appended sequence " + commit.firstSequence()
                + " of aggregate " + commit.aggregateId() + " first");
    }

    /**
     * The stored commit of our aggregate that takes our first or last sequence, looked up through the
     * unique indexes (exact matches, which the embedded server answers from them); null when our
     * insert collided on a position instead.
     */
    private Document collidingCommit(PreparedCommit commit) {
        for (String sequenceField : List.of(FIRST_SEQUENCE, LAST_SEQUENCE)) {
            long sequence = sequenceField.equals(FIRST_SEQUENCE) ? commit.firstSequence() : commit.lastSequence();
            Document found = commits.find(new Document(AGGREGATE_ID, commit.aggregateId()).append(sequenceField, sequence))
                    .projection(Projections.exclude(EVENTS + "." + PAYLOAD, EVENTS + "." + METADATA)).first();
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Reserves {@code count} consecutive positions and returns the last; the projection keeps $inc exact. */
    private long reservePositions(int count) {
        Document counter = counters.findOneAndUpdate(eq(ID, POSITION_COUNTER), Updates.inc("value", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)
                        .projection(Projections.include("value")));
        Objects.requireNonNull(counter, "the position counter upserts");
        long reservedBelow = ((Number) counter.get("value")).longValue();
        trackingReader.reserved(reservedBelow);
        return reservedBelow - 1;
    }

    /** Closes a position for good; its append's caller waits for it to be on disk, after the write lock. */
    private void insertTombstone(long position) {
        trackingReader.insertTombstone(position, false);
    }
}
