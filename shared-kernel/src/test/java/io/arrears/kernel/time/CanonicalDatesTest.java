package io.arrears.kernel.time;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalDatesTest {

    @Test
    void readsEveryDateOfTwoCenturiesAsLocalDateParseDoes() {
        for (LocalDate date = LocalDate.of(1900, 1, 1); date.getYear() < 2100; date = date.plusDays(1)) {
            String text = date.toString();
            assertThat(CanonicalDates.parse(text)).as(text).isEqualTo(LocalDate.parse(text));
        }
    }

    @Test
    void readsWhatLocalDateWritesForYearsOfOtherLengths() {
        for (LocalDate date : List.of(LocalDate.of(0, 1, 1), LocalDate.of(-1, 12, 31), LocalDate.of(12_026, 3, 12))) {
            assertThat(CanonicalDates.parse(date.toString())).isEqualTo(date);
        }
    }

    @Test
    void refusesWhatNamesNoDateAsLocalDateParseDoes() {
        for (String text : List.of("2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-01",
                "2026/01/01", "2O26-01-01", "2026-01-01T00:00", "")) {
            assertThatThrownBy(() -> CanonicalDates.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
