package io.arrears.infra.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.query.api.AccountEventLog;
import org.bson.Document;

import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.COMMIT_REFS;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.ID;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_FIRST;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_LAST;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_POSITION;

/**
 * Answers from an aggregate's stream document which of its events stand at or before a position,
 * rounding up to the end of the commit the position falls in.
 */
public class StreamEventLog implements AccountEventLog {

    private final MongoCollection<Document> streams;

    public StreamEventLog(MongoDatabase database) {
        this.streams = database.getCollection(MongoCommitEventStorageEngine.STREAMS);
    }

    @Override
    public Optional<EventRef> lastEventAtOrBefore(String accountId, long position) {
        Document stream = streams.find(eq(ID, accountId)).first();
        if (stream == null) {
            return Optional.empty();
        }
        EventRef last = null;
        for (Document ref : stream.getList(COMMIT_REFS, Document.class)) {
            long firstPosition = ref.getLong(REF_POSITION);
            if (firstPosition > position) {
                continue;
            }
            // A commit is written whole: a position inside it stands for all of it, so a reader never
            // waits for half a command (a fact without the corrections it caused).
            long events = ref.getLong(REF_LAST) - ref.getLong(REF_FIRST) + 1;
            EventRef candidate = new EventRef(firstPosition + events - 1, ref.getLong(REF_LAST));
            if (last == null || candidate.position() > last.position()) {
                last = candidate;
            }
        }
        return Optional.ofNullable(last);
    }
}
