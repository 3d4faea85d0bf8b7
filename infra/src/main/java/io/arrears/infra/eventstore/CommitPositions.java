package io.arrears.infra.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.command.api.EventPositions;
import org.bson.Document;

import java.util.OptionalLong;

import static com.mongodb.client.model.Filters.eq;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.COMMIT_REFS;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.ID;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_FIRST;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_LAST;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_POSITION;

/**
 * Finds an event's global position: from the engine when it is the newest the engine appended or read
 * (a command answering with its own last event), else through the aggregate's stream document: the
 * position of the commit that holds the sequence plus the event's offset in it.
 */
public class CommitPositions implements EventPositions {

    private final MongoCollection<Document> streams;
    private final MongoCommitEventStorageEngine engine;

    /** Reads every position from the stream documents, as tools without an engine of their own do. */
    public CommitPositions(MongoDatabase database) {
        this(database, null);
    }

    public CommitPositions(MongoDatabase database, MongoCommitEventStorageEngine engine) {
        this.streams = database.getCollection(MongoCommitEventStorageEngine.STREAMS);
        this.engine = engine;
    }

    @Override
    public long positionOf(String aggregateId, long sequence) {
        if (engine != null) {
            OptionalLong recent = engine.recentPosition(aggregateId, sequence);
            if (recent.isPresent()) {
                return recent.getAsLong();
            }
        }
        Document stream = streams.find(eq(ID, aggregateId)).first();
        if (stream != null) {
            for (Document ref : stream.getList(COMMIT_REFS, Document.class)) {
                if (ref.getLong(REF_FIRST) <= sequence && sequence <= ref.getLong(REF_LAST)) {
                    return ref.getLong(REF_POSITION) + (sequence - ref.getLong(REF_FIRST));
                }
            }
        }
        throw new IllegalStateException("no stored event " + sequence + " of " + aggregateId);
    }
}
