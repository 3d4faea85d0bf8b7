package io.arrears.kernel.event;

import java.time.LocalDate;

/**
 * Consecutive evenings whose penalty a recomputation changed, each evening with the same base and
 * amount before and after: what had been posted and what the facts now give.
 *
 * @param postedMinor     the penalty posted for these evenings together
 * @param recomputedMinor the penalty the recomputation gives them together
 */
public record PenaltyCorrection(LocalDate from, LocalDate to, int days, long postedBaseMinor, long postedMinor,
                                long recomputedBaseMinor, long recomputedMinor) {

    public long differenceMinor() {
        return recomputedMinor - postedMinor;
    }
}
