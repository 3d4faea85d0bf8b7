package io.arrears.command.account;

import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.WaiverGranted;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The value-dated facts the ledger of docs/DESIGN.md §3 is a function of: the opening, payments in the
 * order recorded (reversed ones removed), waivers, disputes and a write-off. Immutable; each change
 * returns new facts.
 *
 * @param writtenOffOn null while the account is not written off
 */
public record LedgerFacts(LocalDate dueDate, LocalDate balancesAsOf, Balance opening, Terms terms,
                          List<PaymentFact> payments, List<WaiverFact> waivers, List<DisputeFact> disputes,
                          LocalDate writtenOffOn) {

    public record PaymentFact(String paymentId, long amountMinor, LocalDate valueDate) {
    }

    public record WaiverFact(String waiverId, Component component, long amountMinor, LocalDate effectiveDate) {
    }

    /** @param resolvedOn null while the dispute is open */
    public record DisputeFact(String disputeId, LocalDate raisedOn, LocalDate resolvedOn) {

        /** Penalty is frozen on the evenings from raisedOn until the day before resolvedOn. */
        boolean freezes(LocalDate date) {
            return !date.isBefore(raisedOn) && (resolvedOn == null || date.isBefore(resolvedOn));
        }
    }

    public LedgerFacts {
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(balancesAsOf, "balancesAsOf");
        Objects.requireNonNull(opening, "opening");
        Objects.requireNonNull(terms, "terms");
        payments = unmodifiable(payments);
        waivers = unmodifiable(waivers);
        disputes = unmodifiable(disputes);
    }

    public static LedgerFacts opened(LocalDate dueDate, LocalDate balancesAsOf, Balance opening, Terms terms) {
        return new LedgerFacts(dueDate, balancesAsOf, opening, terms, List.of(), List.of(), List.of(), null);
    }

    public LedgerFacts withPayment(PaymentFact payment) {
        return new LedgerFacts(dueDate, balancesAsOf, opening, terms, AppendedList.append(payments, payment),
                waivers, disputes, writtenOffOn);
    }

    public LedgerFacts withoutPayment(String paymentId) {
        List<PaymentFact> left = payments.stream().filter(p -> !p.paymentId().equals(paymentId)).toList();
        return new LedgerFacts(dueDate, balancesAsOf, opening, terms, left, waivers, disputes, writtenOffOn);
    }

    public LedgerFacts withWaiver(WaiverFact waiver) {
        return new LedgerFacts(dueDate, balancesAsOf, opening, terms, payments,
                AppendedList.append(waivers, waiver), disputes, writtenOffOn);
    }

    public LedgerFacts withDisputeRaised(String disputeId, LocalDate raisedOn) {
        return new LedgerFacts(dueDate, balancesAsOf, opening, terms, payments, waivers,
                AppendedList.append(disputes, new DisputeFact(disputeId, raisedOn, null)), writtenOffOn);
    }

    public LedgerFacts withDisputeResolved(String disputeId, LocalDate resolvedOn) {
        List<DisputeFact> changed = disputes.stream()
                .map(d -> d.disputeId().equals(disputeId) ? new DisputeFact(disputeId, d.raisedOn(), resolvedOn) : d)
                .toList();
        return new LedgerFacts(dueDate, balancesAsOf, opening, terms, payments, waivers, changed, writtenOffOn);
    }

    public LedgerFacts writtenOff(LocalDate date) {
        return new LedgerFacts(dueDate, balancesAsOf, opening, terms, payments, waivers, disputes, date);
    }

    /** The facts after one more event; events that state no fact leave them as they are. */
    public LedgerFacts apply(AccountEvent event) {
        if (event instanceof PaymentRecorded e) {
            return withPayment(new PaymentFact(e.paymentId(), e.amount().amountMinor(), e.valueDate()));
        } else if (event instanceof PaymentReversed e) {
            return withoutPayment(e.paymentId());
        } else if (event instanceof WaiverGranted e) {
            return withWaiver(new WaiverFact(e.waiverId(), e.component(), e.amount().amountMinor(), e.effectiveDate()));
        } else if (event instanceof DisputeRaised e) {
            return withDisputeRaised(e.disputeId(), e.raisedOn());
        } else if (event instanceof DisputeResolved e) {
            return withDisputeResolved(e.disputeId(), e.resolvedOn());
        } else if (event instanceof AccountWrittenOff e) {
            return writtenOff(e.writtenOffOn());
        }
        return this;
    }

    /**
     * The facts dated on or before {@code date}: what the ledger now knows about that date. Disputes
     * and a write-off dated later freeze only later evenings, so they drop out as well.
     */
    public LedgerFacts knownOn(LocalDate date) {
        return new LedgerFacts(dueDate, balancesAsOf, opening, terms,
                payments.stream().filter(p -> !p.valueDate().isAfter(date)).toList(),
                waivers.stream().filter(w -> !w.effectiveDate().isAfter(date)).toList(),
                disputes.stream().filter(d -> !d.raisedOn().isAfter(date)).toList(),
                writtenOffOn != null && !writtenOffOn.isAfter(date) ? writtenOffOn : null);
    }

    public Optional<PaymentFact> payment(String paymentId) {
        return payments.stream().filter(p -> p.paymentId().equals(paymentId)).findFirst();
    }

    /** The latest date any fact is value-dated on, or balancesAsOf when there is none. */
    LocalDate latestFactDate() {
        LocalDate latest = balancesAsOf;
        for (PaymentFact payment : payments) {
            latest = payment.valueDate().isAfter(latest) ? payment.valueDate() : latest;
        }
        for (WaiverFact waiver : waivers) {
            latest = waiver.effectiveDate().isAfter(latest) ? waiver.effectiveDate() : latest;
        }
        return latest;
    }

    boolean frozen(LocalDate date) {
        if (writtenOffOn != null && !date.isBefore(writtenOffOn)) {
            return true;
        }
        for (DisputeFact dispute : disputes) {
            if (dispute.freezes(date)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code list} if {@link AppendedList} made it (no one can change it, and a payment folded into the
     * account appends to it without copying it); else an unmodifiable copy.
     */
    private static <T> List<T> unmodifiable(List<T> list) {
        return list instanceof AppendedList<T> ? list : List.copyOf(list);
    }
}
