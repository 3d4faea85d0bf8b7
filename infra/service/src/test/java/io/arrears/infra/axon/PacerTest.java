package io.arrears.infra.axon;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A paced task runs again only once its last run's length times the pace has passed since it began. */
class PacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aLongRunPutsTheNextOneOffInProportion() {
        Pacer pacer = new Pacer(100);
        assertThat(pacer.due(0)).isTrue();
        pacer.ran(0, 5 * SECOND);
        assertThat(pacer.due(60 * SECOND)).isFalse();
        assertThat(pacer.due(499 * SECOND)).isFalse();
        assertThat(pacer.due(500 * SECOND)).isTrue();
    }

    @Test
    void aQuickRunLeavesTheScheduleAsItIs() {
        Pacer pacer = new Pacer(100);
        pacer.ran(10 * SECOND, 10 * SECOND + 50_000_000L);
        assertThat(pacer.due(15 * SECOND)).isTrue();
    }

    @Test
    void thePaceIsAtLeastOne() {
        assertThatThrownBy(() -> new Pacer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
