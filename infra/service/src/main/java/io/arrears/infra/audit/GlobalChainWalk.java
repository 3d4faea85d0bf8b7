package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import io.arrears.infra.audit.ChainVerifier.Broken;
import io.arrears.infra.audit.ChainVerifier.BrokenLink;
import io.arrears.infra.audit.ChainVerifier.Kind;
import io.arrears.infra.eventstore.Anchor;
import io.arrears.infra.eventstore.AnchorSink;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitMacs;
import io.arrears.infra.eventstore.GlobalChain;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;
import static io.arrears.infra.audit.ChainVerifier.accountOf;
import static io.arrears.infra.audit.ChainVerifier.link;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_POSITION;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.TOMBSTONE;

/**
 * The global chain ({@link GlobalChain}) followed in step with {@link ChainVerifier}'s walk over the
 * commits in position order, one batch in memory at a time, fetched by its first position: each
 * commit against the chain's entry for its position, each batch's MAC and its link to the batch
 * before, and the published anchors against the chain's links.
 */
final class GlobalChainWalk {

    private final MongoCollection<Document> batches;
    private final AuditKeyring keyring;
    private final List<Anchor> anchors;
    private int nextAnchor;
    private Document batch;
    private List<Document> entries = List.of();
    private int nextEntry;
    private long nextBatch;
    private String previousLink = GlobalChain.GENESIS;
    private long sealedThrough = -1;
    private boolean chainEnded;

    /** @param anchors the published anchors, verified ({@link #checkAnchors}), in position order */
    GlobalChainWalk(MongoCollection<Document> batches, AuditKeyring keyring, List<Anchor> anchors) {
        this.batches = batches;
        this.keyring = keyring;
        this.anchors = anchors;
    }

    long sealedThrough() {
        return sealedThrough;
    }

    /** The commit against the chain's entry for its position, when the chain covers it. */
    BrokenLink check(Document commit) {
        long position = commit.getLong(ID);
        while (true) {
            Document entry = currentEntry();
            if (entry == null) {
                return null;
            }
            long first = entry.getLong(GlobalChain.FIRST_OF_ENTRY);
            if (first < position) {
                return link(Kind.MISSING, null, null, first, "position", (entry.getBoolean(
                        GlobalChain.TOMBSTONE_OF_ENTRY) ? "the tombstone" : "the commit")
                        + " the global chain holds at position " + first + " is gone");
            }
            if (first > position) {
                return link(Kind.FORGED, accountOf(commit), null, position, "position",
                        "a commit inside positions the global chain gives to the commit at " + first);
            }
            boolean tombstone = commit.getBoolean(TOMBSTONE, false);
            if (entry.getBoolean(GlobalChain.TOMBSTONE_OF_ENTRY) != tombstone) {
                return link(tombstone ? Kind.TOMBSTONE_OVER_COMMIT : Kind.FORGED, accountOf(commit), null,
                        position, TOMBSTONE, tombstone ? "a commit sealed as a commit is now a tombstone"
                                : "a commit where the global chain holds a tombstone");
            }
            String link = GlobalChain.link(keyring, batch.getString(KEY_ID), previousLink, position,
                    commit.getLong(LAST_POSITION), tombstone, CommitMacs.digest(commit));
            if (!link.equals(entry.getString(GlobalChain.LINK_OF_ENTRY))
                    || entry.getLong(GlobalChain.LAST_OF_ENTRY).longValue() != commit.getLong(LAST_POSITION)) {
                return link(Kind.EDITED, accountOf(commit), null, position, "commit",
                        "the commit is not the one the global chain sealed at this position", link,
                        entry.getString(GlobalChain.LINK_OF_ENTRY));
            }
            previousLink = link;
            sealedThrough = commit.getLong(LAST_POSITION);
            nextEntry++;
            return anchored(sealedThrough, link);
        }
    }

    /** After the last commit: chain entries left over, and anchors past what the chain still holds. */
    BrokenLink finish() {
        Document entry = currentEntry();
        if (entry != null) {
            return link(Kind.TRUNCATED, null, null, entry.getLong(GlobalChain.FIRST_OF_ENTRY), "position",
                    "the global chain holds commits from position " + entry.getLong(GlobalChain.FIRST_OF_ENTRY)
                            + " on that the store no longer has");
        }
        if (nextAnchor < anchors.size()) {
            Anchor anchor = anchors.get(nextAnchor);
            return link(Kind.TRUNCATED, null, null, anchor.position(), "position", "anchor " + anchor.sequence()
                    + " (" + anchor.at() + ") holds the chain through position " + anchor.position()
                    + "; the store's chain ends at " + sealedThrough);
        }
        return null;
    }

