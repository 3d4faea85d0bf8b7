package io.arrears.infra.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.AGGREGATE_ID;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.COMMIT_REFS;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.ID;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_FIRST;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_LAST;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_POSITION;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.STREAMS;

/**
 * The account index: a document per aggregate in {@code event_streams} ({@code _id} the aggregate
 * id) listing its commits by position and sequence range, the one way the embedded server finds an
 * aggregate's commits fast. A writer lists its commit after storing it; the sealer lists one whose
 * writer died in between; verification checks that every commit is listed.
 */
public final class AccountIndex {

    private final MongoCollection<Document> streams;

    public AccountIndex(MongoDatabase database) {
        this.streams = database.getCollection(STREAMS);
    }

    /** Lists a commit in its aggregate's document; listing it again changes nothing. */
    void list(String aggregateId, long position, long firstSequence, long lastSequence) {
        Document ref = new Document(REF_POSITION, position).append(REF_FIRST, firstSequence)
                .append(REF_LAST, lastSequence);
        streams.updateOne(eq(ID, aggregateId), Updates.combine(Updates.addToSet(COMMIT_REFS, ref),
                Updates.max(LAST_SEQUENCE, lastSequence)), new UpdateOptions().upsert(true));
    }

    /** The commits listed for an aggregate, in sequence order; none for an unknown one. */
    List<Document> refs(String aggregateId) {
        Document stream = streams.find(eq(ID, aggregateId)).first();
        if (stream == null) {
            return List.of();
        }
        List<Document> refs = new ArrayList<>(stream.getList(COMMIT_REFS, Document.class));
        refs.sort(Comparator.comparingLong(ref -> ref.getLong(REF_FIRST)));
        return refs;
    }

    /**
     * Which positions are listed, by account, for the accounts among {@code commits}: one read of
     * their documents, positions only.
     */
    public Map<String, Set<Long>> listedPositions(Iterable<Document> commits) {
        Set<String> accounts = new HashSet<>();
        for (Document commit : commits) {
            String aggregateId = commit.getString(AGGREGATE_ID);
            if (aggregateId != null && !aggregateId.startsWith("~")) {
                accounts.add(aggregateId);
            }
        }
        Map<String, Set<Long>> listed = new HashMap<>();
        if (accounts.isEmpty()) {
            return listed;
        }
        for (Document stream : streams.find(in(ID, new ArrayList<>(accounts)))
                .projection(Projections.include(ID, COMMIT_REFS + "." + REF_POSITION))) {
            listed.put(stream.getString(ID), positions(stream));
        }
        return listed;
    }

    /** The positions an aggregate's document lists. */
    public static Set<Long> positions(Document stream) {
        Set<Long> positions = new HashSet<>();
        for (Document ref : stream.getList(COMMIT_REFS, Document.class)) {
            positions.add(ref.getLong(REF_POSITION));
        }
        return positions;
    }
}
