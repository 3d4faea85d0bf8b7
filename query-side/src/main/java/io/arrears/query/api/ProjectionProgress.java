package io.arrears.query.api;

/** Tells whether a projection has processed every event up to a global position; the store implements it. */
public interface ProjectionProgress {

    boolean hasReached(String processingGroup, long position);
}
