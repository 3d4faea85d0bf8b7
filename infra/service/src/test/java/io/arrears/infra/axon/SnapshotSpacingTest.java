package io.arrears.infra.axon;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshots every hundred events while an account is short, then after a quarter of its events. */
class SnapshotSpacingTest {

    /** The account's event counts at which a snapshot was scheduled. */
    private final List<Long> snapshotsAt = new ArrayList<>();
    private long handled;
    private final SnapshotSpacing spacing = new SnapshotSpacing((type, id) -> snapshotsAt.add(handled), 100, 4);

    /** An event appended by a command: the trigger schedules its snapshot in the command's unit of work. */
    private void append(SnapshotTrigger trigger, long sequence) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        handled = sequence + 1;
        trigger.eventHandled(new GenericDomainEventMessage<>("CollectionAccount", "HB-1", sequence, "event"));
        unitOfWork.commit();
    }

    @Test
    void aShortAccountIsSnapshotEveryHundredEventsALongOneAfterAQuarterOfItsEvents() {
        SnapshotTrigger trigger = spacing.prepareTrigger(Object.class);
        trigger.initializationFinished();
        for (long sequence = 0; sequence < 10_000; sequence++) {
            append(trigger, sequence);
        }

        assertThat(snapshotsAt).startsWith(100L, 200L, 300L, 400L, 533L, 710L, 946L);
        // Each a third further on than the one before; every hundred events, 10,000 would take 100.
        assertThat(snapshotsAt).hasSize(15).endsWith(7_078L, 9_437L);
        long previous = 0;
        for (long at : snapshotsAt) {
            assertThat(at - previous).isGreaterThanOrEqualTo(Math.max(100, at / 4));
            assertThat(at - previous - 1).isLessThan(Math.max(100, (at - 1) / 4));
            previous = at;
        }
    }

    @Test
    void aLoadCountsTheEventsItReplaysAndSnapshotsOnceItIsDone() {
        SnapshotTrigger trigger = spacing.prepareTrigger(Object.class);
        // Loaded from events 0-449: past the threshold while replaying, so once the load's unit of work ends.
        DefaultUnitOfWork<?> load = DefaultUnitOfWork.startAndGet(null);
        for (long sequence = 0; sequence < 450; sequence++) {
            handled = sequence + 1;
            trigger.eventHandled(new GenericDomainEventMessage<>("CollectionAccount", "HB-1", sequence, "event"));
        }
        trigger.initializationFinished();
        assertThat(snapshotsAt).isEmpty();
        load.commit();
        assertThat(snapshotsAt).isNotEmpty().allMatch(at -> at == 450);
        snapshotsAt.clear();

        // Counted on from the replay's last threshold, at 400 events.
        for (long sequence = 450; sequence < 1_000; sequence++) {
            append(trigger, sequence);
        }
        assertThat(snapshotsAt).containsExactly(533L, 710L, 946L);
    }

    @Test
    void itRefusesSpacingThatIsNotPositive() {
        assertThatThrownBy(() -> new SnapshotSpacing((type, id) -> { }, 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotSpacing((type, id) -> { }, 100, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
