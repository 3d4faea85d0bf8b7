package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.arrears.infra.eventstore.AccountIndex;
import io.arrears.infra.eventstore.CommitSchema;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.ID;

/**
 * The trail straight from the event store, in position order: one account's events, or every
 * event in a position range. Entries stream to a consumer a commit page at a time, so an export of
 * any length holds one page in memory.
 */
public class AuditTrailReader {

    static final int COMMITS_PER_PAGE = 200;
    private final MongoCollection<Document> commits;
    private final AccountIndex index;

    public AuditTrailReader(MongoDatabase database) {
        this.commits = database.getCollection(CommitSchema.COMMITS);
        this.index = new AccountIndex(database);
    }

    /**
     * One event of the trail, as an auditor reads it.
     *
     * @param keyId the audit key its hash is made with; null for an event from before the store was sealed
     */
    public record Entry(long position, String accountId, long sequence, String eventId, String type,
                        String revision, String recordedAt, Document payload, Document metadata, String prevHash,
                        String hash, String keyId) {

        public String typeName() {
            return type.substring(type.lastIndexOf('.') + 1);
        }

        public String metadata(String key) {
            Object value = metadata.get(key);
            return value == null ? null : value.toString();
        }
    }

    /** Every event of the account in sequence order; false when there is no such account. */
    public boolean account(String accountId, Consumer<Entry> sink) {
        return accountCommits(accountId, commit -> entries(commit, Long.MIN_VALUE, Long.MAX_VALUE, sink));
    }

    /** Every commit of the account in position order, as stored; false when there is no such account. */
    public boolean accountCommits(String accountId, Consumer<Document> sink) {
        if (index.lastSequence(accountId).isEmpty()) {
            return false;
        }
        List<Long> positions = new ArrayList<>();
        for (AccountIndex.Ref ref : index.refs(accountId)) {
            positions.add(ref.position());
        }
        for (int from = 0; from < positions.size(); from += COMMITS_PER_PAGE) {
            List<Document> page = new ArrayList<>();
            commits.find(in(ID, positions.subList(from, Math.min(positions.size(), from + COMMITS_PER_PAGE))))
                    .into(page);
            page.sort(Comparator.comparingLong(commit -> commit.getLong(ID)));
            page.forEach(sink);
        }
        return true;
    }

    /** Every account event with a position from {@code fromPosition} through {@code toPosition}. */
    public void range(long fromPosition, long toPosition, Consumer<Entry> sink) {
        rangeCommits(fromPosition, toPosition, commit -> entries(commit, fromPosition, toPosition, sink));
    }

    /**
     * Every commit holding a position from {@code fromPosition} through {@code toPosition}, tombstones
     * included, in position order, as stored.
     */
    public void rangeCommits(long fromPosition, long toPosition, Consumer<Document> sink) {
        // A commit holds at most EVENTS_PER_COMMIT_MAX positions from its _id on.
        long firstId = Math.max(0, fromPosition - CommitSchema.EVENTS_PER_COMMIT_MAX + 1);
        long after = firstId - 1;
        while (after < toPosition) {
            List<Document> page = new ArrayList<>();
            commits.find(and(gte(ID, after + 1), lte(ID, toPosition))).sort(Sorts.ascending(ID))
                    .limit(COMMITS_PER_PAGE).into(page);
            if (page.isEmpty()) {
                return;
            }
            for (Document commit : page) {
                if (commit.getLong(CommitSchema.LAST_POSITION) >= fromPosition) {
                    sink.accept(commit);
                }
            }
            after = page.get(page.size() - 1).getLong(ID);
        }
    }

    /** The events of an account's commit with positions from..to, as entries; none for a tombstone. */
    static void entries(Document commit, long fromPosition, long toPosition, Consumer<Entry> sink) {
        String accountId = commit.getString(CommitSchema.AGGREGATE_ID);
        if (accountId == null || accountId.startsWith("~") || commit.getBoolean("tombstone", false)) {
            return;
        }
        for (Document event : commit.getList(EVENTS, Document.class)) {
            long position = event.getLong("position");
            if (position < fromPosition || position > toPosition) {
                continue;
            }
            sink.accept(new Entry(position, accountId, event.getLong("sequence"), event.getString("eventId"),
                    event.getString("type"), event.getString("revision"), event.getString("timestamp"),
                    event.get("payload", Document.class), event.get("metadata", Document.class),
                    event.getString("prevHash"), event.getString("hash"),
                    commit.getString(CommitSchema.KEY_ID)));
        }
    }
}
