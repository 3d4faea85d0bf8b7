package io.arrears.kernel.account;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * The terms fixed when an account is opened (docs/DESIGN.md §3).
 *
 * @param penaltyCapBps null when penalty accrual has no cap
 */
public record Terms(int penaltyRateBpsPerDay, int graceDays, PenaltyBase penaltyBase, Integer penaltyCapBps,
                    List<Component> waterfall) {

    public static final int RATE_BPS_PER_DAY_MAX = 10_000;
    public static final int GRACE_DAYS_MAX = 3_650;
    public static final int CAP_BPS_MAX = 1_000_000;
    public static final List<Component> DEFAULT_WATERFALL =
            List.of(Component.PENALTY, Component.FEES, Component.INTEREST, Component.PRINCIPAL);

    public Terms {
        if (penaltyRateBpsPerDay < 0 || penaltyRateBpsPerDay > RATE_BPS_PER_DAY_MAX) {
            throw new IllegalArgumentException("penaltyRateBpsPerDay must be between 0 and " + RATE_BPS_PER_DAY_MAX);
        }
        if (graceDays < 0 || graceDays > GRACE_DAYS_MAX) {
            throw new IllegalArgumentException("graceDays must be between 0 and " + GRACE_DAYS_MAX);
        }
        Objects.requireNonNull(penaltyBase, "penaltyBase");
        if (penaltyCapBps != null && (penaltyCapBps < 0 || penaltyCapBps > CAP_BPS_MAX)) {
            throw new IllegalArgumentException("penaltyCapBps must be between 0 and " + CAP_BPS_MAX);
        }
        waterfall = List.copyOf(waterfall);
        if (waterfall.size() != Component.values().length || !EnumSet.copyOf(waterfall).containsAll(
                EnumSet.allOf(Component.class))) {
            throw new IllegalArgumentException("waterfall must name each of PENALTY, FEES, INTEREST, PRINCIPAL once");
        }
    }

    /** The most penalty the ledger may accrue over the account's life, or {@link Long#MAX_VALUE} without a cap. */
    public long penaltyCapMinor(long openingPrincipalMinor) {
        if (penaltyCapBps == null) {
            return Long.MAX_VALUE;
        }
        return Math.multiplyExact(openingPrincipalMinor, (long) penaltyCapBps) / 10_000;
    }
}
