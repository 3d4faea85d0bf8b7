package io.arrears.command.account;

import io.arrears.command.account.LedgerFacts.PaymentFact;
import io.arrears.command.account.LedgerFacts.WaiverFact;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.command.GrantWaiver;
import io.arrears.kernel.command.RaiseDispute;
import io.arrears.kernel.command.ResolveDispute;
import io.arrears.kernel.command.WriteOffAccount;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PenaltyCorrection;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.WaiverAdjusted;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.RuleViolation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The events that post an account's ledger (docs/DESIGN.md §3): the evenings up to a date, and a
 * change of the facts. For a change, the ledger as posted before it and as computed with it are
 * compared, and every difference becomes an event of its own, so what the ledger believed before
 * stays in the history. It only decides: the account applies the events it returns, in their order.
 * No clock and no state of its own; it reads the account as it stands when it is made.
 */
final class LedgerPosting {

    /** A change of the facts that any outcome of the recomputation allows. */
    private static final Consumer<Recomputation> NO_CHECK = after -> { };

    private final AccountId accountId;
    private final PostedLedger ledger;
    private final AccountStanding standing;
    private final Commitments commitments;
    private final WorkflowPolicy workflow;
    private final Function<String, Component> waiverComponent;
    private final LastComputation computation;

    /**
     * @param waiverComponent the component a granted waiver is against, by its id
     * @param computation     the account's last computation of its ledger, which this one goes on from
     */
    LedgerPosting(AccountId accountId, PostedLedger ledger, AccountStanding standing, Commitments commitments,
                  WorkflowPolicy workflow, Function<String, Component> waiverComponent,
                  LastComputation computation) {
        this.accountId = accountId;
        this.ledger = ledger;
        this.standing = standing;
        this.commitments = commitments;
        this.workflow = workflow;
        this.waiverComponent = waiverComponent;
        this.computation = computation;
    }

    /** Events decided so far, with the ledger and the standing they leave behind. */
    private static final class Decided {
        final List<AccountEvent> events = new ArrayList<>();
        PostedLedger ledger;
        AccountStanding standing;

        Decided(PostedLedger ledger, AccountStanding standing) {
            this.ledger = ledger;
            this.standing = standing;
        }

        void add(AccountEvent event) {
            events.add(event);
            ledger = ledger.after(event);
            standing = standing.after(event);
        }
    }

    /** The events that post every evening after accruedThrough up to {@code through}; none for a date posted. */
    List<AccountEvent> evenings(LocalDate through) {
        Decided decided = new Decided(ledger, standing);
        evenings(decided, through);
        return decided.events;
    }

    List<AccountEvent> payment(String paymentId, Money amount, LocalDate valueDate, String channel) {
        LocalDate writtenOffOn = ledger.facts().writtenOffOn();
        boolean recovery = writtenOffOn != null && !valueDate.isBefore(writtenOffOn);
        return change(ledger.facts().withPayment(new PaymentFact(paymentId, amount.amountMinor(), valueDate)),
                valueDate, "PaymentRecorded:" + paymentId, NO_CHECK, (before, after) -> new PaymentRecorded(accountId,
                        paymentId, amount, valueDate, channel, after.allocation(paymentId), after.balance(), recovery));
    }

    /** A reversal takes the payment out of the facts from its value date; no evenings are posted first. */
    List<AccountEvent> reversal(PaymentRecorded payment, String reason) {
        String paymentId = payment.paymentId();
        return change(ledger.facts().withoutPayment(paymentId), null, "PaymentReversed:" + paymentId, NO_CHECK,
                (before, after) -> new PaymentReversed(accountId, paymentId, payment.amount(), payment.valueDate(),
                        reason, before.allocation(paymentId), after.balance()));
    }

    /** A waiver, refused when it exceeds what its component owes on its effective date. */
    List<AccountEvent> waiver(GrantWaiver command, Money amount) {
        String waiverId = command.waiverId();
        LocalDate effectiveDate = command.effectiveDate();
        return change(ledger.facts().withWaiver(new WaiverFact(waiverId, command.component(), amount.amountMinor(),
                effectiveDate)), effectiveDate, "WaiverGranted:" + waiverId, after -> {
                    long outstandingMinor = after.waivedMinor(waiverId);
                    if (outstandingMinor < amount.amountMinor()) {
                        throw new RuleViolation("waiver.exceeds-outstanding", "a waiver may not exceed the "
                                + "outstanding " + command.component().name().toLowerCase() + " of "
                                + new Money(outstandingMinor, amount.currency()) + " on " + effectiveDate);
                    }
                }, (before, after) -> new WaiverGranted(accountId, waiverId, command.component(), amount,
                        effectiveDate, command.reason(), after.balance()));
    }

    List<AccountEvent> disputeRaised(RaiseDispute command) {
        return change(ledger.facts().withDisputeRaised(command.disputeId(), command.raisedOn()), command.raisedOn(),
                "DisputeRaised:" + command.disputeId(), NO_CHECK, (before, after) -> new DisputeRaised(accountId,
                        command.disputeId(), command.raisedOn(), command.reason(), after.balance()));
    }

    List<AccountEvent> disputeResolved(ResolveDispute command) {
        return change(ledger.facts().withDisputeResolved(command.disputeId(), command.resolvedOn()),
                command.resolvedOn(), "DisputeResolved:" + command.disputeId(), NO_CHECK,
                (before, after) -> new DisputeResolved(accountId, command.disputeId(), command.resolvedOn(),
                        command.outcome(), after.balance()));
    }

