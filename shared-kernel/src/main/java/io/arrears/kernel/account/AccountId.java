package io.arrears.kernel.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.regex.Pattern;

/** An account's identifier as the lender assigned it, e.g. {@code HB-000123}. */
public record AccountId(@JsonValue String value) {

    public static final int LENGTH_MAX = 64;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (LENGTH_MAX - 1) + "}");

    public AccountId {
        Objects.requireNonNull(value, "accountId");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "must be 1 to " + LENGTH_MAX + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    @JsonCreator
    public static AccountId of(String value) {
        return new AccountId(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
