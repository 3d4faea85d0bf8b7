package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.arrears.infra.eventstore.AccountIndex;
import io.arrears.infra.eventstore.Anchor;
import io.arrears.infra.eventstore.AnchorSink;
import io.arrears.infra.eventstore.Anchors;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.ChainSealer;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.EventHashes;
import io.arrears.infra.eventstore.GlobalChain;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.eventstore.SnapshotMacs;
import io.arrears.infra.eventstore.StoreSeal;
import io.arrears.infra.mongo.IdPages;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.COMMITS;
import static io.arrears.infra.eventstore.CommitSchema.COMMITTED_AT;
import static io.arrears.infra.eventstore.CommitSchema.COMMIT_REFS;
import static io.arrears.infra.eventstore.CommitSchema.COUNTERS;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.HASH;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.POSITION;
import static io.arrears.infra.eventstore.CommitSchema.PREV_HASH;
import static io.arrears.infra.eventstore.CommitSchema.SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.STREAMS;

/**
 * Checks the event store's evidence and reports the first broken link with its kind, position,
 * account, sequence and field.
 *
 * <p>Every commit, in position order, a window of positions at a time (constant memory): its MAC
 * under the audit key it names (which covers every stored field), each event's hash against its
 * content, positions and sequences inside it, the tombstone shape, no unkeyed commit at or after
 * the position the store was sealed from ({@link CommitCheck}), and that its account's index lists it. Alongside, the
 * global chain over the same positions ({@link GlobalChain}): every batch's MAC and its link to the
 * batch before, and each commit's link recomputed, so a commit gone, inserted, moved, rewritten or
 * made a tombstone since it was sealed is found at its position; and every published anchor: the
 * chain must still hold its head. Then every account's stream: the commits it lists exist and are
 * the account's, and each event's prevHash is the hash of the event before.
 */
public class ChainVerifier {

    /** Positions read per query in the walk over all commits. */
    static final int POSITIONS_PER_WINDOW = 1_024;
    /** Index documents read per page in the pass over the accounts. */
    static final int STREAMS_PER_PAGE = 500;
    /** Commits read per query in the check of one account's chain. */
    static final int COMMITS_PER_READ = 256;
    /**
     * A commit younger than this that its stream does not list yet may be a writer between its two
     * steps; older, its writer died and the repair pass lists it, or the index was edited.
     */
    static final Duration LISTING_GRACE = Duration.ofMinutes(2);
    /** Notices kept in a result; more are counted. */
    static final int NOTICES_MAX = 20;

    /** What is wrong at a broken link. */
    public enum Kind {
        /** A stored field no longer gives the MAC or hash made when it was written. */
        EDITED,
        /** An event, commit or position that should be there is not. */
        MISSING,
        /** Events or positions out of their order. */
        REORDERED,
        /** A commit or event that the ledger did not write: no valid MAC, an unknown key, another account's. */
        FORGED,
        /** A real commit marked as a tombstone, which hides its events from every reader. */
        TOMBSTONE_OVER_COMMIT,
        /** A commit its account's stream does not list, so loading the account would not see it. */
        UNLISTED,
        /** The seal record is gone or does not verify. */
        SEAL,
        /** A keyed commit and no audit key to check it with. */
        NO_KEY,
        /** The store no longer holds history an anchor covers: commits or chain batches gone from its end. */
        TRUNCATED,
        /** A published anchor edited, missing from its sequence, or recorded in the store but not published. */
        ANCHOR,
        /** A snapshot edited, or bound to an event that is not the stored one: it would not be loaded. */
        SNAPSHOT,
        /** No such account. */
        UNKNOWN_ACCOUNT
    }

    /** Where the evidence is broken and how; {@code field} names the part that fails. */
    public record BrokenLink(Kind kind, String accountId, Long sequence, Long position, String field, String problem,
                             String expected, String found) {
    }

    /**
     * @param brokenLink null when ok
     * @param notices    what is not tampering but worth knowing (a commit its writer has not listed yet)
     */
    public record Result(boolean ok, long accountsChecked, long eventsChecked, long commitsChecked,
                         BrokenLink brokenLink, List<String> notices) {
    }

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> streams;
    private final MongoDatabase database;
    private final AccountIndex accountIndex;
    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> batches;
    private final MongoCollection<Document> repairs;
    private final MongoCollection<Document> anchorRecords;
    private final MongoCollection<Document> snapshots;
    private final AuditKeyring keyring;
    private final CommitCheck commitCheck;
    private final Clock clock;

