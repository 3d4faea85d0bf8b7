package io.arrears.query.api;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Holds a query until its projection has applied every event of the account up to a position a
 * command answered with ({@code ?consistentWith=}), polling for at most {@link #WAIT_MAX}.
 */
public class ConsistencyGate {

    public static final Duration WAIT_MAX = Duration.ofSeconds(5);
    static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private final AccountEventLog eventLog;

    public ConsistencyGate(AccountEventLog eventLog) {
        this.eventLog = eventLog;
    }

    /**
     * @param sequenceApplied tells whether the projection has applied the account's event with this sequence
     */
    public void await(String projection, String accountId, Long position, LongPredicate sequenceApplied) {
        if (position == null || position < 0) {
            return;
        }
        Optional<AccountEventLog.EventRef> last = eventLog.lastEventAtOrBefore(accountId, position);
        if (last.isEmpty()) {
            return;
        }
        long sequence = last.get().sequence();
        long deadline = System.nanoTime() + WAIT_MAX.toNanos();
        while (!sequenceApplied.test(sequence)) {
            if (System.nanoTime() > deadline) {
                throw new NotConsistentYet(projection, position);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotConsistentYet(projection, position);
            }
        }
    }
}
