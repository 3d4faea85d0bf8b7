package io.arrears.command.account;

import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.money.HalfEven;

import java.time.LocalDate;

/** The evening phase of docs/DESIGN.md §3: when penalty starts, on what base, and how much an evening accrues. */
public final class PenaltyTimeline {

    private static final long BPS_PER_UNIT = 10_000;

    private PenaltyTimeline() {
    }

    /** The first date whose evening may accrue penalty: the day after the grace period. */
    public static LocalDate firstPenaltyDate(LocalDate dueDate, Terms terms) {
        return dueDate.plusDays(terms.graceDays() + 1L);
    }

    /** The penalty base after a morning: principal, plus interest when the terms say so. */
    public static long baseMinor(Balance balance, Terms terms) {
        return terms.penaltyBase() == PenaltyBase.PRINCIPAL_AND_INTEREST
                ? Math.addExact(balance.principalMinor(), balance.interestMinor())
                : balance.principalMinor();
    }

    /** One evening's full penalty on a base, rounded half-even to a minor unit. */
    public static long dailyMinor(long baseMinor, int rateBpsPerDay) {
        return HalfEven.divide(Math.multiplyExact(baseMinor, (long) rateBpsPerDay), BPS_PER_UNIT);
    }
}
