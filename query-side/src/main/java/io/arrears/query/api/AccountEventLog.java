package io.arrears.query.api;

import java.util.Optional;

/**
 * What the event store knows of one account's events; the store implements it. A query with
 * {@code consistentWith=p} waits until its projection has applied the account's last event at or
 * before position p (through the end of the command that wrote it), which holds whichever node or
 * segment applies it.
 */
public interface AccountEventLog {

    record EventRef(long position, long sequence) {
    }

    /** The account's last event in the commits that start at or before {@code position}. */
    Optional<EventRef> lastEventAtOrBefore(String accountId, long position);
}
