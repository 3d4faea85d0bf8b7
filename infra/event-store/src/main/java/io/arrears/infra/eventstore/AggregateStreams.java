package io.arrears.infra.eventstore;

import com.mongodb.ReadConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine.RecordedStream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.TIMESTAMP;
import static io.arrears.infra.eventstore.CommitSchema.TYPE;

/**
 * One aggregate's stream read through its {@link AccountIndex}: the commits holding a range of its
 * sequences, its events from a sequence on (loading it for a command), as they stood at an instant
 * (time travel), and the hash of one of its events (what the next commit or a snapshot links to).
 */
final class AggregateStreams {

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> commitsRead;
    private final MongoCollection<Document> commitsDelivered;
    private final AccountIndex accountIndex;
    private final ChainTips chainTips;

    /**
     * @param commitsRead      the commits with payloads decoded into trees ({@link CommitReadCodec})
     * @param commitsDelivered the same, with majority read concern, for readers that hand events on
     */
    AggregateStreams(MongoCollection<Document> commits, MongoCollection<Document> commitsRead,
                     MongoCollection<Document> commitsDelivered, AccountIndex accountIndex, ChainTips chainTips) {
        this.commits = commits;
        this.commitsRead = commitsRead;
        this.commitsDelivered = commitsDelivered;
        this.accountIndex = accountIndex;
        this.chainTips = chainTips;
    }

    /**
     * An aggregate's events from {@code firstSequenceNumber} on, about {@code batchSize} of them.
     *
     * @param opened the index as the load read it first, or null
     */
    List<DomainEventData<?>> fetch(String aggregateIdentifier, long firstSequenceNumber, int batchSize,
                                   AccountIndex.Opening opened) {
        return events(aggregateIdentifier, firstSequenceNumber, batchSize,
                streamCommits(aggregateIdentifier, firstSequenceNumber, batchSize, opened));
    }

    /**
     * The aggregate's events from {@code firstSequenceNumber} on in {@code commits} (its commits in
     * sequence order), about {@code batchSize} of them.
     */
    List<DomainEventData<?>> events(String aggregateIdentifier, long firstSequenceNumber, int batchSize,
                                    List<Document> commits) {
        List<DomainEventData<?>> result = new ArrayList<>();
        long lastSequence = -1;
        String lastHash = null;
        long lastPosition = -1;
        for (Document commit : commits) {
            for (StoredEvent event : commit.getList(EVENTS, StoredEvent.class)) {
                if (event.sequence() >= firstSequenceNumber) {
                    result.add(StoredEventEntry.of(commit, event));
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

    /** The commits at these positions, as a load reads them, in no particular order; one read. */
    List<Document> commitsAt(List<Long> positions) {
        List<Document> found = new ArrayList<>(positions.size());
        if (!positions.isEmpty()) {
            commitsRead.find(in(ID, positions)).batchSize(CommitSchema.COMMITS_A_REPLY).into(found);
        }
        return found;
    }

    /**
     * An aggregate's stream as it stood at {@code instant}: its events up to the first one recorded
     * later (an aggregate's events are recorded one after another), and of those only the ones whose
     * stored payload type {@code wanted} accepts, deserialised through the upcasters. The others cost
     * their sequence, type and timestamp, which a first read fetches for the whole stream; a second
     * fetches whole only the commits that hold a wanted event. An account of 10,000 contacts replayed
     * for its balance reads one commit whole, not a hundred.
     */
    RecordedStream readRecordedBy(String aggregateId, Instant instant, Predicate<String> wanted, Serializer serializer,
                                  EventUpcaster upcasterChain) {
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
        headers.sort(Comparator.comparingLong(commit -> commit.getLong(FIRST_SEQUENCE)));
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
        whole.sort(Comparator.comparingLong(commit -> commit.getLong(FIRST_SEQUENCE)));
        List<StoredEventEntry> entries = new ArrayList<>();
        for (Document commit : whole) {
            for (StoredEvent event : commit.getList(EVENTS, StoredEvent.class)) {
                if (event.sequence() <= lastSequence && wanted.test(event.type())) {
                    entries.add(StoredEventEntry.of(commit, event));
                }
            }
        }
        List<DomainEventMessage<?>> events = EventStreamUtils.upcastAndDeserializeDomainEvents(entries.stream(),
                serializer, upcasterChain).asStream().collect(Collectors.toList());
        return new RecordedStream(events, lastSequence);
    }

    /**
     * The account's commits holding its events from {@code fromSequence} on, in sequence order: just
     * enough of them for {@code events} events, so reading a long stream batch by batch fetches each
     * commit once.
     */
    List<Document> streamCommits(String aggregateId, long fromSequence, long events) {
        return streamCommits(aggregateId, fromSequence, events, null);
    }

    private List<Document> streamCommits(String aggregateId, long fromSequence, long events,
                                         AccountIndex.Opening opened) {
        List<Long> positions = new ArrayList<>();
        for (AccountIndex.Ref ref : accountIndex.refsFrom(aggregateId, fromSequence, events, opened)) {
            positions.add(ref.position());
        }
        if (positions.isEmpty()) {
            return List.of();
        }
        List<Document> found = commitsAt(positions);
        found.sort(Comparator.comparingLong(commit -> commit.getLong(FIRST_SEQUENCE)));
        return found;
    }

    /** The stored hash of an aggregate's event, or null when there is none. */
    String hashOf(String aggregateId, long sequence) {
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

    /** The hash the first event of a commit at {@code firstSequence} links to. */
    String previousHash(String aggregateId, long firstSequence) {
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
}
