package io.arrears.infra.eventstore;

import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_TYPE;
import static io.arrears.infra.eventstore.CommitSchema.COMMITTED_AT;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.HASH;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_POSITION;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.POSITION;
import static io.arrears.infra.eventstore.CommitSchema.PREV_HASH;
import static io.arrears.infra.eventstore.CommitSchema.SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.TOMBSTONE;

/**
 * The MAC a writer puts on each commit it stores: HMAC-SHA-256 under an audit key over every stored
 * field of the commit (positions, aggregate id and type, sequences, the time it was committed, the
 * tombstone flag, the key id) and over each event's position, sequence and hashes, which in turn
 * cover the event's content. Without the key, no field of a commit can be changed, and no commit or
 * tombstone made, so that it still verifies.
 */
public final class CommitMacs {

    private static final String FORMAT = "arrears-commit-v1";

    private CommitMacs() {
    }

    /** The MAC of a commit document as stored (its own {@code mac} field aside). */
    public static String of(AuditKeyring keyring, String keyId, Document commit) {
        return keyring.hmacHex(keyId, canonical(commit));
    }

    /**
     * What the global chain links a commit by: its MAC when it has one, else (a commit from before
     * the seal) the SHA-256 of the same canonical text.
     */
    /**
     * True for a stored commit whose MAC is made with a key of {@code keyring} and verifies, or that
     * was written before the store was sealed (no key id): the commits a repair may list.
     */
    public static boolean holds(AuditKeyring keyring, Document commit) {
        String keyId = commit.getString(KEY_ID);
        return keyId == null || keyring != null && keyring.knows(keyId)
                && of(keyring, keyId, commit).equals(commit.getString(MAC));
    }

    public static String digest(Document commit) {
        String mac = commit.getString(CommitSchema.MAC);
        if (mac != null) {
            return "mac:" + mac;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical(commit).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String canonical(Document commit) {
        StringBuilder text = new StringBuilder(256).append(FORMAT).append('\n');
        line(text, ID, commit.get(ID));
        line(text, LAST_POSITION, commit.get(LAST_POSITION));
        line(text, AGGREGATE_ID, commit.get(AGGREGATE_ID));
        line(text, AGGREGATE_TYPE, commit.get(AGGREGATE_TYPE));
        line(text, FIRST_SEQUENCE, commit.get(FIRST_SEQUENCE));
        line(text, LAST_SEQUENCE, commit.get(LAST_SEQUENCE));
        Object committedAt = commit.get(COMMITTED_AT);
        line(text, COMMITTED_AT, committedAt instanceof Date date ? date.getTime() : committedAt);
        line(text, TOMBSTONE, commit.getBoolean(TOMBSTONE, false));
        line(text, KEY_ID, commit.get(KEY_ID));
        List<Document> events = commit.getList(EVENTS, Document.class, List.of());
        line(text, EVENTS, events.size());
        for (Document event : events) {
            text.append(event.get(POSITION)).append(' ').append(event.get(SEQUENCE)).append(' ')
                    .append(event.get(PREV_HASH)).append(' ').append(event.get(HASH)).append('\n');
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String field, Object value) {
        // A value is a number, a boolean, an id or a type name: none holds a line break. A value of
        // another type (a string where a number was) renders differently and so fails the MAC.
        text.append(field).append('=').append(value == null ? "" : value.getClass().getSimpleName() + ":" + value)
                .append('\n');
    }

    /** The commit with the key id it names and its MAC over every other field. */
    static Document sealed(Document commit, AuditKeyring keyring, String keyId) {
        commit.append(KEY_ID, keyId);
        return commit.append(MAC, of(keyring, keyId, commit));
    }
}
