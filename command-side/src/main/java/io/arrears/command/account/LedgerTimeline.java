package io.arrears.command.account;

import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.WaiverGranted;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

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
        return Recomputation.fromOpening(facts, accruedThrough);
    }
}
