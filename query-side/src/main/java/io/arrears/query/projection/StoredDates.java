package io.arrears.query.projection;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * The dates the read models store as text ({@code 2026-03-12}, as {@link LocalDate#toString()} writes
 * a date of a four-digit year), read back without a {@code DateTimeFormatter}: parsing with one was
 * most of the work of reading a report account, which holds a date for each of its payments and
 * penalty spans, once for every event. Any other text is left to {@link LocalDate#parse}.
 */
public final class StoredDates {

    private StoredDates() {
    }

    /** The date {@code text} names; a {@link java.time.format.DateTimeParseException} when it names none. */
    public static LocalDate parse(String text) {
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            if (year >= 0 && month >= 1 && month <= 12
                    && day >= 1 && day <= Month.of(month).length(Year.isLeap(year))) {
                return LocalDate.of(year, month, day);
            }
        }
        return LocalDate.parse(text);
    }

    /** The number the digits from {@code from} to {@code to} write, or -1 when one is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
