package io.arrears.infra.eventstore;

import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The per-account hash chain: each event's hash is HMAC-SHA-256, under the audit key its commit
 * names, over the previous event's hash and the event's canonical content, so an edit, a deletion
 * or a reordering breaks the chain from there on, and nobody without the key can make a chain that
 * verifies. Events stored before the store was sealed with a key carry an unkeyed SHA-256 chain
 * (their commits name no key); the global chain covers them since.
 *
 * <p>The canonical content is the relaxed-JSON rendering of a document holding, in this order, the
 * aggregate id, sequence, event id, payload type and revision, timestamp, payload and metadata, as
 * they are stored. Positions are left out: a writer that loses its positions to a tombstone appends
 * the same events at fresh ones.
 */
public final class EventHashes {

    /** The "previous hash" of an account's first event. */
    public static final String GENESIS = "0".repeat(64);

    private EventHashes() {
    }

    public static Document canonicalContent(String aggregateId, long sequence, String eventId, String payloadType,
                                            String payloadRevision, String timestamp, Document payload,
                                            Document metadata) {
        return new Document("aggregateId", aggregateId)
                .append("sequence", sequence)
                .append("eventId", eventId)
                .append("type", payloadType)
                .append("revision", payloadRevision)
                .append("timestamp", timestamp)
                .append("payload", payload)
                .append("metadata", metadata);
    }

    /** The hash of an event under the key {@code keyId}, or the unkeyed SHA-256 of an unkeyed commit's event. */
    public static String hash(AuditKeyring keyring, String keyId, String previousHash, Document canonicalContent) {
        if (keyId == null) {
            return hash(previousHash, canonicalContent);
        }
        return keyring.hmacHex(keyId, previousHash, CanonicalJson.of(canonicalContent));
    }

    /** The unkeyed SHA-256 of events stored before the store was sealed with a key. */
    public static String hash(String previousHash, Document canonicalContent) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        sha256.update(CanonicalJson.of(canonicalContent).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }
}
