package io.arrears.command.account;

import io.arrears.command.account.LedgerFacts.PaymentFact;
import io.arrears.command.account.LedgerFacts.WaiverFact;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyCorrection;
import io.arrears.kernel.event.WaiverGranted;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ledger of docs/DESIGN.md §3 as a pure function of value-dated facts: each date after
 * balancesAsOf in order, its morning (payments in recorded order, then waivers) and, through
 * {@code accruedThrough}, its evening (penalty). No clock, no I/O; the aggregate posts the
 * difference between two computations.
 */
public final class LedgerTimeline {

    /** The version of these rules that events record; a change of rules is a new version. */
    public static final String RULES_VERSION = "ledger:DESIGN-3/v1";
    /** Dates one computation walks; an account's whole life fits many times over. */
    public static final int DATES_MAX = 36_600;

    /**
     * The events a recomputation reads: the opening, the accruals that say how far it runs, and the
     * facts {@link LedgerFacts#apply} takes. It ignores every other event, so a reader of a long
     * stream need not deserialise the rest.
     */
    public static final Set<Class<? extends AccountEvent>> READS = Set.of(AccountOpened.class, PenaltyAccrued.class,
            PaymentRecorded.class, PaymentReversed.class, WaiverGranted.class, DisputeRaised.class,
            DisputeResolved.class, AccountWrittenOff.class);

    private LedgerTimeline() {
    }

    /**
     * Recomputes an account's ledger afresh from its events, from the opening: the facts they state,
     * through the last evening they posted. Reconciliation compares it with what was posted.
     */
    public static Recomputation recompute(List<AccountEvent> events) {
        return compute(factsOf(events), accruedThroughOf(events));
    }

    /**
     * The ledger as it stands on {@code valueDate} with what is known now: the facts dated on or
     * before it, through its evening (or the last posted evening, if earlier).
     */
    public static Recomputation onValueDate(List<AccountEvent> events, LocalDate valueDate) {
        LocalDate accruedThrough = accruedThroughOf(events);
        LedgerFacts facts = factsOf(events);
        LocalDate through = valueDate.isBefore(accruedThrough) ? valueDate : accruedThrough;
        if (through.isBefore(facts.balancesAsOf())) {
            throw new IllegalArgumentException("the account's balances start at the end of " + facts.balancesAsOf());
        }
        return compute(facts.knownOn(through), through);
    }

    private static LedgerFacts factsOf(List<AccountEvent> events) {
        if (events.isEmpty() || !(events.get(0) instanceof AccountOpened opened)) {
            throw new IllegalArgumentException("an account's events start with its opening");
        }
        LedgerFacts facts = LedgerFacts.opened(opened.dueDate(), opened.balancesAsOf(), opened.opening(),
                opened.terms());
        for (AccountEvent event : events) {
            facts = facts.apply(event);
        }
        return facts;
    }

    private static LocalDate accruedThroughOf(List<AccountEvent> events) {
        LocalDate accruedThrough = ((AccountOpened) events.get(0)).balancesAsOf();
        for (AccountEvent event : events) {
            if (event instanceof PenaltyAccrued accrued) {
                accruedThrough = accrued.throughDate();
            }
        }
        return accruedThrough;
    }

    /**
     * Computes the ledger through the evening of {@code accruedThrough}, and through the mornings of
     * any later-dated facts.
     */
    public static Recomputation compute(LedgerFacts facts, LocalDate accruedThrough) {
        LocalDate start = facts.balancesAsOf();
        if (accruedThrough.isBefore(start)) {
            throw new IllegalArgumentException("accruedThrough " + accruedThrough + " is before balancesAsOf " + start);
        }
        LocalDate latestFact = facts.latestFactDate();
        LocalDate lastMorning = latestFact.isAfter(accruedThrough) ? latestFact : accruedThrough;
        long dates = lastMorning.toEpochDay() - start.toEpochDay();
        if (dates > DATES_MAX) {
            throw new IllegalArgumentException("a ledger computes at most " + DATES_MAX + " dates");
        }
        Map<LocalDate, List<PaymentFact>> paymentsByDate = new TreeMap<>();
        facts.payments().forEach(p -> paymentsByDate.computeIfAbsent(p.valueDate(), d -> new ArrayList<>()).add(p));
        Map<LocalDate, List<WaiverFact>> waiversByDate = new TreeMap<>();
        facts.waivers().forEach(w -> waiversByDate.computeIfAbsent(w.effectiveDate(), d -> new ArrayList<>()).add(w));

        int evenings = (int) (accruedThrough.toEpochDay() - start.toEpochDay());
        long[] baseByEvening = new long[evenings];
        long[] amountByEvening = new long[evenings];
        Map<String, Allocation> allocations = new LinkedHashMap<>();
        Map<String, Long> waived = new LinkedHashMap<>();
        long capMinor = facts.terms().penaltyCapMinor(facts.opening().principalMinor());
        LocalDate firstPenaltyDate = PenaltyTimeline.firstPenaltyDate(facts.dueDate(), facts.terms());
        Balance balance = facts.opening();
        Balance balanceWrittenOff = null;
        long accruedMinor = 0;
        LocalDate settledOn = null;

        for (int i = 0; i < dates; i++) {
            LocalDate date = start.plusDays(i + 1L);
            if (date.equals(facts.writtenOffOn())) {
                balanceWrittenOff = balance;
            }
            for (PaymentFact payment : paymentsByDate.getOrDefault(date, List.of())) {
                AllocationWaterfall.Allocated allocated =
                        AllocationWaterfall.allocate(balance, payment.amountMinor(), facts.terms().waterfall());
                allocations.put(payment.paymentId(), allocated.allocation());
                balance = allocated.balanceAfter();
            }
            for (WaiverFact waiver : waiversByDate.getOrDefault(date, List.of())) {
                long outstandingMinor = balance.of(waiver.component());
                long waivedMinor = Math.min(waiver.amountMinor(), outstandingMinor);
                waived.put(waiver.waiverId(), waivedMinor);
                balance = balance.with(waiver.component(), outstandingMinor - waivedMinor);
            }
            if (i < evenings) {
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
        return new Recomputation(facts, accruedThrough, balance, accruedMinor, allocations, waived, baseByEvening,
                amountByEvening, settledOn, balanceWrittenOff);
    }

    /** One computation of the ledger: the balance it ends with, and how each fact and evening came out. */
    public static final class Recomputation {

        private final LedgerFacts facts;
        private final LocalDate accruedThrough;
        private final Balance balance;
        private final long accruedByLedgerMinor;
        private final Map<String, Allocation> allocations;
        private final Map<String, Long> waivedMinor;
        private final long[] baseByEvening;
        private final long[] amountByEvening;
        private final LocalDate settledOn;
        private final Balance balanceWrittenOff;

        private Recomputation(LedgerFacts facts, LocalDate accruedThrough, Balance balance, long accruedByLedgerMinor,
                              Map<String, Allocation> allocations, Map<String, Long> waivedMinor,
                              long[] baseByEvening, long[] amountByEvening, LocalDate settledOn,
                              Balance balanceWrittenOff) {
            this.facts = facts;
            this.accruedThrough = accruedThrough;
            this.balance = balance;
            this.accruedByLedgerMinor = accruedByLedgerMinor;
            this.allocations = allocations;
            this.waivedMinor = waivedMinor;
            this.baseByEvening = baseByEvening;
            this.amountByEvening = amountByEvening;
            this.settledOn = settledOn;
            this.balanceWrittenOff = balanceWrittenOff;
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
    }
}
