package io.arrears.query.api;

import java.time.Duration;

/**
 * Holds a query until its projection has caught up with a position a command answered with
 * ({@code ?consistentWith=}), polling the projection's progress, for at most {@link #WAIT_MAX}.
 */
public class ConsistencyGate {

    public static final Duration WAIT_MAX = Duration.ofSeconds(5);
    static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private final ProjectionProgress progress;

    public ConsistencyGate(ProjectionProgress progress) {
        this.progress = progress;
    }

    public void await(String processingGroup, Long position) {
        if (position == null || position < 0) {
            return;
        }
        long deadline = System.nanoTime() + WAIT_MAX.toNanos();
        while (!progress.hasReached(processingGroup, position)) {
            if (System.nanoTime() > deadline) {
                throw new NotConsistentYet(processingGroup, position);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotConsistentYet(processingGroup, position);
            }
        }
    }
}
