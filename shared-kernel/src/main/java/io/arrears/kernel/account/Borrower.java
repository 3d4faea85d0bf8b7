package io.arrears.kernel.account;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The borrower's contact details and time zone. The zone governs contact hours, so it must be a
 * valid region id such as {@code Asia/Shanghai}.
 */
public record Borrower(String name, String phone, String email, String address, String timezone) {

    public static final int FIELD_LENGTH_MAX = 256;
    /** A sealed field is longer than its plain text: nonce, tag and base64. */
    public static final int SEALED_FIELD_LENGTH_MAX = 2 * FIELD_LENGTH_MAX + 128;

    public Borrower {
        Objects.requireNonNull(timezone, "timezone");
        requireZone(timezone);
        for (String field : new String[] {name, phone, email, address}) {
            int max = PersonalDataVault.isSealed(field) ? SEALED_FIELD_LENGTH_MAX : FIELD_LENGTH_MAX;
            if (field != null && field.length() > max) {
                throw new IllegalArgumentException("borrower fields are at most " + FIELD_LENGTH_MAX + " characters");
            }
        }
    }

    public static ZoneId requireZone(String timezone) {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("must be a time zone id such as Asia/Shanghai");
        }
    }
}