    private BrokenLink anchored(long through, String link) {
        while (nextAnchor < anchors.size() && anchors.get(nextAnchor).position() <= through) {
            Anchor anchor = anchors.get(nextAnchor++);
            if (anchor.position() != through || !anchor.link().equals(link)) {
                return link(Kind.EDITED, null, null, anchor.position(), "position",
                        "anchor " + anchor.sequence() + " (" + anchor.at() + ") holds another history at "
                                + "position " + anchor.position() + ": it was rewritten after the anchor",
                        anchor.link(), anchor.position() == through ? link : "no link ends there");
            }
        }
        return null;
    }

    /** The chain's entry for the next position, reading the next batch when one is used up; null past the chain. */
    private Document currentEntry() {
        if (nextEntry < entries.size()) {
            return entries.get(nextEntry);
        }
        if (chainEnded) {
            return null;
        }
        if (batch != null) {
            nextBatch = batch.getLong(GlobalChain.LAST) + 1;
        }
        batch = batches.find(eq(ID, nextBatch)).first();
        if (batch == null) {
            chainEnded = true;
            entries = List.of();
            return null;
        }
        String keyId = batch.getString(KEY_ID);
        if (keyring == null) {
            throw new Broken(link(Kind.NO_KEY, null, null, nextBatch, KEY_ID,
                    "the global chain is made with audit key " + keyId + "; verifying needs the audit keys"));
        }
        if (!keyring.knows(keyId) || !GlobalChain.batchMac(keyring, keyId, batch).equals(batch.getString(MAC))) {
            throw new Broken(link(Kind.EDITED, null, null, nextBatch, GlobalChain.BATCHES,
                    "the global chain's batch from position " + nextBatch + " does not verify"));
        }
        if (!previousLink.equals(batch.getString(GlobalChain.PREV))) {
            throw new Broken(link(Kind.EDITED, null, null, nextBatch, GlobalChain.PREV,
                    "the global chain's batch from position " + nextBatch + " does not follow the one before"));
        }
        entries = batch.getList(GlobalChain.ENTRIES, Document.class);
        nextEntry = 0;
        return entries.isEmpty() ? null : entries.get(0);
    }

    /**
     * The published anchors, each verified and following the one before, and every anchor the store
     * recorded published; in position order.
     */
    static List<Anchor> checkAnchors(List<AnchorSink.Published> published, AuditKeyring keyring,
                                     MongoCollection<Document> anchorRecords) {
        List<Anchor> anchors = new ArrayList<>(published.size());
        String previous = Anchor.NONE;
        for (AnchorSink.Published entry : published) {
            Anchor anchor = entry.anchor();
            if (anchor == null) {
                throw new Broken(link(Kind.ANCHOR, null, null, null, entry.name(), entry.problem()));
            }
            if (keyring == null || !anchor.verifies(keyring)) {
                throw new Broken(link(Kind.ANCHOR, null, null, anchor.position(), entry.name(),
                        "anchor " + anchor.sequence()
                                + " does not verify: edited, or made with a key not in the keyring"));
            }
            if (anchor.sequence() != anchors.size()) {
                throw new Broken(link(Kind.ANCHOR, null, null, anchor.position(), entry.name(), "anchor "
                        + anchors.size() + " is missing: the next published is " + anchor.sequence()));
            }
            if (!anchor.previous().equals(previous)) {
                throw new Broken(link(Kind.ANCHOR, null, null, anchor.position(), entry.name(),
                        "anchor " + anchor.sequence() + " does not follow the anchor before it"));
            }
            previous = anchor.hash();
            anchors.add(anchor);
        }
        long recorded = anchorRecords.countDocuments();
        if (recorded > anchors.size()) {
            Document unpublished = anchorRecords.find(eq(ID, (long) anchors.size())).first();
            throw new Broken(link(Kind.ANCHOR, null, null, unpublished == null ? null
                            : ((Number) unpublished.get("position")).longValue(), "anchor " + anchors.size(),
                    "the store recorded " + recorded + " anchors and the sink holds " + anchors.size()
                            + ": anchor " + anchors.size() + " is missing from the sink"));
        }
        anchors.sort(Comparator.comparingLong(Anchor::position));
        return anchors;
    }
}
