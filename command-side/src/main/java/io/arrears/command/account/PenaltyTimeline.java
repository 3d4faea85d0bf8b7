package io.arrears.command.account;

import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.money.HalfEven;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The evening phase of DESIGN.md §3 as a pure function: which penalty each evening from one date
 * through another posts, given what is outstanding after that morning. No clock, no I/O.
 */
public final class PenaltyTimeline {

    /** Evenings posted in one run; a longer span is refused rather than looped over. */
    public static final int EVENINGS_PER_RUN_MAX = 36_600;
    private static final long BPS_PER_UNIT = 10_000;

    private PenaltyTimeline() {
    }

    public record Evenings(List<AccrualSegment> segments, long amountMinor) {
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

    /**
     * Posts the evenings {@code from} through {@code through} on a balance that no morning changes
     * in between.
     *
     * @param accruedByLedgerMinor penalty the ledger has accrued so far, counted against the cap
     * @param capMinor             the most the ledger may ever accrue
     */
    public static Evenings post(Terms terms, LocalDate dueDate, Balance balance, long accruedByLedgerMinor,
                                long capMinor, LocalDate from, LocalDate through) {
        if (through.isBefore(from)) {
            return new Evenings(List.of(), 0);
        }
        if (from.plusDays(EVENINGS_PER_RUN_MAX).isBefore(through)) {
            throw new IllegalArgumentException("at most " + EVENINGS_PER_RUN_MAX + " evenings are posted in one run");
        }
        LocalDate firstPenaltyDate = firstPenaltyDate(dueDate, terms);
        LocalDate start = from.isBefore(firstPenaltyDate) ? firstPenaltyDate : from;
        long baseMinor = baseMinor(balance, terms);
        long dailyMinor = dailyMinor(baseMinor, terms.penaltyRateBpsPerDay());
        List<AccrualSegment> segments = new ArrayList<>();
        long roomMinor = capMinor - accruedByLedgerMinor;
        if (dailyMinor == 0 || roomMinor <= 0 || start.isAfter(through)) {
            return new Evenings(segments, 0);
        }
        long days = through.toEpochDay() - start.toEpochDay() + 1;
        long fullDays = Math.min(days, roomMinor / dailyMinor);
        long totalMinor = 0;
        if (fullDays > 0) {
            long amountMinor = Math.multiplyExact(fullDays, dailyMinor);
            segments.add(new AccrualSegment(start, start.plusDays(fullDays - 1), baseMinor,
                    terms.penaltyRateBpsPerDay(), (int) fullDays, dailyMinor, amountMinor));
            totalMinor += amountMinor;
        }
        long leftMinor = roomMinor - totalMinor;
        if (fullDays < days && leftMinor > 0) {
            // The cap falls inside this evening: it accrues only what remains under the cap.
            LocalDate cutDay = start.plusDays(fullDays);
            segments.add(new AccrualSegment(cutDay, cutDay, baseMinor, terms.penaltyRateBpsPerDay(), 1, dailyMinor,
                    leftMinor));
            totalMinor += leftMinor;
        }
        return new Evenings(List.copyOf(segments), totalMinor);
    }
}
