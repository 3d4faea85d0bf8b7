package io.arrears.infra.audit;

import io.arrears.infra.audit.ChainVerifier.BrokenLink;
import io.arrears.infra.audit.ChainVerifier.Kind;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitMacs;
import io.arrears.infra.eventstore.EventHashes;
import org.bson.Document;

import java.util.List;

import static io.arrears.infra.audit.ChainVerifier.link;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.EVENT_ID;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.HASH;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_POSITION;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.METADATA;
import static io.arrears.infra.eventstore.CommitSchema.PAYLOAD;
import static io.arrears.infra.eventstore.CommitSchema.POSITION;
import static io.arrears.infra.eventstore.CommitSchema.PREV_HASH;
import static io.arrears.infra.eventstore.CommitSchema.REVISION;
import static io.arrears.infra.eventstore.CommitSchema.SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.TIMESTAMP;
import static io.arrears.infra.eventstore.CommitSchema.TOMBSTONE;
import static io.arrears.infra.eventstore.CommitSchema.TYPE;

/**
 * One stored commit checked on its own: the tombstone's shape, a MAC where the seal requires one and
 * under a key the keyring holds, its events in their positions and sequences, each event's hash
 * against its content, and the MAC over all its fields. Used by the walk over every commit and by
 * the check of one account.
 */
final class CommitCheck {

    private final AuditKeyring keyring;

    /** @param keyring the audit keys; null where the store holds no keyed commit to check */
    CommitCheck(AuditKeyring keyring) {
        this.keyring = keyring;
    }

    /**
     * The first problem of one commit on its own, or null. A commit whose MAC fails is edited if its
     * account lists it, and forged (inserted) if not.
     */
    BrokenLink check(Document commit, long keyedFrom, boolean listed) {
        long position = commit.getLong(ID);
        String aggregateId = commit.getString(AGGREGATE_ID);
        String account = ChainVerifier.accountOf(commit);
        List<Document> events = commit.getList(EVENTS, Document.class);
        boolean tombstone = commit.getBoolean(TOMBSTONE, false);
        if (tombstone && (!events.isEmpty() || !("~tombstone-" + position).equals(aggregateId))) {
            return link(Kind.TOMBSTONE_OVER_COMMIT, account, null, position, TOMBSTONE,
                    "a commit marked as a tombstone: every reader skips its events");
        }
        String keyId = commit.getString(KEY_ID);
        if (keyId == null && position >= keyedFrom) {
            return link(Kind.FORGED, account, null, position, MAC, "a commit without a MAC after the store was "
                    + "sealed from position " + keyedFrom + ": the ledger did not write it");
        }
        if (keyId != null && keyring == null) {
            return link(Kind.NO_KEY, account, null, position, KEY_ID,
                    "the commit is made with audit key " + keyId + "; verifying needs the audit keys");
        }
        if (keyId != null && !keyring.knows(keyId)) {
            return link(Kind.FORGED, account, null, position, KEY_ID, "made with audit key " + keyId
                    + ", which this keyring does not hold: forged, or an old key left out of the keyring");
        }
        if (!tombstone) {
            long lastPosition = commit.getLong(LAST_POSITION);
            if (lastPosition - position + 1 != events.size()) {
                return link(Kind.MISSING, account, null, position, EVENTS, "the commit holds " + events.size()
                        + " events for positions " + position + ".." + lastPosition);
            }
            long firstSequence = commit.getLong(FIRST_SEQUENCE);
            for (int i = 0; i < events.size(); i++) {
                Document event = events.get(i);
                long sequence = event.getLong(SEQUENCE);
                if (event.getLong(POSITION) != position + i || (account != null && sequence != firstSequence + i)) {
                    return link(Kind.REORDERED, account, sequence, event.getLong(POSITION), POSITION,
                            "event " + i + " of the commit at " + position + " is out of its place");
                }
                String hash = eventHash(keyId, account == null ? aggregateId : account, event);
                if (!hash.equals(event.getString(HASH))) {
                    return link(Kind.EDITED, account, sequence, event.getLong(POSITION), "event",
                            "the stored event (ids, type, timestamp, payload or metadata) does not give its hash (edited)",
                            hash, event.getString(HASH));
                }
            }
        }
        if (keyId != null) {
            String mac = CommitMacs.of(keyring, keyId, commit);
            if (!mac.equals(commit.getString(MAC))) {
                Kind kind = tombstone ? Kind.TOMBSTONE_OVER_COMMIT : listed ? Kind.EDITED : Kind.FORGED;
                return link(kind, account, null, position, "commit",
                        "the commit's fields (positions, aggregate, sequences, committedAt, tombstone, events' "
                                + "hashes) do not give its MAC (edited, or inserted)", mac, commit.getString(MAC));
            }
        }
        return null;
    }

    private String eventHash(String keyId, String streamId, Document event) {
        Document content = EventHashes.canonicalContent(streamId, event.getLong(SEQUENCE), event.getString(EVENT_ID),
                event.getString(TYPE), event.getString(REVISION), event.getString(TIMESTAMP),
                event.get(PAYLOAD, Document.class), event.get(METADATA, Document.class));
        return EventHashes.hash(keyring, keyId, event.getString(PREV_HASH), content);
    }
}
