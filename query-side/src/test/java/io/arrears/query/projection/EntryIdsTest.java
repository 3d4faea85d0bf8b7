package io.arrears.query.projection;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ids the entries were stored under: the form they always had, and an order that is the sequences'. */
class EntryIdsTest {

    @Test
    void anIdIsTheAccountAndTheSequenceInNineteenDigits() {
        Random random = new Random(7);
        List<Long> sequences = new ArrayList<>(List.of(0L, 1L, 9L, 10L, 999_999L, Long.MAX_VALUE));
        for (int i = 0; i < 1_000; i++) {
            sequences.add(random.nextLong() >>> 1 + random.nextInt(63));
        }
        for (long sequence : sequences) {
            assertThat(EntryIds.of("HB-000123", sequence)).isEqualTo("HB-000123/" + String.format("%019d", sequence));
        }
    }

    @Test
    void idsSortAsTheirSequencesDo() {
        assertThat(EntryIds.of("A", 9)).isLessThan(EntryIds.of("A", 10));
        assertThat(EntryIds.of("A", 99_999)).isLessThan(EntryIds.of("A", 100_000));
        assertThatThrownBy(() -> EntryIds.of("A", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
