package io.arrears.infra.eventstore;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import static com.mongodb.client.model.Filters.eq;

/**
 * The event store's schema: its collections and the fields of their documents.
 *
 * <ul>
 *   <li>{@code event_commits}: one document per commit, {@code _id} its first global position and
 *       {@code lastPosition} its last; the aggregate, its first and last sequence (unique together
 *       with the aggregate), when it was committed, and its events, each with its position,
 *       sequence, id, type, revision, timestamp, payload, metadata and hashes; a MAC and the id of
 *       the key it was made with. A tombstone is a commit of no events that closes a position.</li>
 *   <li>{@code event_counters}: the position counter, the next position a writer reserves.</li>
 *   <li>{@code event_streams}: the account index ({@link AccountIndex}).</li>
 *   <li>{@code event_snapshots}: an aggregate's latest snapshot, MACed and bound to the event it
 *       follows.</li>
 * </ul>
 */
public final class CommitSchema {

    /**
     * Events in one commit: what one command may write. A correction on a long-lived account
     * re-allocates every later payment, one event each, so this allows 22 years of daily payments
     * (300 such events measured 329 KB, so 8,192 are about 9 MB, under MongoDB's 16 MB a
     * document). It is bounded because a reader resuming inside a commit looks back at most this
     * many positions for its start (ids and last positions only), and a reader at a gap waits for
     * at most this many positions at once.
     */
    public static final int EVENTS_PER_COMMIT_MAX = 8_192;

    /**
     * Commits one reply of a read of many brings back at most (its {@code batchSize}). The driver
     * copies every reply for its command listener (the ledger's store-command metrics) through a
     * buffer that doubles from 1 KB, so a reply of over 256 KB makes it allocate arrays of 512 KB and
     * more: under a 512 MiB heap G1 gives each such array regions of its own, and their allocation
     * starts its concurrent cycles. The accrual run's read ahead of a page's commits came back as one
     * reply; at 100,000 accounts the humongous regions G1 reclaimed fell from 36-40 MB/s to 23-27 MB/s
     * once such reads came back 64 commits a reply.
     */
    public static final int COMMITS_A_REPLY = 64;

    public static final String COMMITS = "event_commits";
    public static final String COUNTERS = "event_counters";
    public static final String SNAPSHOTS = "event_snapshots";
    public static final String STREAMS = "event_streams";
    public static final String COMMIT_REFS = "commits";
    public static final String REF_POSITION = "position";
    public static final String REF_FIRST = "first";
    public static final String REF_LAST = "last";

    public static final String POSITION_COUNTER = "position";
    public static final String ID = "_id";
    public static final String LAST_POSITION = "lastPosition";
    public static final String AGGREGATE_ID = "aggregateId";
    public static final String AGGREGATE_TYPE = "aggregateType";
    public static final String FIRST_SEQUENCE = "firstSequence";
    public static final String LAST_SEQUENCE = "lastSequence";
    public static final String COMMITTED_AT = "committedAt";
    public static final String TOMBSTONE = "tombstone";
    public static final String EVENTS = "events";
    public static final String POSITION = "position";
    public static final String SEQUENCE = "sequence";
    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String REVISION = "revision";
    public static final String TIMESTAMP = "timestamp";
    public static final String PAYLOAD = "payload";
    public static final String METADATA = "metadata";
    public static final String PREV_HASH = "prevHash";
    public static final String HASH = "hash";
    /** The audit key a commit's MAC and its events' hashes are made with; absent on commits from before the seal. */
    public static final String KEY_ID = "keyId";
    public static final String MAC = "mac";
    /** A snapshot's hash of the event it was taken after. */
    public static final String AFTER_HASH = "afterHash";

    private CommitSchema() {
    }

    /** Every position below the returned one has been handed to a writer, as the counter in {@code counters} says. */
    public static long reservedPositions(MongoCollection<Document> counters) {
        Document counter = counters.find(eq(ID, POSITION_COUNTER)).first();
        return counter == null ? 0 : ((Number) counter.get("value")).longValue();
    }
}
