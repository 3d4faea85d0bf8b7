package io.arrears.query.api;

/** The projection did not reach the requested position in time; the API answers 503 with Retry-After. */
public class NotConsistentYet extends RuntimeException {

    public NotConsistentYet(String processingGroup, long position) {
        super("the " + processingGroup + " projection has not reached position " + position + " yet");
    }
}
