package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import io.arrears.infra.audit.ChainVerifier.BrokenLink;
import io.arrears.infra.audit.ChainVerifier.Kind;
import io.arrears.infra.audit.ChainVerifier.Seal;
import io.arrears.infra.eventstore.AccountIndex;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.EventHashes;
import io.arrears.infra.eventstore.SnapshotMacs;
import org.bson.Document;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.audit.ChainVerifier.COMMITS_PER_READ;
import static io.arrears.infra.audit.ChainVerifier.LISTING_GRACE;
import static io.arrears.infra.audit.ChainVerifier.NOTICES_MAX;
import static io.arrears.infra.audit.ChainVerifier.link;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.COMMITTED_AT;
import static io.arrears.infra.eventstore.CommitSchema.COMMIT_REFS;
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

/**
 * One account's part of verification: its chain as its index lists it, the commits its index does
 * not list, its index pages and its snapshot. {@link ChainVerifier} runs it for one account, and for
 * every account after the walk over the global chain.
 */
final class AccountChainCheck {

    private final MongoCollection<Document> commits;
    private final AccountIndex accountIndex;
    /** Null when the verifier has no audit keys. */
    private final AuditKeyring keyring;
    private final CommitCheck commitCheck;
    private final Clock clock;

    AccountChainCheck(MongoCollection<Document> commits, AccountIndex accountIndex, AuditKeyring keyring,
                      CommitCheck commitCheck, Clock clock) {
        this.commits = commits;
        this.accountIndex = accountIndex;
        this.keyring = keyring;
        this.commitCheck = commitCheck;
        this.clock = clock;
    }

    /**
     * An account's chain as its index lists it, {@value ChainVerifier#COMMITS_PER_READ} commits a read: each listed
     * commit present and the account's, its events in sequence from 0 to the head's last sequence, each
     * event's prevHash the hash of the event before. With a seal, each commit is checked whole too
     * (for one account on its own); without, only the fields the chain needs are read (the walk over
     * all commits has checked them whole). A gap, or a head past the last listed event, is a commit the
     * index does not list when the unique index holds one there, and missing events otherwise.
     *
     * @param counted events, commits and keyed commits seen, added to
     */
    BrokenLink account(String accountId, long lastSequence, Seal seal, List<String> notices,
                                    long[] counted) {
        List<AccountIndex.Ref> refs = accountIndex.refs(accountId);
        String previousHash = EventHashes.GENESIS;
        long expectedSequence = 0;
        for (int from = 0; from < refs.size(); from += COMMITS_PER_READ) {
            List<Long> positions = new ArrayList<>(COMMITS_PER_READ);
            refs.subList(from, Math.min(refs.size(), from + COMMITS_PER_READ))
                    .forEach(ref -> positions.add(ref.position()));
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
    BrokenLink pageInRange(Document page, Map<String, Long> lastSequences) {
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
    BrokenLink snapshot(Document snapshot, List<String> notices) {
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
    BrokenLink unlisted(Document commit, List<String> notices) {
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
}