    /** @param keyring the audit keys; without them keyed commits cannot be checked and say so */
    public ChainVerifier(MongoDatabase database, AuditKeyring keyring, Clock clock) {
        this.commits = database.getCollection(COMMITS);
        this.streams = database.getCollection(STREAMS);
        this.database = database;
        this.accountIndex = new AccountIndex(database);
        this.counters = database.getCollection(COUNTERS);
        this.batches = database.getCollection(GlobalChain.BATCHES);
        this.repairs = database.getCollection(ChainSealer.REPAIRS);
        this.anchorRecords = database.getCollection(Anchors.RECORDS);
        this.snapshots = database.getCollection(CommitSchema.SNAPSHOTS);
        this.keyring = keyring;
        this.commitCheck = new CommitCheck(keyring);
        this.clock = clock;
    }

    /** From which position commits must carry MACs; never when the store was never sealed. */
    private record Seal(long keyedFrom, boolean present) {
    }

    // ---------------------------------------------------------------- one account

    /**
     * One account: every commit its index lists, in sequence order and a read at a time, with its MAC
     * and hashes and the account's chain; then its snapshot. Reads the account's commits only, so it
     * costs the same per commit however long the account and however large the store.
     */
    public Result verifyAccount(String accountId) {
        Optional<Long> lastSequence = accountIndex.lastSequence(accountId);
        if (lastSequence.isEmpty()) {
            return broken(0, 0, link(Kind.UNKNOWN_ACCOUNT, accountId, null, null, null, "no such account"));
        }
        Seal seal;
        try {
            seal = seal();
        } catch (Broken e) {
            return broken(0, 0, e.link);
        }
        List<String> notices = new ArrayList<>();
        long[] counted = new long[3];
        BrokenLink problem = checkAccount(accountId, lastSequence.get(), seal, notices, counted);
        if (problem != null) {
            return broken(1, counted[0], problem);
        }
        if (counted[2] > 0 && !seal.present()) {
            return broken(1, counted[0], sealMissing());
        }
        Document snapshot = snapshots.find(eq(ID, accountId)).first();
        BrokenLink snapshotProblem = snapshot == null ? null : checkSnapshot(snapshot, notices);
        if (snapshotProblem != null) {
            return broken(1, counted[0], snapshotProblem);
        }
        return new Result(true, 1, counted[0], counted[1], null, notices);
    }

    // ---------------------------------------------------------------- the whole store

    /** Every commit in position order with the global chain, then every account's stream. */
    public Result verifyAll(LongConsumer progress) {
        return verifyAll(progress, null);
    }

