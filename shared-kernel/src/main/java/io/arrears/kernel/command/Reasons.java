package io.arrears.kernel.command;

/** The reason a person gives for a command: required, and bounded like every text on record. */
public final class Reasons {

    public static final int LENGTH_MAX = 1_000;

    private Reasons() {
    }

    public static String require(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
        if (reason.length() > LENGTH_MAX) {
            throw new IllegalArgumentException("reason is at most " + LENGTH_MAX + " characters");
        }
        return reason;
    }
}
