package io.arrears.infra.eventstore;

import org.bson.Document;

import static io.arrears.infra.eventstore.CommitSchema.AFTER_HASH;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_TYPE;
import static io.arrears.infra.eventstore.CommitSchema.EVENT_ID;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.METADATA;
import static io.arrears.infra.eventstore.CommitSchema.PAYLOAD;
import static io.arrears.infra.eventstore.CommitSchema.REVISION;
import static io.arrears.infra.eventstore.CommitSchema.SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.TIMESTAMP;
import static io.arrears.infra.eventstore.CommitSchema.TYPE;

/**
 * A snapshot's MAC: HMAC-SHA-256 over every stored field, including the hash of the event it was
 * taken after, which binds it to the account's chain. Commands decide on a loaded snapshot, so one
 * that does not verify is discarded and the account is replayed from its events instead.
 */
public final class SnapshotMacs {

    private SnapshotMacs() {
    }

    public static String of(AuditKeyring keyring, String keyId, Document snapshot) {
        Document content = new Document("aggregateId", snapshot.get(ID))
                .append(AGGREGATE_TYPE, snapshot.get(AGGREGATE_TYPE))
                .append(SEQUENCE, snapshot.get(SEQUENCE))
                .append(EVENT_ID, snapshot.get(EVENT_ID))
                .append(TIMESTAMP, snapshot.get(TIMESTAMP))
                .append(TYPE, snapshot.get(TYPE))
                .append(REVISION, snapshot.get(REVISION))
                .append(PAYLOAD, snapshot.get(PAYLOAD))
                .append(METADATA, snapshot.get(METADATA))
                .append(AFTER_HASH, snapshot.get(AFTER_HASH))
                .append(KEY_ID, keyId);
        return keyring.hmacHex(keyId, "arrears-snapshot-v1\n" + CanonicalJson.of(content));
    }

    /**
     * Why the snapshot may not be loaded, or null when it verifies: its MAC under the key it names,
     * and its bond to the stored event it was taken after ({@code storedHash}).
     */
    public static String problem(AuditKeyring keyring, Document snapshot, String storedHash) {
        String keyId = snapshot.getString(KEY_ID);
        if (keyId == null || snapshot.getString(MAC) == null) {
            return "it has no MAC (taken before the store was sealed)";
        }
        if (!keyring.knows(keyId)) {
            return "it is made with audit key " + keyId + ", which the keyring does not hold";
        }
        if (!of(keyring, keyId, snapshot).equals(snapshot.getString(MAC))) {
            return "its fields do not give its MAC (edited)";
        }
        if (storedHash == null || !storedHash.equals(snapshot.getString(AFTER_HASH))) {
            return "it was taken after an event whose hash is not the stored event's (another history)";
        }
        return null;
    }
}
