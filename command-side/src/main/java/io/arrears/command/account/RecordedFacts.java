package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.command.GrantWaiver;
import io.arrears.kernel.command.RaiseDispute;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.command.ReportToCreditBureau;
import io.arrears.kernel.command.ResolveDispute;
import io.arrears.kernel.command.TakeLegalAction;
import io.arrears.kernel.command.WriteOffAccount;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.BorrowerDataErased;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.LegalActionTaken;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.ReportedToCreditBureau;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.RuleViolation;
import io.arrears.kernel.rejection.UnknownReference;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The facts an account has recorded, as their events, by the id a command names them with: what a
 * retried command is compared with ({@code repeats}), and what a later one depends on (a reversal
 * needs its payment, a resolution its dispute). Promises and plans are {@link Commitments}', contacts
 * {@link ContactRecord}'s. Folded from the account's events; a snapshot carries it.
 */
final class RecordedFacts {

    private final Map<String, PaymentRecorded> payments = new HashMap<>();
    private final Map<String, PaymentReversed> reversals = new HashMap<>();
    private final Map<String, WaiverGranted> waivers = new HashMap<>();
    private final Map<String, DisputeRaised> disputes = new HashMap<>();
    private final Map<String, DisputeResolved> resolutions = new HashMap<>();
    private final Map<String, ReportedToCreditBureau> bureauReports = new HashMap<>();
    private final Map<String, LegalActionTaken> legalActions = new HashMap<>();
    private AccountWrittenOff writeOff;
    private BorrowerDataErased erasure;

    /** Folds an event of the account; events that record none of these facts change nothing. */
    void after(AccountEvent event) {
        if (event instanceof PaymentRecorded e) {
            payments.put(e.paymentId(), e);
        } else if (event instanceof PaymentReversed e) {
            reversals.put(e.paymentId(), e);
        } else if (event instanceof WaiverGranted e) {
            waivers.put(e.waiverId(), e);
        } else if (event instanceof DisputeRaised e) {
            disputes.put(e.disputeId(), e);
        } else if (event instanceof DisputeResolved e) {
            resolutions.put(e.disputeId(), e);
        } else if (event instanceof AccountWrittenOff e) {
            writeOff = e;
        } else if (event instanceof ReportedToCreditBureau e) {
            bureauReports.put(e.reference(), e);
        } else if (event instanceof LegalActionTaken e) {
            legalActions.put(e.reference(), e);
        } else if (event instanceof BorrowerDataErased e) {
            erasure = e;
        }
    }

    /** Whether {@code command} repeats the payment recorded under its id; another payment under it is refused. */
    boolean repeats(RecordPayment command, String currency) {
        PaymentRecorded earlier = payments.get(command.paymentId());
        return earlier != null && RetryAnswers.repeated(earlier.amount().toDecimalString().equals(command.amount())
                        && (command.currency() == null || command.currency().equals(currency))
                        && earlier.valueDate().equals(command.valueDate()) && earlier.channel().equals(command.channel()),
                "payment.id-reused", "paymentId " + command.paymentId() + " was already recorded with different "
                        + "content (" + earlier.amount() + " value-dated " + earlier.valueDate() + " via "
                        + earlier.channel() + ")");
    }

    boolean repeats(GrantWaiver command, Money amount) {
        WaiverGranted earlier = waivers.get(command.waiverId());
        return earlier != null && RetryAnswers.repeated(earlier.component() == command.component()
                        && earlier.amount().equals(amount) && earlier.effectiveDate().equals(command.effectiveDate())
                        && earlier.reason().equals(command.reason()),
                "waiver.id-reused", "waiverId " + command.waiverId() + " was already used for a different waiver");
    }

    boolean repeats(RaiseDispute command) {
        DisputeRaised earlier = disputes.get(command.disputeId());
        return earlier != null && RetryAnswers.repeated(earlier.raisedOn().equals(command.raisedOn())
                        && earlier.reason().equals(command.reason()),
                "dispute.id-reused", "disputeId " + command.disputeId() + " was already used for a different dispute");
    }

    /** Whether {@code command} repeats its dispute's resolution; a dispute is resolved once. */
    boolean repeats(ResolveDispute command) {
        DisputeResolved earlier = resolutions.get(command.disputeId());
        return earlier != null && RetryAnswers.repeated(earlier.resolvedOn().equals(command.resolvedOn())
                        && earlier.outcome() == command.outcome(),
                "dispute.already-resolved", "dispute " + command.disputeId() + " was already resolved on "
                        + earlier.resolvedOn() + " as " + earlier.outcome());
    }

    /** Whether {@code command} repeats the write-off; an account is written off once. */
    boolean repeats(WriteOffAccount command) {
        return writeOff != null && RetryAnswers.repeated(writeOff.writtenOffOn().equals(command.writtenOffOn())
                        && writeOff.reason().equals(command.reason()),
                "write-off.already", "the account was already written off from " + writeOff.writtenOffOn());
    }

    boolean repeats(ReportToCreditBureau command) {
        ReportedToCreditBureau earlier = bureauReports.get(command.reference());
        return earlier != null && RetryAnswers.repeated(earlier.bureau().equals(command.bureau()),
                "bureau.reference-reused", "reference " + command.reference() + " was already reported to "
                        + earlier.bureau());
    }

    boolean repeats(TakeLegalAction command) {
        LegalActionTaken earlier = legalActions.get(command.reference());
        return earlier != null && RetryAnswers.repeated(earlier.action().equals(command.action())
                        && earlier.description().equals(command.description()),
                "legal.reference-reused", "reference " + command.reference() + " was already used for "
                        + earlier.action());
    }

    PaymentRecorded payment(String paymentId) {
        return payments.get(paymentId);
    }

    /** The payment a reversal names: one recorded, and not reversed yet. */
    PaymentRecorded reversible(AccountId accountId, String paymentId) {
        PaymentRecorded payment = payments.get(paymentId);
        if (payment == null) {
            throw new UnknownReference("payment.unknown", "account " + accountId.value() + " has no payment "
                    + paymentId);
        }
        if (reversals.containsKey(paymentId)) {
            throw new RuleViolation("payment.already-reversed", "payment " + paymentId + " was reversed already");
        }
        return payment;
    }

    WaiverGranted waiver(String waiverId) {
        return waivers.get(waiverId);
    }

    /** The dispute a resolution names. */
    DisputeRaised dispute(AccountId accountId, String disputeId) {
        DisputeRaised dispute = disputes.get(disputeId);
        if (dispute == null) {
            throw new UnknownReference("dispute.unknown", "account " + accountId.value() + " has no dispute "
                    + disputeId);
        }
        return dispute;
    }

    /** Refuses a new dispute while one is open: an account has at most one at a time. */
    void requireNoOpenDispute() {
        openDispute().ifPresent(open -> {
            throw new RuleViolation("dispute.already-open", "dispute " + open.disputeId()
                    + " is still open; resolve it before raising another");
        });
    }

    /** The dispute raised and not resolved yet, if any: an account has at most one at a time. */
    Optional<DisputeRaised> openDispute() {
        return disputes.values().stream().filter(d -> !resolutions.containsKey(d.disputeId())).findFirst();
    }

    boolean erased() {
        return erasure != null;
    }
}
