package io.arrears.command.account;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

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

    private final Map<String, Posted> posted = new HashMap<>();
    /** The fact whose command's events are being folded, while they last; null between commands. */
    private String current;
    private long lastSequence = -1;

    /** The key of a fact: its kind and its id within the account (empty for a fact an account has once). */
    static String key(String kind, String id) {
        return kind + ":" + id;
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
