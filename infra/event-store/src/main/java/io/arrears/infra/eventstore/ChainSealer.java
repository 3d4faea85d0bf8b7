package io.arrears.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.COMMITS;
import static io.arrears.infra.eventstore.CommitSchema.COMMITTED_AT;
import static io.arrears.infra.eventstore.CommitSchema.COUNTERS;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_POSITION;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.TOMBSTONE;
import static io.arrears.infra.eventstore.GlobalChain.BATCHES;
import static io.arrears.infra.eventstore.GlobalChain.ENTRIES;
import static io.arrears.infra.eventstore.GlobalChain.FIRST_OF_ENTRY;
import static io.arrears.infra.eventstore.GlobalChain.HEAD;
import static io.arrears.infra.eventstore.GlobalChain.HEADS;
import static io.arrears.infra.eventstore.GlobalChain.HEAD_ID;
import static io.arrears.infra.eventstore.GlobalChain.LAST;
import static io.arrears.infra.eventstore.GlobalChain.LAST_OF_ENTRY;
import static io.arrears.infra.eventstore.GlobalChain.LINK_OF_ENTRY;
import static io.arrears.infra.eventstore.GlobalChain.PREV;
import static io.arrears.infra.eventstore.GlobalChain.SEALED_AT;
import static io.arrears.infra.eventstore.GlobalChain.TOMBSTONE_OF_ENTRY;

/**
 * Extends the global chain ({@link GlobalChain}) over the commits written since, a batch of
 * positions at a time, in position order. It stops at the first position not written yet (a writer
 * still at work, or a gap the readers have not closed): the chain only ever covers a prefix of the
 * store with no holes. Any number of nodes may run it: a batch is inserted under its first
 * position, so of two nodes sealing the same positions one wins and the other follows.
 *
 * <p>On its way it repairs what a writer that died between its two steps left: a commit stored but
 * not listed in its account's stream (so loading the account would not see it) is listed once it is
 * older than {@code repairAfter} and its MAC verifies, and the repair is recorded in
 * {@code event_repairs}. A commit whose MAC does not verify is never listed; verification names it.
 */
public final class ChainSealer {

    public static final String REPAIRS = "event_repairs";
    /** Positions one batch covers at most (a commit that starts inside may end past it). */
    static final int POSITIONS_PER_BATCH = 1_024;
    /** Batches sealed in one call at most, so that a long backlog is sealed in bounded steps. */
    static final int BATCHES_PER_CALL_MAX = 64;
    private static final Logger log = LoggerFactory.getLogger(ChainSealer.class);

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> counters;
    private final AccountIndex accountIndex;
    private final MongoCollection<Document> batches;
    private final MongoCollection<Document> heads;
    private final MongoCollection<Document> repairs;
    private final AuditKeyring keyring;
    private final CommitBarrier commitBarrier;
    private final Duration repairAfter;
    private final Clock clock;

    /** @param repairAfter how old an unlisted commit must be before its writer is taken for dead */
    public ChainSealer(MongoDatabase database, AuditKeyring keyring, CommitBarrier commitBarrier, Duration repairAfter,
                       Clock clock) {
        this.commits = database.getCollection(COMMITS);
        this.counters = database.getCollection(COUNTERS);
        this.accountIndex = new AccountIndex(database);
        this.batches = database.getCollection(BATCHES);
        this.heads = database.getCollection(HEADS);
        this.repairs = database.getCollection(REPAIRS);
        this.keyring = keyring;
        this.commitBarrier = commitBarrier;
        this.repairAfter = repairAfter;
        this.clock = clock;
    }

    /** Seals what can be sealed now, in batches; returns where the chain stands after. */
    public synchronized GlobalChain.Head sealAvailable() {
        GlobalChain.Head head = head();
        for (int batch = 0; batch < BATCHES_PER_CALL_MAX; batch++) {
            GlobalChain.Head next = sealBatch(head);
            if (next.last() == head.last()) {
                break;
            }
            head = next;
        }
        return head;
    }

    /** Where the chain stands, following batches sealed after the head pointer was last moved. */
    public GlobalChain.Head head() {
        Document pointer = heads.find(eq(ID, HEAD_ID)).first();
        GlobalChain.Head head = pointer == null ? GlobalChain.Head.EMPTY
                : new GlobalChain.Head(pointer.getLong(LAST), pointer.getString(HEAD));
        GlobalChain.Head followed = head;
        for (Document batch = batches.find(eq(ID, followed.last() + 1)).first(); batch != null;
             batch = batches.find(eq(ID, followed.last() + 1)).first()) {
            followed = new GlobalChain.Head(batch.getLong(LAST), batch.getString(HEAD));
        }
        if (followed.last() != head.last()) {
            movePointer(followed);
        }
        return followed;
    }