    List<AccountEvent> writeOff(WriteOffAccount command) {
        LocalDate date = command.writtenOffOn();
        return change(ledger.facts().writtenOff(date), date, "AccountWrittenOff", NO_CHECK,
                (before, after) -> new AccountWrittenOff(accountId, date, command.reason(), standing.stage(),
                        after.balanceWrittenOff(), after.balance()));
    }

    /**
     * The events that record a change of the facts. A fact dated after accruedThrough first has the
     * evenings up to the day before it posted; then the ledger is computed with the change,
     * {@code check} may still refuse it (before anything is decided), {@code fact} gives the fact's
     * own event, and the differences to what was posted follow as correcting events. The ledger as
     * posted is computed first, so that the computation with the change can go on from it.
     *
     * @param factDate        the fact's date, or null for a change that posts no evenings first (a reversal)
     * @param cause           which fact made the ledger recompute, such as {@code PaymentRecorded:PAY-7}
     * @param fact            the fact's own event, from the ledger as posted and as computed with the change
     */
    private List<AccountEvent> change(LedgerFacts changed, LocalDate factDate, String cause,
                                      Consumer<Recomputation> check,
                                      BiFunction<Recomputation, Recomputation, AccountEvent> fact) {
        LocalDate through = factDate != null && factDate.minusDays(1).isAfter(standing.accruedThrough())
                ? factDate.minusDays(1) : standing.accruedThrough();
        Decided decided = new Decided(ledger, standing);
        Recomputation evenings = evenings(decided, through);
        // The computation that posted the evenings is the ledger as posted; else compute it once here.
        Recomputation before = evenings != null ? evenings
                : computation.of(ledger.facts(), standing.accruedThrough());
        if (!before.balance().equals(decided.ledger.balance())) {
            throw new IllegalStateException("account " + accountId.value() + " posted " + decided.ledger.balance()
                    + " but its facts give " + before.balance());
        }
        Recomputation after = computation.of(changed, through);
        check.accept(after);
        decided.add(fact.apply(before, after));
        corrections(accountId, decided.standing, before, after, waiverComponent, workflow, cause)
                .forEach(decided::add);
        return decided.events;
    }

    /**
     * Posts every evening after accruedThrough up to {@code through}, then the stage the days past
     * due call for on {@code through}, then the promises and instalments whose due date's evening is
     * now posted and that payments did not cover: broken or missed, and a plan whose missed
     * instalment is still uncovered after its grace days broken. The nightly accrual run posts every
     * open account's evenings, so deadlines pass daily without a timer of their own.
     *
     * @return the ledger computed through {@code through}, or null when nothing was posted
     */
    private Recomputation evenings(Decided decided, LocalDate through) {
        if (!through.isAfter(standing.accruedThrough())) {
            return null;
        }
        LocalDate from = standing.accruedThrough().plusDays(1);
        Recomputation evenings = computation.of(ledger.facts(), through);
        decided.add(new PenaltyAccrued(accountId, from, through, evenings.segments(from, through),
                evenings.accruedByLedgerMinor() - ledger.accruedByLedgerMinor(), evenings.balance().penaltyMinor(),
                evenings.accruedByLedgerMinor()));
        long dpd = AccountStanding.daysPastDue(ledger.facts().dueDate(), through, decided.ledger.balance());
        workflow.advance(accountId, decided.standing, dpd, through).ifPresent(decided::add);
        for (AccountEvent event : commitments.dueBy(accountId, through)) {
            decided.add(event);
            if (event instanceof PromiseBroken broken) {
                workflow.afterBroken(accountId, decided.standing, broken.promiseId()).ifPresent(decided::add);
            }
        }
        return evenings;
    }

    /**
     * The events after the fact's own: each payment whose allocation changed, each waiver whose
     * amount changed, the penalty of the evenings whose amount changed, and a resolution or a
     * reopening when the change settles the account or makes it owe again.
     *
     * @param standing        the account's standing before the change
     * @param waiverComponent the component a granted waiver is against, by its id
     * @param cause           which fact made the ledger recompute, such as {@code PaymentRecorded:PAY-7}
     */
    static List<AccountEvent> corrections(AccountId accountId, AccountStanding standing, Recomputation before,
                                          Recomputation after, Function<String, Component> waiverComponent,
                                          WorkflowPolicy workflow, String cause) {
        List<AccountEvent> events = new ArrayList<>();
        before.allocations().forEach((paymentId, allocation) -> {
            Allocation now = after.allocations().get(paymentId);
            if (now != null && !now.equals(allocation)) {
                events.add(new PaymentReallocated(accountId, paymentId, allocation, now, cause));
            }
        });
        before.waivedMinor().forEach((waiverId, waivedMinor) -> {
            long now = after.waivedMinor(waiverId);
            if (now != waivedMinor) {
                events.add(new WaiverAdjusted(accountId, waiverId, waiverComponent.apply(waiverId), waivedMinor, now,
                        cause));
            }
        });
        List<PenaltyCorrection> corrections = after.correctionsOf(before);
        if (!corrections.isEmpty()) {
            events.add(new PenaltyAdjusted(accountId, cause, corrections,
                    after.accruedByLedgerMinor() - before.accruedByLedgerMinor(), after.balance().penaltyMinor(),
                    after.accruedByLedgerMinor()));
        }
        if (standing.status() == AccountStatus.OPEN && after.balance().isSettled()) {
            events.add(new AccountResolved(accountId, standing.stage(), after.settledOn()));
        } else if (standing.status() == AccountStatus.RESOLVED && !after.balance().isSettled()) {
            long dpd = AccountStanding.daysPastDue(standing.dueDate(), standing.accruedThrough(), after.balance());
            events.add(new AccountReopened(accountId, workflow.reopeningStage(standing, dpd), dpd, cause));
        }
        return events;
    }
}
