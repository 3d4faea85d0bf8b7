package io.arrears.infra.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

/**
 * When an account's next snapshot is taken: after {@code least} events, or after a {@code 1/fraction}
 * share of all its events if that is more. A snapshot costs what the account holds, which grows with
 * its events, so snapshots every fixed number of events would cost a payment more the longer the
 * account: on accounts of 2,000-3,000 payments they were most of what a payment allocated. Spaced
 * this way their cost a payment stays about the same however long the account, while a load (of an
 * account in no cache: most commands find theirs cached) replays fewer than {@code least} events or a
 * quarter of the account's after its snapshot.
 */
public final class SnapshotSpacing implements SnapshotTriggerDefinition {

    private final Snapshotter snapshotter;
    private final int least;
    private final int fraction;

    public SnapshotSpacing(Snapshotter snapshotter, int least, int fraction) {
        if (least < 1 || fraction < 1) {
            throw new IllegalArgumentException("least and fraction must be positive: " + least + ", " + fraction);
        }
        this.snapshotter = snapshotter;
        this.least = least;
        this.fraction = fraction;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new Trigger(snapshotter, aggregateType, least, fraction);
    }

    /** An account taken from a cache that serializes gets this definition's snapshotter back. */
    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof AbstractSnapshotTrigger abstractTrigger) {
            abstractTrigger.setSnapshotter(snapshotter);
            return trigger;
        }
        return prepareTrigger(aggregateType);
    }

    /** Counts the events handled since the account's load or its last snapshot, and notes the newest's sequence. */
    static final class Trigger extends AbstractSnapshotTrigger {

        private static final long serialVersionUID = 1L;

        private final int least;
        private final int fraction;
        private long counted;
        private long events;

        Trigger(Snapshotter snapshotter, Class<?> aggregateType, int least, int fraction) {
            super(snapshotter, aggregateType);
            this.least = least;
            this.fraction = fraction;
        }

        @Override
        public void eventHandled(EventMessage<?> event) {
            if (event instanceof DomainEventMessage<?> domainEvent) {
                events = domainEvent.getSequenceNumber() + 1;
            }
            super.eventHandled(event);
        }

        @Override
        protected boolean exceedsThreshold() {
            return ++counted >= Math.max(least, events / fraction);
        }

        @Override
        protected void reset() {
            counted = 0;
        }
    }
}