    private GlobalChain.Head sealBatch(GlobalChain.Head head) {
        long from = head.last() + 1;
        long reserved = CommitSchema.reservedPositions(counters);
        if (from >= reserved) {
            return head;
        }
        long windowEnd = Math.min(from + POSITIONS_PER_BATCH, reserved);
        List<Long> ids = new ArrayList<>((int) (windowEnd - from));
        for (long position = from; position < windowEnd; position++) {
            ids.add(position);
        }
        Map<Long, Document> found = new HashMap<>();
        // A commit's digest and MAC cover its events' hashes, which cover their contents: the
        // payloads and metadata themselves need not be read again.
        for (Document commit : commits.find(in(ID, ids)).projection(Projections.exclude(
                EVENTS + "." + CommitSchema.PAYLOAD, EVENTS + "." + CommitSchema.METADATA))) {
            found.put(commit.getLong(ID), commit);
        }
        Map<String, Set<Long>> listed = accountIndex.listedPositions(found.values());
        String keyId = keyring.currentId();
        List<Document> entries = new ArrayList<>();
        String link = head.link();
        long last = head.last();
        long position = from;
        while (position < windowEnd) {
            Document commit = found.get(position);
            if (commit == null || !listedOrRepaired(commit, listed)) {
                break;
            }
            boolean tombstone = commit.getBoolean(TOMBSTONE, false);
            last = commit.getLong(LAST_POSITION);
            link = GlobalChain.link(keyring, keyId, link, position, last, tombstone, CommitMacs.digest(commit));
            entries.add(new Document(FIRST_OF_ENTRY, position).append(LAST_OF_ENTRY, last)
                    .append(TOMBSTONE_OF_ENTRY, tombstone).append(LINK_OF_ENTRY, link));
            position = last + 1;
        }
        if (entries.isEmpty()) {
            return head;
        }
        Document batch = new Document(ID, from).append(LAST, last).append(PREV, head.link()).append(HEAD, link)
                .append(KEY_ID, keyId).append(SEALED_AT, Date.from(clock.instant())).append(ENTRIES, entries);
        batch.append(MAC, GlobalChain.batchMac(keyring, keyId, batch));
        try {
            batches.insertOne(batch);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Another node sealed these positions first: follow it.
            return head();
        }
        commitBarrier.awaitDurable();
        GlobalChain.Head sealed = new GlobalChain.Head(last, link);
        movePointer(sealed);
        return sealed;
    }

    /**
     * True when the commit is not an account's, or its stream lists it, or it is an orphan listed now.
     * False for a commit its writer may still be listing, or one whose MAC does not verify.
     */
    private boolean listedOrRepaired(Document commit, Map<String, Set<Long>> listed) {
        String aggregateId = commit.getString(AGGREGATE_ID);
        if (aggregateId == null || aggregateId.startsWith("~")
                || listed.getOrDefault(aggregateId, Set.of()).contains(commit.getLong(ID))) {
            return true;
        }
        Object committedAt = commit.get(COMMITTED_AT);
        Instant written = committedAt instanceof Date date ? date.toInstant() : Instant.EPOCH;
        if (written.isAfter(clock.instant().minus(repairAfter))) {
            return false;
        }
        if (!CommitMacs.holds(keyring, commit)) {
            log.error("The commit at position {} of {} is not listed and its MAC does not verify; it is left out "
                    + "of its account and the chain stops before it: run audit verify", commit.getLong(ID), aggregateId);
            return false;
        }
        accountIndex.list(aggregateId, commit.getLong(ID), commit.getLong(FIRST_SEQUENCE),
                commit.getLong(LAST_SEQUENCE));
        repairs.replaceOne(eq(ID, commit.getLong(ID)), new Document(ID, commit.getLong(ID))
                .append(AGGREGATE_ID, aggregateId).append(FIRST_SEQUENCE, commit.getLong(FIRST_SEQUENCE))
                .append(LAST_SEQUENCE, commit.getLong(LAST_SEQUENCE)).append("writtenAt", committedAt)
                .append("repairedAt", Date.from(clock.instant())), new ReplaceOptions().upsert(true));
        log.warn("Listed the commit at position {} of {} in its stream: its writer stopped between storing and "
                + "listing it", commit.getLong(ID), aggregateId);
        return true;
    }

    private void movePointer(GlobalChain.Head head) {
        heads.replaceOne(eq(ID, HEAD_ID), new Document(ID, HEAD_ID).append(LAST, head.last())
                .append(HEAD, head.link()), new ReplaceOptions().upsert(true));
    }
}
