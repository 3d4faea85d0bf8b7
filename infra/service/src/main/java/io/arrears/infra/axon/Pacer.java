package io.arrears.infra.axon;

/**
 * Keeps a periodic task to a share of the time: after a run that took {@code d}, the next is due
 * {@code d × pace} after the run began. A task that is quick stays on its schedule; one that grows
 * with the data (a scan of every account) runs less often instead of more of the time.
 */
final class Pacer {

    private final long pace;
    private long nextDueNanos;
    private boolean ran;

    /** @param pace how many times its own length a run is apart from the next, at least */
    Pacer(long pace) {
        if (pace < 1) {
            throw new IllegalArgumentException("a pace is at least 1, not " + pace);
        }
        this.pace = pace;
    }

    synchronized boolean due(long nowNanos) {
        return !ran || nowNanos - nextDueNanos >= 0;
    }

    synchronized void ran(long startedNanos, long endedNanos) {
        ran = true;
        nextDueNanos = startedNanos + (endedNanos - startedNanos) * pace;
    }
}
