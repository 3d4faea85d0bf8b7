package io.arrears.query.api;

import java.util.Optional;

/**
 * What the event store knows of one account's events; the store implements it. A query with
 * {@code consistentWith=p} waits until its projection has applied the account's last event at or
 * before position p, which holds whichever node or segment applies it.
 */
public interface AccountEventLog {

    record EventRef(long position, long sequence) {
    }

    Optional<EventRef> lastEventAtOrBefore(String accountId, long position);
}
