package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.eventstore.AccountIndex;
import io.arrears.infra.eventstore.Anchor;
import io.arrears.infra.eventstore.AnchorSink;
import io.arrears.infra.eventstore.Anchors;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.ChainSealer;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.GlobalChain;
import io.arrears.infra.eventstore.StoreSeal;
import io.arrears.infra.mongo.IdPages;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
import static io.arrears.infra.eventstore.CommitSchema.COUNTERS;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
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
    private final AccountChainCheck accountCheck;
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
        this.accountCheck = new AccountChainCheck(commits, accountIndex, keyring, commitCheck, clock);
        this.clock = clock;
    }

    /** From which position commits must carry MACs; never when the store was never sealed. */
    record Seal(long keyedFrom, boolean present) {
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
        BrokenLink problem = accountCheck.account(accountId, lastSequence.get(), seal, notices, counted);
        if (problem != null) {
            return broken(1, counted[0], problem);
        }
        if (counted[2] > 0 && !seal.present()) {
            return broken(1, counted[0], sealMissing());
        }
        Document snapshot = snapshots.find(eq(ID, accountId)).first();
        BrokenLink snapshotProblem = snapshot == null ? null : accountCheck.snapshot(snapshot, notices);
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
        long reserved = CommitSchema.reservedPositions(counters);
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
                    problem = accountCheck.account(stream.getString(ID), lastSequence, null, notices, new long[3]);
                } else {
                    problem = accountCheck.pageInRange(stream, lastSequences);
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
                BrokenLink problem = accountCheck.snapshot(snapshot, notices);
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
                    problem = accountCheck.unlisted(commit, notices);
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

    private BrokenLink sealMissing() {
        return link(Kind.SEAL, null, null, null, StoreSeal.COLLECTION,
                "commits carry MACs but the seal record is gone");
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
