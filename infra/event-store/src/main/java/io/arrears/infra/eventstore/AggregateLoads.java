package io.arrears.infra.eventstore;

import org.axonframework.eventhandling.DomainEventData;

import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loading one aggregate for a command. Axon reads an aggregate's snapshot and then its events, on one
 * thread, for every load ({@code AbstractEventStore.readEvents}); what the snapshot read started from
 * is kept for the events' read right after:
 * <ul>
 * <li>the aggregate's stream read ahead ({@link StreamsAhead}), if a caller read it: the load then
 * reads nothing;</li>
 * <li>otherwise the account's head and first index pages, read in one round trip, from which the
 * events' first read lists its commits. The index costs one round trip a load instead of two, and the
 * snapshot's only when the head says there is one.</li>
 * </ul>
 */
final class AggregateLoads {

    /** What a load read first: one of the two is set. */
    private record Started(AccountIndex.Opening opening, StreamsAhead.Ahead ahead) {
    }

    private final AccountIndex accountIndex;
    private final Snapshots snapshots;
    private final AggregateStreams streams;
    private final StreamsAhead streamsAhead;
    private final ThreadLocal<Started> started = new ThreadLocal<>();

    AggregateLoads(AccountIndex accountIndex, Snapshots snapshots, AggregateStreams streams) {
        this.accountIndex = accountIndex;
        this.snapshots = snapshots;
        this.streams = streams;
        this.streamsAhead = new StreamsAhead(accountIndex, snapshots, streams);
    }

    ReadAhead readAhead(Collection<String> aggregateIds) {
        return streamsAhead.read(aggregateIds);
    }

    /** The aggregate's snapshot if it has one that verifies; the start of a load. */
    Stream<? extends DomainEventData<?>> snapshot(String aggregateIdentifier) {
        StreamsAhead.Ahead ahead = streamsAhead.take(aggregateIdentifier);
        if (ahead != null) {
            started.set(new Started(null, ahead));
            return ahead.snapshot() == null ? Stream.empty() : snapshots.verified(aggregateIdentifier,
                    ahead.snapshot(), () -> ahead.hashOf(ahead.fromSequence()));
        }
        AccountIndex.Opening opening = accountIndex.open(aggregateIdentifier);
        started.set(new Started(opening, null));
        return opening.mayHaveSnapshot() ? snapshots.read(aggregateIdentifier) : Stream.empty();
    }

    /** The aggregate's events from {@code firstSequenceNumber} on, about {@code batchSize} of them. */
    List<DomainEventData<?>> events(String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        Started start = started.get();
        started.remove();
        StreamsAhead.Ahead ahead = start == null ? null : start.ahead();
        if (ahead != null && ahead.aggregateId().equals(aggregateIdentifier)
                && ahead.fromSequence() <= firstSequenceNumber) {
            return streams.events(aggregateIdentifier, firstSequenceNumber, batchSize, ahead.commits());
        }
        return streams.fetch(aggregateIdentifier, firstSequenceNumber, batchSize,
                start == null ? null : start.opening());
    }
}
