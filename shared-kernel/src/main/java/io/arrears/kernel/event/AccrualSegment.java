package io.arrears.kernel.event;

import java.time.LocalDate;

/**
 * Consecutive penalty evenings with the same base and the same daily amount.
 * {@code amountMinor} is {@code days × dailyAmountMinor} unless the cap cut the last day short.
 */
public record AccrualSegment(LocalDate from, LocalDate to, long baseMinor, int rateBps, int days,
                             long dailyAmountMinor, long amountMinor) {
}