    /**
     * Every commit in position order with the global chain and the published anchors, then every
     * account's stream; {@code progress} hears commits done.
     *
     * @param anchors what the anchor sink holds, or null not to check anchors
     */
    public Result verifyAll(LongConsumer progress, List<AnchorSink.Published> anchors) {
        Seal seal;
        List<Anchor> anchored;
        try {
            seal = seal();
            anchored = anchors == null ? List.of()
                    : GlobalChainWalk.checkAnchors(anchors, keyring, anchorRecords);
        } catch (Broken e) {
            return broken(0, 0, e.link);
        }
        List<String> notices = new ArrayList<>();
        // accounts, events, commits, keyed commits
        long[] counted = new long[4];
        boolean keyedSeen;
        GlobalChainWalk chain = new GlobalChainWalk(batches, keyring, anchored);
        long reserved = MongoCommitEventStorageEngine.reservedPositions(counters);
        try {
            BrokenLink problem = walk(seal, chain, reserved, notices, counted, progress);
            if (problem == null) {
                problem = chain.finish();
            }
            if (problem != null) {
                return broken(counted[0], counted[1], problem);
            }
            keyedSeen = counted[3] > 0;
        } catch (Broken e) {
            return broken(counted[0], counted[1], e.link);
        }
        if (keyedSeen && !seal.present()) {
            return broken(0, counted[1], sealMissing());
        }
        List<BrokenLink> brokenStream = new ArrayList<>(1);
        Map<String, Long> lastSequences = new HashMap<>();
        IdPages.forEach(streams, null, null, STREAMS_PER_PAGE, page -> {
            for (Document stream : page) {
                BrokenLink problem;
                if (stream.containsKey(LAST_SEQUENCE)) {
                    counted[0]++;
                    long lastSequence = ((Number) stream.get(LAST_SEQUENCE)).longValue();
                    lastSequences.put(stream.getString(ID), lastSequence);
                    problem = checkAccount(stream.getString(ID), lastSequence, null, notices, new long[3]);
                } else {
                    problem = checkPageInRange(stream, lastSequences);
                }
                if (problem != null) {
                    brokenStream.add(problem);
                    return false;
                }
            }
            lastSequences.clear();
            return true;
        });
        if (!brokenStream.isEmpty()) {
            return broken(counted[0], counted[1], brokenStream.get(0));
        }
        List<BrokenLink> brokenSnapshot = new ArrayList<>(1);
        IdPages.forEach(snapshots, null, null, STREAMS_PER_PAGE, page -> {
            for (Document snapshot : page) {
                BrokenLink problem = checkSnapshot(snapshot, notices);
                if (problem != null) {
                    brokenSnapshot.add(problem);
                    return false;
                }
            }
            return true;
        });
        if (!brokenSnapshot.isEmpty()) {
            return broken(counted[0], counted[1], brokenSnapshot.get(0));
        }
        long repaired = repairs.countDocuments();
        if (repaired > 0) {
            notices.add(repaired + " commit(s) stored by writers that stopped before listing them were listed by "
                    + "the repair pass (" + ChainSealer.REPAIRS + "): not tampering");
        }
        if (chain.sealedThrough() < reserved - 1) {
            notices.add("positions " + (chain.sealedThrough() + 1) + ".." + (reserved - 1) + " are not sealed into "
                    + "the global chain yet: checked by their MACs alone");
        }
        return new Result(true, counted[0], counted[1], counted[2], null, notices);
    }

