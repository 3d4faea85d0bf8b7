package io.arrears.infra.eventstore;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import static io.arrears.kernel.time.CanonicalDates.digits;

/**
 * Instants in the one form the ledger writes them, {@link Instant#toString()}'s
 * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, read by position. The formatters of Axon and Jackson accept more
 * forms and cost several times as much; a text in any other form is theirs to read.
 */
public final class CanonicalInstants {

    /** Nanoseconds a fraction's last digit counts, by the number of digits (1 to 9). */
    private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000,
            100, 10, 1};

    private CanonicalInstants() {
    }

    /** The instant {@code text} writes, or null when it is not in the canonical form or not a real moment. */
    public static Instant parse(String text) {
        int length = text.length();
        boolean shaped = length >= 20 && length <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
                && text.charAt(length - 1) == 'Z' && (length == 20 || (length >= 22 && text.charAt(19) == '.'));
        if (!shaped) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = length == 20 ? 0 : digits(text, 20, length - 1);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour >= 24 || minute < 0 || minute >= 60
                || second < 0 || second >= 60 || fraction < 0) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            int nanos = length == 20 ? 0 : fraction * NANOS_PER_DIGIT[length - 21];
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            // not a date after all (February 30th): the general parser says why
            return null;
        }
    }
}
