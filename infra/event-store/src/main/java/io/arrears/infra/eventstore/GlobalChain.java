package io.arrears.infra.eventstore;

import org.bson.Document;

import java.util.Date;
import java.util.List;

/**
 * The global chain: every commit of the store, tombstones included, in position order, each link
 * an HMAC under an audit key over the link before it, the commit's positions, whether it is a
 * tombstone, and the commit's digest (its MAC, or for a commit from before the seal the SHA-256 of
 * every stored field). Deleting, inserting, moving or rewriting any commit, or turning one into a
 * tombstone, breaks the chain at that position; recomputing it needs the key.
 *
 * <p>Links are stored in batches in {@code event_chain}: {@code _id} the first position a batch
 * covers, {@code last} the last, {@code prev} the link before it, {@code head} the link after it,
 * {@code entries} one per commit ({@code p} first position, {@code l} last, {@code t} tombstone,
 * {@code h} link), and a MAC over all of it. Each batch starts where the one before ended, so the
 * batches themselves cannot be dropped from the middle unnoticed, and published anchors (the head
 * at a moment, outside the store) show when they were dropped from the end.
 */
public final class GlobalChain {

    public static final String BATCHES = "event_chain";
    /** Where the sealer has got to: the last batch's last position and head link (a pointer, not evidence). */
    public static final String HEADS = "event_chain_head";
    public static final String HEAD_ID = "head";
    /** The link before the first commit. */
    public static final String GENESIS = "0".repeat(64);

    public static final String LAST = "last";
    public static final String PREV = "prev";
    public static final String HEAD = "head";
    public static final String ENTRIES = "entries";
    public static final String FIRST_OF_ENTRY = "p";
    public static final String LAST_OF_ENTRY = "l";
    public static final String TOMBSTONE_OF_ENTRY = "t";
    public static final String LINK_OF_ENTRY = "h";
    public static final String SEALED_AT = "sealedAt";

    private GlobalChain() {
    }

    /** Where the chain stands: the last position it covers and its link there; (-1, genesis) when empty. */
    public record Head(long last, String link) {

        public static final Head EMPTY = new Head(-1, GENESIS);
    }

    /** The link of a commit after {@code previous}. */
    public static String link(AuditKeyring keyring, String keyId, String previous, long first, long last,
                              boolean tombstone, String digest) {
        return keyring.hmacHex(keyId, "arrears-link-v1\n" + previous + "\n" + first + " " + last + " "
                + (tombstone ? "t" : "c") + " " + digest + "\n");
    }

    /** The MAC of a batch, over every field but itself. */
    public static String batchMac(AuditKeyring keyring, String keyId, Document batch) {
        StringBuilder text = new StringBuilder("arrears-chain-batch-v1\n")
                .append(batch.get("_id")).append(' ').append(batch.get(LAST)).append('\n')
                .append(batch.get(PREV)).append('\n').append(batch.get(HEAD)).append('\n')
                .append(keyId).append('\n');
        Object sealedAt = batch.get(SEALED_AT);
        text.append(sealedAt instanceof Date date ? date.getTime() : String.valueOf(sealedAt)).append('\n');
        for (Document entry : batch.getList(ENTRIES, Document.class, List.of())) {
            text.append(entry.get(FIRST_OF_ENTRY)).append(' ').append(entry.get(LAST_OF_ENTRY)).append(' ')
                    .append(entry.get(TOMBSTONE_OF_ENTRY)).append(' ').append(entry.get(LINK_OF_ENTRY)).append('\n');
        }
        return keyring.hmacHex(keyId, text.toString());
    }
}
