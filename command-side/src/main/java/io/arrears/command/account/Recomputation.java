package io.arrears.command.account;

import io.arrears.command.account.LedgerFacts.PaymentFact;
import io.arrears.command.account.LedgerFacts.WaiverFact;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.PenaltyCorrection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One computation of the ledger of {@link LedgerTimeline}: the balance it ends with, and how each fact
 * and evening came out. It is made by a walk of the dates, from the opening or on from an earlier
 * computation ({@link #then}).
 */
public final class Recomputation {

    private final LedgerFacts facts;
    private final LocalDate accruedThrough;
    private final LocalDate lastDate;
    private final Balance balance;
    private final long accruedByLedgerMinor;
    private final Map<String, Allocation> allocations;
    private final Map<String, Long> waivedMinor;
    private final long[] baseByEvening;
    private final long[] amountByEvening;
    private final LocalDate settledOn;
    private final Balance balanceWrittenOff;

    private Recomputation(LedgerFacts facts, LocalDate accruedThrough, LocalDate lastDate, Balance balance,
                          long accruedByLedgerMinor, Map<String, Allocation> allocations,
                          Map<String, Long> waivedMinor, long[] baseByEvening, long[] amountByEvening,
                          LocalDate settledOn, Balance balanceWrittenOff) {
        this.facts = facts;
        this.accruedThrough = accruedThrough;
        this.lastDate = lastDate;
        this.balance = balance;
        this.accruedByLedgerMinor = accruedByLedgerMinor;
        this.allocations = allocations;
        this.waivedMinor = waivedMinor;
        this.baseByEvening = baseByEvening;
        this.amountByEvening = amountByEvening;
        this.settledOn = settledOn;
        this.balanceWrittenOff = balanceWrittenOff;
    }

    /** The ledger walked from the opening; {@link LedgerTimeline#compute}. */
    static Recomputation fromOpening(LedgerFacts facts, LocalDate accruedThrough) {
        if (accruedThrough.isBefore(facts.balancesAsOf())) {
            throw new IllegalArgumentException("accruedThrough " + accruedThrough + " is before balancesAsOf "
                    + facts.balancesAsOf());
        }
        Walk walk = new Walk(facts, accruedThrough);
        walk.through(lastMorning(facts, accruedThrough), facts.payments(), facts.waivers());
        return walk.done();
    }

    /**
     * The ledger of {@code next} through {@code nextThrough}'s evening: what
     * {@link LedgerTimeline#compute} gives for them, gone on from where this computation stopped when
     * it can be. It can when {@code next}
     * only adds payments and waivers to these facts, none dated before the last date walked, none on
     * a date whose evening is posted, and no payment on a date a waiver was applied on (a date's
     * payments come before its waivers); and when every evening to post after this one's last comes
     * after the last date walked. A payment for today on an account posted through yesterday is such
     * a change: it costs its own allocation, not the account's history. Any other change computes the
     * ledger again from the opening.
     */
    public Recomputation then(LedgerFacts next, LocalDate nextThrough) {
        if (nextThrough.equals(accruedThrough) && next.equals(facts)) {
            return this;
        }
        if (!goesOnTo(next, nextThrough)) {
            return fromOpening(next, nextThrough);
        }
        List<PaymentFact> payments = next.payments().subList(facts.payments().size(), next.payments().size());
        List<WaiverFact> waivers = next.waivers().subList(facts.waivers().size(), next.waivers().size());
        Walk walk = new Walk(this, next, nextThrough);
        if (lastDate.isAfter(accruedThrough)) {
            // The last date's morning was walked and its evening was not: go on with its morning.
            walk.morning(payments.stream().filter(p -> p.valueDate().equals(lastDate)).toList(),
                    waivers.stream().filter(w -> w.effectiveDate().equals(lastDate)).toList());
            walk.endOfDate();
        }
        walk.through(lastMorning(next, nextThrough), payments, waivers);
        return walk.done();
    }

    /** Whether {@link #then} goes on from this computation, rather than from the opening. */
    boolean goesOnTo(LedgerFacts next, LocalDate nextThrough) {
        boolean lastEveningPosted = !lastDate.isAfter(accruedThrough);
        if (nextThrough.isBefore(accruedThrough)
                || nextThrough.isAfter(accruedThrough) && lastDate.isAfter(accruedThrough.plusDays(1))) {
            return false;
        }
        if (!next.dueDate().equals(facts.dueDate()) || !next.balancesAsOf().equals(facts.balancesAsOf())
                || !next.opening().equals(facts.opening()) || !next.terms().equals(facts.terms())
                || !next.disputes().equals(facts.disputes())
                || !Objects.equals(next.writtenOffOn(), facts.writtenOffOn())
                || !startsWith(next.payments(), facts.payments()) || !startsWith(next.waivers(), facts.waivers())) {
            return false;
        }
        LocalDate firstOpen = lastEveningPosted ? lastDate.plusDays(1) : lastDate;
        boolean waivedOnLastDate = facts.waivers().stream().anyMatch(w -> w.effectiveDate().equals(lastDate));
        for (PaymentFact payment : next.payments().subList(facts.payments().size(), next.payments().size())) {
            if (payment.valueDate().isBefore(firstOpen)
                    || payment.valueDate().equals(lastDate) && waivedOnLastDate) {
                return false;
            }
        }
        for (WaiverFact waiver : next.waivers().subList(facts.waivers().size(), next.waivers().size())) {
            if (waiver.effectiveDate().isBefore(firstOpen)) {
                return false;
            }
        }
        return true;
    }

    private static <T> boolean startsWith(List<T> list, List<T> prefix) {
        return list.size() >= prefix.size() && list.subList(0, prefix.size()).equals(prefix);
    }

    public Balance balance() {
        return balance;
    }

    public LocalDate accruedThrough() {
        return accruedThrough;
    }

    /** Penalty the ledger accrued over the account's life, the amount the cap limits. */
    public long accruedByLedgerMinor() {
        return accruedByLedgerMinor;
    }

    /** Each payment's allocation on its value date, by value date and then in recorded order. */
    public Map<String, Allocation> allocations() {
        return Collections.unmodifiableMap(allocations);
    }

    public Allocation allocation(String paymentId) {
        return Objects.requireNonNull(allocations.get(paymentId), () -> "no payment " + paymentId);
    }

    /** What each waiver forgives: its amount, or less when less was outstanding on its date. */
    public Map<String, Long> waivedMinor() {
        return Collections.unmodifiableMap(waivedMinor);
    }

    public long waivedMinor(String waiverId) {
        return Objects.requireNonNull(waivedMinor.get(waiverId), () -> "no waiver " + waiverId);
    }

    /** The first date of the run of dates, lasting to the end, on which nothing was owed; null if owed. */
    public LocalDate settledOn() {
        return settledOn;
    }

    /** What was owed at the start of the write-off date; null when not written off by then. */
    public Balance balanceWrittenOff() {
        return balanceWrittenOff;
    }

    /** The penalty of the evenings {@code from} through {@code through}, as consecutive equal evenings. */
    public List<AccrualSegment> segments(LocalDate from, LocalDate through) {
        List<AccrualSegment> segments = new ArrayList<>();
        if (through.isBefore(from)) {
            return List.of();
        }
        int rateBps = facts.terms().penaltyRateBpsPerDay();
        int runStart = -1;
        for (int i = index(from); i <= index(through) + 1; i++) {
            boolean continues = runStart >= 0 && i <= index(through)
                    && baseByEvening[i] == baseByEvening[runStart] && amountByEvening[i] == amountByEvening[runStart];
            if (runStart >= 0 && !continues) {
                int days = i - runStart;
                long dailyMinor = PenaltyTimeline.dailyMinor(baseByEvening[runStart], rateBps);
                segments.add(new AccrualSegment(date(runStart), date(i - 1), baseByEvening[runStart], rateBps, days,
                        dailyMinor, Math.multiplyExact(amountByEvening[runStart], (long) days)));
                runStart = -1;
            }
            if (runStart < 0 && i <= index(through) && amountByEvening[i] > 0) {
                runStart = i;
            }
        }
        return List.copyOf(segments);
    }

    /**
     * The evenings, up to the later of the two computations' accruedThrough, whose penalty
     * differs between an earlier computation and this one, grouped into ranges of evenings with
     * the same bases and amounts on both sides.
     */
    public List<PenaltyCorrection> correctionsOf(Recomputation posted) {
        if (!posted.accruedThrough.equals(accruedThrough)) {
            throw new IllegalArgumentException("corrections compare computations through the same evening");
        }
        List<PenaltyCorrection> corrections = new ArrayList<>();
        int runStart = -1;
        for (int i = 0; i <= baseByEvening.length; i++) {
            boolean differs = i < baseByEvening.length && amountByEvening[i] != posted.amountByEvening[i];
            boolean continues = runStart >= 0 && differs
                    && amountByEvening[i] == amountByEvening[runStart]
                    && baseByEvening[i] == baseByEvening[runStart]
                    && posted.amountByEvening[i] == posted.amountByEvening[runStart]
                    && posted.baseByEvening[i] == posted.baseByEvening[runStart];
            if (runStart >= 0 && !continues) {
                int days = i - runStart;
                corrections.add(new PenaltyCorrection(date(runStart), date(i - 1), days,
                        posted.baseByEvening[runStart], posted.amountByEvening[runStart] * days,
                        baseByEvening[runStart], amountByEvening[runStart] * days));
                runStart = -1;
            }
            if (runStart < 0 && differs) {
                runStart = i;
            }
        }
        return List.copyOf(corrections);
    }

    private int index(LocalDate date) {
        return (int) (date.toEpochDay() - facts.balancesAsOf().toEpochDay()) - 1;
    }

    private LocalDate date(int index) {
        return facts.balancesAsOf().plusDays(index + 1L);
    }

    /** The last date a computation walks: its last evening, or a later-dated fact's morning. */
    private static LocalDate lastMorning(LedgerFacts facts, LocalDate accruedThrough) {
        LocalDate latestFact = facts.latestFactDate();
        LocalDate lastMorning = latestFact.isAfter(accruedThrough) ? latestFact : accruedThrough;
        if (lastMorning.toEpochDay() - facts.balancesAsOf().toEpochDay() > LedgerTimeline.DATES_MAX) {
            throw new IllegalArgumentException("a ledger computes at most " + LedgerTimeline.DATES_MAX + " dates");
        }
        return lastMorning;
    }

    /**
     * The ledger walked date by date, from the opening or from where an earlier computation stopped:
     * each date's morning (payments, then waivers), its evening while the date is posted, and whether
     * anything is still owed at its end.
     */
    private static final class Walk {

        private final LedgerFacts facts;
        private final LocalDate accruedThrough;
        private final long capMinor;
        private final LocalDate firstPenaltyDate;
        private final Map<String, Allocation> allocations;
        private final Map<String, Long> waived;
        private final long[] baseByEvening;
        private final long[] amountByEvening;
        /** The last date walked; its evening too when it is not after accruedThrough. */
        private LocalDate date;
        private Balance balance;
        private long accruedMinor;
        private LocalDate settledOn;
        private Balance balanceWrittenOff;

        /** A walk from the opening, before its first date. */
        Walk(LedgerFacts facts, LocalDate accruedThrough) {
            this(facts, accruedThrough, facts.balancesAsOf(), facts.opening(), 0, null, new LinkedHashMap<>(),
                    new LinkedHashMap<>(), new long[0], new long[0]);
        }

        /** A walk that goes on from where {@code earlier} stopped, through {@code accruedThrough}'s evening. */
        Walk(Recomputation earlier, LedgerFacts facts, LocalDate accruedThrough) {
            this(facts, accruedThrough, earlier.lastDate, earlier.balance, earlier.accruedByLedgerMinor,
                    earlier.settledOn, new LinkedHashMap<>(earlier.allocations),
                    new LinkedHashMap<>(earlier.waivedMinor), earlier.baseByEvening, earlier.amountByEvening);
            this.balanceWrittenOff = earlier.balanceWrittenOff;
        }

        private Walk(LedgerFacts facts, LocalDate accruedThrough, LocalDate date, Balance balance, long accruedMinor,
                     LocalDate settledOn, Map<String, Allocation> allocations,
                     Map<String, Long> waived, long[] baseByEvening, long[] amountByEvening) {
            int evenings = (int) (accruedThrough.toEpochDay() - facts.balancesAsOf().toEpochDay());
            this.facts = facts;
            this.accruedThrough = accruedThrough;
            this.capMinor = facts.terms().penaltyCapMinor(facts.opening().principalMinor());
            this.firstPenaltyDate = PenaltyTimeline.firstPenaltyDate(facts.dueDate(), facts.terms());
            this.date = date;
            this.balance = balance;
            this.accruedMinor = accruedMinor;
            this.settledOn = settledOn;
            this.allocations = allocations;
            this.waived = waived;
            this.baseByEvening = Arrays.copyOf(baseByEvening, evenings);
            this.amountByEvening = Arrays.copyOf(amountByEvening, evenings);
        }

        /** Walks every date after the last one walked through {@code last}, with the facts dated on them. */
        void through(LocalDate last, List<PaymentFact> payments, List<WaiverFact> waivers) {
            Map<LocalDate, List<PaymentFact>> paymentsByDate = new TreeMap<>();
            payments.forEach(p -> paymentsByDate.computeIfAbsent(p.valueDate(), d -> new ArrayList<>()).add(p));
            Map<LocalDate, List<WaiverFact>> waiversByDate = new TreeMap<>();
            waivers.forEach(w -> waiversByDate.computeIfAbsent(w.effectiveDate(), d -> new ArrayList<>()).add(w));
            while (date.isBefore(last)) {
                date = date.plusDays(1);
                if (date.equals(facts.writtenOffOn())) {
                    balanceWrittenOff = balance;
                }
                morning(paymentsByDate.getOrDefault(date, List.of()), waiversByDate.getOrDefault(date, List.of()));
                endOfDate();
            }
        }

        /** Applies payments, then waivers, on the date walked last. */
        void morning(List<PaymentFact> payments, List<WaiverFact> waivers) {
            for (PaymentFact payment : payments) {
                AllocationWaterfall.Allocated allocated =
                        AllocationWaterfall.allocate(balance, payment.amountMinor(), facts.terms().waterfall());
                allocations.put(payment.paymentId(), allocated.allocation());
                balance = allocated.balanceAfter();
            }
            for (WaiverFact waiver : waivers) {
                long outstandingMinor = balance.of(waiver.component());
                long waivedMinor = Math.min(waiver.amountMinor(), outstandingMinor);
                waived.put(waiver.waiverId(), waivedMinor);
                balance = balance.with(waiver.component(), outstandingMinor - waivedMinor);
            }
        }

        /**
         * The date's evening when it is posted, then whether the account is settled at the date's end.
         * Walked again after more of its morning, a date that ended settled still does, from the same
         * date: a morning only pays and forgives, and nothing owed accrues nothing.
         */
        void endOfDate() {
            int i = (int) (date.toEpochDay() - facts.balancesAsOf().toEpochDay()) - 1;
            if (i < baseByEvening.length) {
                long baseMinor = PenaltyTimeline.baseMinor(balance, facts.terms());
                long amountMinor = 0;
                if (!date.isBefore(firstPenaltyDate) && !facts.frozen(date)) {
                    amountMinor = Math.min(PenaltyTimeline.dailyMinor(baseMinor, facts.terms().penaltyRateBpsPerDay()),
                            capMinor - accruedMinor);
                }
                baseByEvening[i] = baseMinor;
                amountByEvening[i] = amountMinor;
                if (amountMinor > 0) {
                    balance = balance.with(Component.PENALTY, Math.addExact(balance.penaltyMinor(), amountMinor));
                    accruedMinor += amountMinor;
                }
            }
            if (!balance.isSettled()) {
                settledOn = null;
            } else if (settledOn == null) {
                settledOn = date;
            }
        }

        Recomputation done() {
            return new Recomputation(facts, accruedThrough, date, balance, accruedMinor, allocations, waived,
                    baseByEvening, amountByEvening, settledOn, balanceWrittenOff);
        }
    }
}
