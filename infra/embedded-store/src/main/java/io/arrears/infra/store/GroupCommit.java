package io.arrears.infra.store;

import org.h2.mvstore.MVStore;

/**
 * Commits and syncs one of the embedded server's file stores, the record's before an append is
 * acknowledged.
 *
 * <p>Left to its background auto-commit, H2's MVStore commits about once a second, so a kill -9 loses
 * what it acknowledged in that second. Here every caller takes a ticket after its write was
 * acknowledged; one caller at a time commits and syncs for every ticket taken so far, and callers
 * whose ticket a flush already covered return without flushing again (group commit), as do callers
 * who find nothing unsaved. The store is opened with auto-commit off ({@link EmbeddedMongoServer}):
 * this is its only committer, so whatever it finds committed, it has synced.
 */
public final class GroupCommit {

    private final MVStore store;
    private final Object ticketLock = new Object();
    private final Object flushLock = new Object();
    private long ticketsIssued;
    private long ticketsDurable;

    public GroupCommit(MVStore store) {
        this.store = store;
    }

    /** Returns once every write acknowledged before the call is committed and synced. */
    public void awaitDurable() {
        long ticket;
        synchronized (ticketLock) {
            ticket = ++ticketsIssued;
        }
        synchronized (flushLock) {
            if (ticketsDurable >= ticket) {
                return;
            }
            long covered;
            synchronized (ticketLock) {
                covered = ticketsIssued;
            }
            if (store.hasUnsavedChanges()) {
                store.commit();
                store.sync();
            }
            ticketsDurable = covered;
        }
    }
}
