package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.arrears.infra.eventstore.EventHashes;
import io.arrears.infra.store.IdPages;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.AGGREGATE_ID;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.COMMITS;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.COMMIT_REFS;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.EVENTS;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.EVENT_ID;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.HASH;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.ID;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.METADATA;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.PAYLOAD;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.POSITION;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.PREV_HASH;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REF_POSITION;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.REVISION;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.SEQUENCE;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.STREAMS;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.TIMESTAMP;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngine.TYPE;

/**
 * Recomputes every account's hash chain from the stored documents and reports the first broken
 * link: an event whose content no longer gives its hash (edited), whose prevHash is not the hash of
 * the event before it (deleted, reordered or inserted), a sequence missing below the stream's last
 * (deleted), a commit the stream lists that is gone, or a commit in the store that no stream lists
 * (forged). Reads by {@code _id}, except the one pass over all commits that finds unlisted ones.
 */
public class ChainVerifier {

    /** Commits read per page in the pass over all of them. */
    static final int COMMITS_PER_PAGE = 500;

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> streams;

    public ChainVerifier(MongoDatabase database) {
        this.commits = database.getCollection(COMMITS);
        this.streams = database.getCollection(STREAMS);
    }

    /** Where a chain is broken and how. */
    public record BrokenLink(String accountId, Long sequence, Long position, String problem, String expected,
                             String found) {
    }

    /** @param brokenLink null when ok */
    public record Result(boolean ok, long accountsChecked, long eventsChecked, BrokenLink brokenLink) {
    }

    public Result verifyAccount(String accountId) {
        Document stream = streams.find(eq(ID, accountId)).first();
        if (stream == null) {
            return new Result(false, 0, 0, new BrokenLink(accountId, null, null, "no such account", null, null));
        }
        Set<Long> listed = new HashSet<>();
        for (Document ref : stream.getList(COMMIT_REFS, Document.class)) {
            listed.add(ref.getLong(REF_POSITION));
        }
        List<Document> stored = new ArrayList<>();
        commits.find(eq(AGGREGATE_ID, accountId)).projection(Projections.include(ID)).into(stored);
        for (Document commit : stored) {
            if (!listed.contains(commit.getLong(ID))) {
                return new Result(false, 1, 0, new BrokenLink(accountId, null, commit.getLong(ID),
                        "a commit in the store that the account's stream does not list", null, null));
            }
        }
        return verifyStream(stream);
    }

    /** Every account, then every commit against the streams; {@code progress} hears each account done. */
    public Result verifyAll(LongConsumer progress) {
        long[] checked = new long[2];
        Map<Long, String> listedBy = new HashMap<>();
        List<BrokenLink> broken = new ArrayList<>(1);
        IdPages.forEach(streams, null, null, COMMITS_PER_PAGE, page -> {
            for (Document stream : page) {
                Result result = verifyStream(stream);
                checked[0]++;
                checked[1] += result.eventsChecked();
                progress.accept(checked[0]);
                if (!result.ok()) {
                    broken.add(result.brokenLink());
                    return false;
                }
                for (Document ref : stream.getList(COMMIT_REFS, Document.class)) {
                    listedBy.put(ref.getLong(REF_POSITION), stream.getString(ID));
                }
            }
            return true;
        });
        if (broken.isEmpty()) {
            IdPages.forEach(commits, null, Projections.include(ID, AGGREGATE_ID), COMMITS_PER_PAGE, page -> {
                for (Document commit : page) {
                    String aggregateId = commit.getString(AGGREGATE_ID);
                    boolean ofAnAccount = aggregateId != null && !aggregateId.startsWith("~");
                    if (ofAnAccount && !aggregateId.equals(listedBy.get(commit.getLong(ID)))) {
                        broken.add(new BrokenLink(aggregateId, null, commit.getLong(ID),
                                "a commit in the store that the account's stream does not list", null, null));
                        return false;
                    }
                }
                return true;
            });
        }
        return new Result(broken.isEmpty(), checked[0], checked[1], broken.isEmpty() ? null : broken.get(0));
    }

    private Result verifyStream(Document stream) {
        String accountId = stream.getString(ID);
        List<Long> positions = new ArrayList<>();
        for (Document ref : stream.getList(COMMIT_REFS, Document.class)) {
            positions.add(ref.getLong(REF_POSITION));
        }
        List<Document> found = new ArrayList<>();
        commits.find(in(ID, positions)).into(found);
        Set<Long> present = new HashSet<>();
        found.forEach(commit -> present.add(commit.getLong(ID)));
        for (Long position : positions) {
            if (!present.contains(position)) {
                return broken(accountId, 0, new BrokenLink(accountId, null, position,
                        "a commit the account's stream lists is missing", null, null));
            }
        }
        List<Document> events = new ArrayList<>();
        for (Document commit : found) {
            events.addAll(commit.getList(EVENTS, Document.class));
        }
        events.sort(Comparator.comparingLong(event -> event.getLong(SEQUENCE)));
        String previousHash = EventHashes.GENESIS;
        long expectedSequence = 0;
        for (Document event : events) {
            long sequence = event.getLong(SEQUENCE);
            Long position = event.getLong(POSITION);
            if (sequence != expectedSequence) {
                return broken(accountId, expectedSequence, new BrokenLink(accountId, expectedSequence, position,
                        sequence < expectedSequence ? "a second event with this sequence" : "an event is missing",
                        "sequence " + expectedSequence, "sequence " + sequence));
            }
            if (!previousHash.equals(event.getString(PREV_HASH))) {
                return broken(accountId, sequence, new BrokenLink(accountId, sequence, position,
                        "prevHash is not the hash of the event before", previousHash, event.getString(PREV_HASH)));
            }
            Document content = EventHashes.canonicalContent(accountId, sequence, event.getString(EVENT_ID),
                    event.getString(TYPE), event.getString(REVISION), event.getString(TIMESTAMP),
                    event.get(PAYLOAD, Document.class), event.get(METADATA, Document.class));
            String hash = EventHashes.hash(previousHash, content);
            if (!hash.equals(event.getString(HASH))) {
                return broken(accountId, sequence, new BrokenLink(accountId, sequence, position,
                        "the stored content does not give the stored hash (edited)", hash, event.getString(HASH)));
            }
            previousHash = hash;
            expectedSequence++;
        }
        long lastSequence = ((Number) stream.get(LAST_SEQUENCE)).longValue();
        if (expectedSequence - 1 != lastSequence) {
            return broken(accountId, expectedSequence, new BrokenLink(accountId, expectedSequence, null,
                    "the stream's last sequence is not its last event's", "sequence " + lastSequence,
                    "sequence " + (expectedSequence - 1)));
        }
        return new Result(true, 1, events.size(), null);
    }

    private static Result broken(String accountId, long eventsChecked, BrokenLink link) {
        return new Result(false, 1, eventsChecked, link);
    }
}
