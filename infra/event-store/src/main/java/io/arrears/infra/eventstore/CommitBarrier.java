package io.arrears.infra.eventstore;

/**
 * Makes acknowledged writes durable before the ledger answers. A replica set does this through its
 * write concern (majority, journaled), so there it does nothing; the embedded store needs its file
 * store committed and synced.
 */
@FunctionalInterface
public interface CommitBarrier {

    CommitBarrier NONE = () -> {
    };

    /** Returns once every write acknowledged before the call is on stable storage. */
    void awaitDurable();
}
