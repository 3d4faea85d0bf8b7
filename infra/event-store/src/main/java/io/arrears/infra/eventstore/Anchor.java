package io.arrears.infra.eventstore;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A signed checkpoint of the global chain, published outside the store: the chain's head
 * ({@code position}, {@code link}) at a moment, numbered, linked to the anchor before it by that
 * anchor's hash, and MACed under an audit key. Once an anchor is out of reach of whoever can write
 * the database, the store must go on holding that head: truncating behind it, or rewriting what it
 * covers, even with the key, no longer verifies.
 *
 * @param sequence 0, 1, 2, ... in the order published
 * @param previous the {@link #hash()} of the anchor before; 64 zeros for the first
 */
public record Anchor(long sequence, long position, String link, Instant at, String keyId, String previous,
                     String mac) {

    public static final String NONE = "0".repeat(64);
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    /** A new anchor of {@code head}, MACed under the keyring's current key. */
    public static Anchor of(AuditKeyring keyring, long sequence, GlobalChain.Head head, Instant at, String previous) {
        String keyId = keyring.currentId();
        return new Anchor(sequence, head.last(), head.link(), at, keyId, previous,
                keyring.hmacHex(keyId, canonical(sequence, head.last(), head.link(), at, keyId, previous)));
    }

    public boolean verifies(AuditKeyring keyring) {
        return keyring.knows(keyId) && keyring.hmacHex(keyId, canonical(sequence, position, link, at, keyId, previous))
                .equals(mac);
    }

    /** What the next anchor names as {@code previous}: SHA-256 of this one's canonical text and MAC. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    (canonical(sequence, position, link, at, keyId, previous) + mac).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public Document toDocument() {
        return new Document("sequence", sequence).append("position", position).append("link", link)
                .append("at", at.toString()).append("keyId", keyId).append("previous", previous).append("mac", mac);
    }

    /** One line of JSON, as the anchor is published. */
    public String toJson() {
        return toDocument().toJson(RELAXED);
    }

    public static Anchor fromDocument(Document document) {
        return new Anchor(((Number) document.get("sequence")).longValue(), ((Number) document.get("position")).longValue(),
                document.getString("link"), Instant.parse(document.getString("at")), document.getString("keyId"),
                document.getString("previous"), document.getString("mac"));
    }

    public static Anchor parse(String json) {
        return fromDocument(Document.parse(json));
    }

    private static String canonical(long sequence, long position, String link, Instant at, String keyId,
                                    String previous) {
        return "arrears-anchor-v1\n" + sequence + "\n" + position + "\n" + link + "\n" + at + "\n" + keyId + "\n"
                + previous + "\n";
    }
}
