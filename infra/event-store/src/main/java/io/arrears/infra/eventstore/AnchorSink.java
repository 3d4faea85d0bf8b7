package io.arrears.infra.eventstore;

import java.util.List;

/**
 * Where anchors are published: somewhere whoever can write the database cannot rewrite. The
 * default is a directory of append-only files ({@link DirectoryAnchorSink}); in production it is
 * write-once storage, such as an S3-compatible bucket with object lock in compliance mode, written
 * with a credential the database's administrators do not hold.
 */
public interface AnchorSink {

    /** Publishes an anchor for good; publishing the same anchor again changes nothing. */
    void publish(Anchor anchor);

    /** Every anchor published, in sequence order; an entry that cannot be read is reported, not skipped. */
    List<Published> list();

    /** Where this sink publishes, for people. */
    String describe();

    /**
     * One published anchor as found, or what was found where one should be.
     *
     * @param anchor  null when the entry at {@code name} does not read as an anchor
     * @param problem null when it reads
     */
    record Published(String name, Anchor anchor, String problem) {
    }
}
