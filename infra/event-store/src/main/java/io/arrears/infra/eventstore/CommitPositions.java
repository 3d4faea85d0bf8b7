package io.arrears.infra.eventstore;

import com.mongodb.client.MongoDatabase;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds an event's global position: from the engine when it is the newest the engine appended or read
 * (a command answering with its own last event), else through the aggregate's index (one page): the
 * position of the commit that holds the sequence plus the event's offset in it.
 */
public class CommitPositions {

    private final AccountIndex index;
    private final MongoCommitEventStorageEngine engine;

    /** Reads every position from the account index, as tools without an engine of their own do. */
    public CommitPositions(MongoDatabase database) {
        this(database, null);
    }

    public CommitPositions(MongoDatabase database, MongoCommitEventStorageEngine engine) {
        this.index = new AccountIndex(database);
        this.engine = engine;
    }

    public long positionOf(String aggregateId, long sequence) {
        if (engine != null) {
            OptionalLong recent = engine.recentPosition(aggregateId, sequence);
            if (recent.isPresent()) {
                return recent.getAsLong();
            }
        }
        Optional<AccountIndex.Ref> ref = index.covering(aggregateId, sequence);
        if (ref.isPresent()) {
            return ref.get().position() + (sequence - ref.get().first());
        }
        throw new IllegalStateException("no stored event " + sequence + " of " + aggregateId);
    }
}
