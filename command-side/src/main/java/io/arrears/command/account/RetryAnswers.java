package io.arrears.command.account;

import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.BorrowerDataErased;
import io.arrears.kernel.event.CeaseContactRequested;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.InstalmentKept;
import io.arrears.kernel.event.InstalmentMissed;
import io.arrears.kernel.event.LegalActionTaken;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PlanAgreed;
import io.arrears.kernel.event.PlanBroken;
import io.arrears.kernel.event.PlanCompleted;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseKept;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.event.ReportedToCreditBureau;
import io.arrears.kernel.event.WaiverAdjusted;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.kernel.rejection.RuleViolation;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a retried command is answered with: for every fact an account recorded (a payment, a
 * contact, a waiver, ...), the sequence of the last event its command wrote and the date the ledger
 * was posted through after it. A command writes its fact's event first and then the events it
 * caused (reallocations, penalty adjustments, a resolution), so those extend the fact's answer until
 * an event of another command comes. Folded from the account's events; a snapshot carries it.
 */
final class RetryAnswers {

    /** The answer to one fact's command. */
    record Posted(long lastSequence, LocalDate accruedThrough) {
    }

    /** Events a command writes after its fact's event, caused by it. */
    private static final Set<Class<? extends AccountEvent>> CORRECTIONS = Set.of(PaymentReallocated.class,
            WaiverAdjusted.class, PenaltyAdjusted.class, AccountResolved.class, AccountReopened.class,
            PromiseKept.class, PromiseBroken.class, InstalmentKept.class, InstalmentMissed.class, PlanBroken.class,
            PlanCompleted.class, ContactPolicyBreached.class);

    private final Map<String, Posted> posted = new HashMap<>();
    /** The fact whose command's events are being folded, while they last; null between commands. */
    private String current;
    private long lastSequence = -1;

    /**
     * Whether a command naming an id already used repeats what was recorded under it: true for the
     * same content (a retry, answered as the first time), a {@code rule} violation for another.
     */
    static boolean repeated(boolean sameContent, String rule, String conflict) {
        if (!sameContent) {
            throw new RuleViolation(rule, conflict);
        }
        return true;
    }

    /** The key of a fact: its kind and its id within the account (empty for a fact an account has once). */
    static String key(String kind, String id) {
        return kind + ":" + id;
    }

    /**
     * The key of the fact {@code event} records, or null for an event that records none of its own
     * (an opening, an accrual, a stage move, or an event a fact caused).
     */
    static String factOf(AccountEvent event) {
        if (event instanceof PaymentRecorded e) {
            return key("payment", e.paymentId());
        } else if (event instanceof PaymentReversed e) {
            return key("reversal", e.paymentId());
        } else if (event instanceof WaiverGranted e) {
            return key("waiver", e.waiverId());
        } else if (event instanceof DisputeRaised e) {
            return key("dispute", e.disputeId());
        } else if (event instanceof DisputeResolved e) {
            return key("resolution", e.disputeId());
        } else if (event instanceof AccountWrittenOff) {
            return key("write-off", "");
        } else if (event instanceof ContactLogged e) {
            return key("contact", e.contactId());
        } else if (event instanceof PromiseRecorded e) {
            return key("promise", e.promiseId());
        } else if (event instanceof PlanAgreed e) {
            return key("plan", e.planId());
        } else if (event instanceof ReportedToCreditBureau e) {
            return key("bureau", e.reference());
        } else if (event instanceof LegalActionTaken e) {
            return key("legal", e.reference());
        } else if (event instanceof BorrowerDataErased) {
            return key("erasure", "");
        } else if (event instanceof CeaseContactRequested) {
            return key("cease", "");
        }
        return null;
    }

    /** Folds one of the account's events at {@code sequence}, with the date the ledger is posted through after it. */
    void recorded(AccountEvent event, long sequence, LocalDate accruedThrough) {
        String fact = factOf(event);
        if (fact != null) {
            factRecorded(fact, sequence, accruedThrough);
        } else if (CORRECTIONS.contains(event.getClass())) {
            correctionRecorded(sequence, accruedThrough);
        } else {
            otherRecorded(sequence);
        }
    }

    /** A fact's own event: the events after it of the same command extend its answer. */
    void factRecorded(String key, long sequence, LocalDate accruedThrough) {
        current = key;
        posted.put(key, new Posted(sequence, accruedThrough));
        lastSequence = sequence;
    }

    /** An event a fact caused, within the command that recorded the fact. */
    void correctionRecorded(long sequence, LocalDate accruedThrough) {
        if (current != null) {
            posted.put(current, new Posted(sequence, accruedThrough));
        }
        lastSequence = sequence;
    }

    /** An event of a command that records no fact (an accrual, a stage move): it ends the fact before. */
    void otherRecorded(long sequence) {
        current = null;
        lastSequence = sequence;
    }

    /** The answer to the command that recorded {@code key}; null when no such fact was recorded. */
    Posted of(String key) {
        return posted.get(key);
    }

    /** The sequence of the account's last event. */
    long lastSequence() {
        return lastSequence;
    }
}
