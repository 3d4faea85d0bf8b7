package io.arrears.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
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

import java.util.List;
import java.util.Objects;
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
        PreparedCommit commit = PreparedCommit.of(events, serializer, keyring, streams::previousHash);
        for (int attempt = 1; attempt <= APPEND_ATTEMPTS_MAX; attempt++) {
            long lastPosition = reservePositions(commit.events().size());
            long firstPosition = lastPosition - commit.events().size() + 1;
            try {
                commits.insertOne(commit.toDocument(firstPosition));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw new EventStoreException("appending a commit failed", e);
                }
                Document colliding = commit.aggregateId() == null ? null : collidingCommit(commit);
                if (colliding != null) {
                    // Our positions will never hold events: close them now rather than make readers wait.
                    for (long position = firstPosition; position <= lastPosition; position++) {
                        insertTombstone(position);
                    }
                    // A writer that died before listing its commit left it out of the index; list it
                    // (if its MAC holds) so that the retried command loads it.
                    if (CommitMacs.holds(keyring, colliding)) {
                        accountIndex.list(commit.aggregateId(), colliding.getLong(ID),
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
            if (commit.aggregateId() != null) {
                accountIndex.list(commit.aggregateId(), firstPosition, commit.firstSequence(), commit.lastSequence());
            }
            commitBarrier.awaitDurable();
            if (commit.aggregateId() != null) {
                chainTips.remember(commit.aggregateId(), commit.lastSequence(), commit.lastHash(), lastPosition);
            }
            appendObserver.appended(events.size(), nanoTime.getAsLong() - startedNanos);
            return;
        }
        throw new EventStoreException("no free positions after " + APPEND_ATTEMPTS_MAX + " attempts");
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
        return ((Number) counter.get("value")).longValue() - 1;
    }

    /** Closes a position for good, on disk before it returns. */
    private void insertTombstone(long position) {
        trackingReader.insertTombstone(position, true);
    }
}
