package io.arrears.kernel.time;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Dates in the one form the ledger writes them, {@link LocalDate#toString()}'s {@code yyyy-MM-dd} of
 * a four-digit year, read by position: a {@code DateTimeFormatter} costs ten times as much, and was
 * most of the work of reading a report account (a date for each of its payments and penalty spans,
 * for every event). Any other text is left to {@link LocalDate#parse}.
 */
public final class CanonicalDates {

    private CanonicalDates() {
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

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
    public static int digits(String text, int from, int to) {
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
