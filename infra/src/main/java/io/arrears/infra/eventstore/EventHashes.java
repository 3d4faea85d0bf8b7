package io.arrears.infra.eventstore;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The per-account hash chain: each event's hash is SHA-256 over the previous event's hash and the
 * event's canonical content, so an edit, a deletion or a reordering breaks the chain from there on.
 *
 * <p>The canonical content is the relaxed-JSON rendering of a document holding, in this order, the
 * aggregate id, sequence, event id, payload type and revision, timestamp, payload and metadata, as
 * they are stored. Positions are left out: a writer that loses its positions to a tombstone appends
 * the same events at fresh ones.
 */
public final class EventHashes {

    /** The "previous hash" of an account's first event. */
    public static final String GENESIS = "0".repeat(64);
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
            .build();

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

    public static String hash(String previousHash, Document canonicalContent) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        sha256.update(canonicalContent.toJson(CANONICAL).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest());
    }
}
