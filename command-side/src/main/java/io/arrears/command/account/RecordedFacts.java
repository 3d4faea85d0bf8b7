package io.arrears.command.account;

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

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The facts an account has recorded, as their events, by the id a command names them with: what a
 * retried command is compared with, and what a later one depends on (a reversal needs its payment,
 * a resolution its dispute). Promises and plans are {@link Commitments}', contacts
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

    PaymentRecorded payment(String paymentId) {
        return payments.get(paymentId);
    }

    boolean reversed(String paymentId) {
        return reversals.containsKey(paymentId);
    }

    WaiverGranted waiver(String waiverId) {
        return waivers.get(waiverId);
    }

    DisputeRaised dispute(String disputeId) {
        return disputes.get(disputeId);
    }

    DisputeResolved resolution(String disputeId) {
        return resolutions.get(disputeId);
    }

    /** The dispute raised and not resolved yet, if any: an account has at most one at a time. */
    Optional<DisputeRaised> openDispute() {
        return disputes.values().stream().filter(d -> !resolutions.containsKey(d.disputeId())).findFirst();
    }

    AccountWrittenOff writeOff() {
        return writeOff;
    }

    ReportedToCreditBureau bureauReport(String reference) {
        return bureauReports.get(reference);
    }

    LegalActionTaken legalAction(String reference) {
        return legalActions.get(reference);
    }

    boolean erased() {
        return erasure != null;
    }
}
