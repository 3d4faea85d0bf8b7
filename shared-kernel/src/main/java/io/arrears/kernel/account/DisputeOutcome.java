package io.arrears.kernel.account;

/**
 * How a dispute ended. The outcome is on record; any money it changes is a separate waiver, so every
 * cent keeps its own event.
 */
public enum DisputeOutcome {
    /** The borrower was right; corrections follow as waivers. */
    UPHELD,
    /** The debt stands as recorded. */
    REJECTED,
    /** The borrower withdrew the dispute. */
    WITHDRAWN
}
