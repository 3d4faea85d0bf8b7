package io.arrears.command.account;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * A named, versioned set of contact limits (docs/DESIGN.md §4). A breach event names the preset and
 * version it was judged by, so a later change of limits never rewrites what was a breach.
 *
 * @param allowedFrom                  first local time (borrower's zone) a call, message or visit may happen
 * @param allowedUntil                 the local time from which they may not (exclusive)
 * @param phoneAttemptsPerSevenDaysMax outbound calls in any seven consecutive calendar days; 0 for no limit
 * @param quietAfterConversation       no call for this long after a phone conversation; zero for none
 * @param smsPerDayMax                 outbound SMS in any rolling 24 hours; 0 for no limit
 * @param effectiveCallsPerDayMax      calls that reached the borrower per local calendar day; 0 for no limit
 */
public record ContactPreset(String id, String version, LocalTime allowedFrom, LocalTime allowedUntil,
                            int phoneAttemptsPerSevenDaysMax, Duration quietAfterConversation, int smsPerDayMax,
                            int effectiveCallsPerDayMax) {

    /** docs/DESIGN.md §4 as written: the default. */
    public static final ContactPreset DEFAULT = new ContactPreset("DEFAULT", "1", LocalTime.of(8, 0),
            LocalTime.of(21, 0), 7, Duration.ofDays(7), 3, 0);
    /** US Regulation F (12 CFR 1006.14 and .6(b)(1)(i)): 7 calls in 7 days, 7 quiet days after a conversation. */
    public static final ContactPreset US_REG_F = new ContactPreset("US_REG_F", "1", LocalTime.of(8, 0),
            LocalTime.of(21, 0), 7, Duration.ofDays(7), 0, 0);
    /** The Chinese industry standard: no contact 22:00–08:00, at most 3 effective calls a day per borrower. */
    public static final ContactPreset CN_COLLECTION_STANDARD = new ContactPreset("CN_COLLECTION_STANDARD", "1",
            LocalTime.of(8, 0), LocalTime.of(22, 0), 0, Duration.ZERO, 0, 3);

    public static final List<ContactPreset> PRESETS = List.of(DEFAULT, US_REG_F, CN_COLLECTION_STANDARD);

    public ContactPreset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        if (!allowedFrom.isBefore(allowedUntil)) {
            throw new IllegalArgumentException("allowedFrom must be before allowedUntil");
        }
        if (phoneAttemptsPerSevenDaysMax < 0 || smsPerDayMax < 0 || effectiveCallsPerDayMax < 0
                || quietAfterConversation.isNegative()) {
            throw new IllegalArgumentException("contact limits are never negative");
        }
    }

    public static ContactPreset named(String id) {
        return PRESETS.stream().filter(preset -> preset.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown contact preset " + id + "; one of "
                        + PRESETS.stream().map(ContactPreset::id).toList()));
    }
}
