package io.arrears.kernel.account;

import java.util.regex.Pattern;

/**
 * The form shared by every id a client chooses (payment, contact, promise, waiver ids, borrower
 * and agent ids): short, printable and safe to put in a URL, a log line or a CSV cell.
 */
public final class Identifiers {

    public static final int LENGTH_MAX = 64;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (LENGTH_MAX - 1) + "}");
    public static final String RULE = "must be 1 to " + LENGTH_MAX
            + " letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    private Identifiers() {
    }

    public static boolean isValid(String id) {
        return id != null && FORM.matcher(id).matches();
    }

    public static String require(String field, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(field + " " + RULE);
        }
        return id;
    }
}
