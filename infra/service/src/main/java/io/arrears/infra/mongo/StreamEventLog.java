package io.arrears.infra.mongo;

import com.mongodb.client.MongoDatabase;
import io.arrears.infra.eventstore.AccountIndex;
import io.arrears.query.api.AccountEventLog;

import java.util.Optional;

/**
 * Answers from an aggregate's index (its head and last pages) which of its events stand at or before a
 * position, rounding up to the end of the commit the position falls in: a commit is written whole,
 * so a position inside it stands for all of it, and a reader never waits for half a command (a fact
 * without the corrections it caused).
 */
public class StreamEventLog implements AccountEventLog {

    private final AccountIndex index;

    public StreamEventLog(MongoDatabase database) {
        this.index = new AccountIndex(database);
    }

    @Override
    public Optional<EventRef> lastEventAtOrBefore(String accountId, long position) {
        return index.lastAtOrBefore(accountId, position).map(ref -> new EventRef(ref.lastPosition(), ref.last()));
    }
}