    /** Every commit in position order, a window at a time; the first problem, or null. */
    private BrokenLink walk(Seal seal, GlobalChainWalk chain, long reserved, List<String> notices, long[] counted,
                            LongConsumer progress) {
        for (long window = 0; window < reserved; window += POSITIONS_PER_WINDOW) {
            List<Long> ids = new ArrayList<>(POSITIONS_PER_WINDOW);
            for (long position = window; position < Math.min(window + POSITIONS_PER_WINDOW, reserved); position++) {
                ids.add(position);
            }
            List<Document> found = new ArrayList<>();
            commits.find(in(ID, ids)).into(found);
            found.sort(Comparator.comparingLong(commit -> commit.getLong(ID)));
            Map<String, Set<Long>> listedByAccount = accountIndex.listedPositions(found);
            for (Document commit : found) {
                boolean listed = !isOfAnAccount(commit) || listedByAccount
                        .getOrDefault(commit.getString(AGGREGATE_ID), Set.of()).contains(commit.getLong(ID));
                BrokenLink problem = commitCheck.check(commit, seal.keyedFrom(), listed);
                if (problem == null) {
                    problem = chain.check(commit);
                }
                if (problem == null && !listed) {
                    problem = unlisted(commit, notices);
                }
                if (problem != null) {
                    return problem;
                }
                counted[3] += commit.containsKey(KEY_ID) ? 1 : 0;
                counted[1] += commit.getList(EVENTS, Document.class).size();
                progress.accept(++counted[2]);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- checks

    private Seal seal() {
        Optional<StoreSeal> seal = StoreSeal.read(database);
        if (seal.isEmpty()) {
            return new Seal(Long.MAX_VALUE, false);
        }
        if (keyring == null) {
            throw new Broken(link(Kind.NO_KEY, null, null, null, KEY_ID, "the store is sealed with audit key "
                    + seal.get().keyId() + "; verifying needs the audit keys"));
        }
        if (!seal.get().verifies(keyring)) {
            throw new Broken(link(Kind.SEAL, null, null, null, StoreSeal.COLLECTION,
                    "the seal record does not verify: it was edited, or made with a key this keyring lacks"));
        }
        return new Seal(seal.get().keyedFrom(), true);
    }

    /**
     * An account's chain as its index lists it, {@value #COMMITS_PER_READ} commits a read: each listed
     * commit present and the account's, its events in sequence from 0 to the head's last sequence, each
     * event's prevHash the hash of the event before. With a seal, each commit is checked whole too
     * (for one account on its own); without, only the fields the chain needs are read (the walk over
     * all commits has checked them whole). A gap, or a head past the last listed event, is a commit the
     * index does not list when the unique index holds one there, and missing events otherwise.
     *
     * @param counted events, commits and keyed commits seen, added to
     */
    private BrokenLink checkAccount(String accountId, long lastSequence, Seal seal, List<String> notices,
                                    long[] counted) {
        List<AccountIndex.Ref> refs = accountIndex.refs(accountId);
        String previousHash = EventHashes.GENESIS;
        long expectedSequence = 0;
        for (int from = 0; from < refs.size(); from += COMMITS_PER_READ) {
            List<Long> positions = new ArrayList<>(COMMITS_PER_READ);
            refs.subList(from, Math.min(refs.size(), from + COMMITS_PER_READ)).forEach(ref -> positions.add(ref.position()));
            Map<Long, Document> found = new HashMap<>();
            var read = commits.find(in(ID, positions));
            if (seal == null) {
                read = read.projection(Projections.include(ID, AGGREGATE_ID, EVENTS + "." + SEQUENCE,
                        EVENTS + "." + POSITION, EVENTS + "." + PREV_HASH, EVENTS + "." + HASH));
            }
            read.forEach(commit -> found.put(commit.getLong(ID), commit));
            for (Long position : positions) {
                Document commit = found.get(position);
                if (commit == null) {
                    return link(Kind.MISSING, accountId, null, position, COMMIT_REFS,
                            "a commit the account's index lists is missing");
                }
                if (!accountId.equals(commit.getString(AGGREGATE_ID))) {
                    return link(Kind.FORGED, accountId, null, position, COMMIT_REFS,
                            "the account's index lists a commit of " + commit.getString(AGGREGATE_ID));
                }
                if (seal != null) {
                    BrokenLink problem = commitCheck.check(commit, seal.keyedFrom(), true);
                    if (problem != null) {
                        return problem;
                    }
                    counted[2] += commit.containsKey(KEY_ID) ? 1 : 0;
                }
                counted[1]++;
                for (Document event : commit.getList(EVENTS, Document.class)) {
                    long sequence = event.getLong(SEQUENCE);
                    if (sequence > expectedSequence) {
                        return unlistedOrMissing(accountId, expectedSequence, sequence, notices);
                    }
                    if (sequence < expectedSequence) {
                        return link(Kind.FORGED, accountId, expectedSequence, event.getLong(POSITION), SEQUENCE,
                                "a second event with this sequence", "sequence " + expectedSequence,
                                "sequence " + sequence);
                    }
                    if (!previousHash.equals(event.getString(PREV_HASH))) {
                        return link(Kind.REORDERED, accountId, sequence, event.getLong(POSITION), PREV_HASH,
                                "prevHash is not the hash of the event before", previousHash,
                                event.getString(PREV_HASH));
                    }
                    previousHash = event.getString(HASH);
                    expectedSequence++;
                    counted[0]++;
                }
            }
        }
        if (expectedSequence - 1 < lastSequence) {
            return unlistedOrMissing(accountId, expectedSequence, lastSequence, notices);
        }
        if (expectedSequence - 1 > lastSequence) {
            return link(Kind.MISSING, accountId, expectedSequence, null, LAST_SEQUENCE,
                    "the account's last sequence is not its last event's", "sequence " + (expectedSequence - 1),
                    "sequence " + lastSequence);
        }
        return null;
    }

    /**
     * Events from {@code expected} on are not listed: a commit its index does not list when the
     * unique index finds one starting there (a notice while its writer may still list it), else
     * missing events.
     */
    private BrokenLink unlistedOrMissing(String accountId, long expected, long found, List<String> notices) {
        Document unlisted = commits.find(new Document(AGGREGATE_ID, accountId).append(FIRST_SEQUENCE, expected))
                .projection(Projections.include(ID, AGGREGATE_ID, COMMITTED_AT)).first();
        if (unlisted != null) {
            return unlisted(unlisted, notices);
        }
        return link(Kind.MISSING, accountId, expected, null, SEQUENCE, "an event is missing",
                "sequence " + expected, "sequence " + found);
    }

    /** A page past its account's last sequence lists commits no load reaches: put there by hand. */
    private BrokenLink checkPageInRange(Document page, Map<String, Long> lastSequences) {
        String id = page.getString(ID);
        int separator = id.lastIndexOf('/');
        String accountId = separator < 0 ? id : id.substring(0, separator);
        Long lastSequence = lastSequences.computeIfAbsent(accountId,
                account -> accountIndex.lastSequence(account).orElse(-1L));
        long number = separator < 0 ? -1 : Long.parseLong(id.substring(separator + 1));
        if (number < 0 || number * AccountIndex.SEQUENCES_PER_PAGE > lastSequence) {
            return link(Kind.FORGED, accountId, null, null, COMMIT_REFS, "the index holds a page (" + id
                    + ") past the account's last sequence " + lastSequence);
        }
        return null;
    }

    /**
     * A snapshot's MAC and its bond to the stored event it was taken after. One from before the seal
     * (no MAC) is a notice: it is never loaded.
     */
    private BrokenLink checkSnapshot(Document snapshot, List<String> notices) {
        String accountId = snapshot.getString(ID);
        long sequence = snapshot.getLong(SEQUENCE);
        if (snapshot.getString(MAC) == null) {
            if (notices.size() < NOTICES_MAX) {
                notices.add("the snapshot of " + accountId + " predates the seal and is never loaded");
            }
            return null;
        }
        if (keyring == null) {
            return link(Kind.NO_KEY, accountId, sequence, null, KEY_ID, "the snapshot is made with audit key "
                    + snapshot.getString(KEY_ID) + "; verifying needs the audit keys");
        }
        String problem = SnapshotMacs.problem(keyring, snapshot, storedHash(accountId, sequence));
        return problem == null ? null : link(Kind.SNAPSHOT, accountId, sequence, null, "snapshot",
                "the snapshot would be discarded: " + problem);
    }

    /** The stored hash of an account's event, through the account's stream; null when there is none. */
    private String storedHash(String accountId, long sequence) {
        Optional<AccountIndex.Ref> ref = accountIndex.covering(accountId, sequence);
        Document commit = ref.isEmpty() ? null : commits.find(eq(ID, ref.get().position())).first();
        for (Document event : commit == null ? List.<Document>of() : commit.getList(EVENTS, Document.class)) {
            if (event.getLong(SEQUENCE) == sequence) {
                return event.getString(HASH);
            }
        }
        return null;
    }

    /** An unlisted commit: a notice while its writer may still list it, a broken link after. */
    private BrokenLink unlisted(Document commit, List<String> notices) {
        Object committedAt = commit.get(COMMITTED_AT);
        Instant at = committedAt instanceof Date date ? date.toInstant() : Instant.EPOCH;
        if (at.isAfter(clock.instant().minus(LISTING_GRACE))) {
            if (notices.size() < NOTICES_MAX) {
                notices.add("the commit at " + commit.getLong(ID) + " of " + commit.getString(AGGREGATE_ID)
                        + " is not listed in its stream yet (written at " + at + ")");
            }
            return null;
        }
        return link(Kind.UNLISTED, commit.getString(AGGREGATE_ID), null, commit.getLong(ID), COMMIT_REFS,
                "a commit in the store that the account's stream does not list");
    }

    private BrokenLink sealMissing() {
        return link(Kind.SEAL, null, null, null, StoreSeal.COLLECTION, "commits carry MACs but the seal record is gone");
    }

    static String accountOf(Document commit) {
        return isOfAnAccount(commit) ? commit.getString(AGGREGATE_ID) : null;
    }

    private static boolean isOfAnAccount(Document commit) {
        String aggregateId = commit.getString(AGGREGATE_ID);
        return aggregateId != null && !aggregateId.startsWith("~");
    }


    static BrokenLink link(Kind kind, String accountId, Long sequence, Long position, String field,
                           String problem) {
        return new BrokenLink(kind, accountId, sequence, position, field, problem, null, null);
    }

    static BrokenLink link(Kind kind, String accountId, Long sequence, Long position, String field,
                           String problem, String expected, String found) {
        return new BrokenLink(kind, accountId, sequence, position, field, problem, expected, found);
    }

    private static Result broken(long accountsChecked, long eventsChecked, BrokenLink link) {
        return new Result(false, accountsChecked, eventsChecked, 0, link, List.of());
    }

    /** A broken link found where no result is being assembled: the seal, the anchors, a chain batch. */
    static final class Broken extends RuntimeException {

        private final transient BrokenLink link;

        Broken(BrokenLink link) {
            super(link.problem(), null, false, false);
            this.link = link;
        }
    }
}
