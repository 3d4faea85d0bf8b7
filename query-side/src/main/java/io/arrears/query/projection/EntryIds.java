package io.arrears.query.projection;

/**
 * The id of a projection's entry for one event of an account: the account, a slash and the event's
 * sequence in 19 digits, so that an account's entries sort by id as they do by sequence (a long has
 * at most 19). Built by hand: {@code String.format} was a percent of what a payment allocated.
 */
public final class EntryIds {

    private static final int DIGITS = 19;

    private EntryIds() {
    }

    public static String of(String accountId, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("an event's sequence is never negative: " + sequence);
        }
        String digits = Long.toString(sequence);
        StringBuilder id = new StringBuilder(accountId.length() + 1 + DIGITS).append(accountId).append('/');
        for (int i = digits.length(); i < DIGITS; i++) {
            id.append('0');
        }
        return id.append(digits).toString();
    }
}
