package io.arrears.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.util.Date;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;

/**
 * The record, made once per store, of the position from which commits carry MACs: a store written
 * before keys existed is sealed from there on and verifies as before below it. It has a MAC of its
 * own, so it cannot be moved to let unkeyed commits pass, and verification reports it missing when
 * keyed commits exist without it.
 */
public record StoreSeal(long keyedFrom, Date sealedAt, String keyId, String mac) {

    public static final String COLLECTION = "event_seal";
    static final String ID = "seal";
    static final String KEYED_FROM = "keyedFrom";
    static final String SEALED_AT = "sealedAt";

    /** Records the seal from {@code keyedFrom} unless one is on record; the first record stays. */
    static Optional<StoreSeal> ensure(MongoDatabase database, AuditKeyring keyring, long keyedFrom,
                                      CommitBarrier commitBarrier) {
        MongoCollection<Document> seals = database.getCollection(COLLECTION);
        if (seals.find(eq(CommitSchema.ID, ID)).first() != null) {
            return Optional.empty();
        }
        Date sealedAt = new Date();
        String keyId = keyring.currentId();
        StoreSeal seal = new StoreSeal(keyedFrom, sealedAt, keyId, mac(keyring, keyId, keyedFrom, sealedAt));
        try {
            seals.insertOne(new Document(CommitSchema.ID, ID).append(KEYED_FROM, keyedFrom)
                    .append(SEALED_AT, sealedAt).append(CommitSchema.KEY_ID, keyId)
                    .append(CommitSchema.MAC, seal.mac()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return Optional.empty();
        }
        commitBarrier.awaitDurable();
        return Optional.of(seal);
    }

    /**
     * The seal on record; empty when the store was never sealed. A record whose fields do not have
     * their types reads with a null {@code sealedAt}, which never verifies.
     */
    public static Optional<StoreSeal> read(MongoDatabase database) {
        Document seal = database.getCollection(COLLECTION).find(eq(CommitSchema.ID, ID)).first();
        if (seal == null) {
            return Optional.empty();
        }
        Object keyedFrom = seal.get(KEYED_FROM);
        Object sealedAt = seal.get(SEALED_AT);
        return Optional.of(new StoreSeal(keyedFrom instanceof Long from ? from : Long.MAX_VALUE,
                sealedAt instanceof Date at ? at : null, seal.getString(CommitSchema.KEY_ID),
                seal.getString(CommitSchema.MAC)));
    }

    /** Whether the record is the one the keyring's key made: not moved, not forged. */
    public boolean verifies(AuditKeyring keyring) {
        return sealedAt != null && keyring.knows(keyId) && mac(keyring, keyId, keyedFrom, sealedAt).equals(mac);
    }

    private static String mac(AuditKeyring keyring, String keyId, long keyedFrom, Date sealedAt) {
        return keyring.hmacHex(keyId, "arrears-seal-v1\n" + KEYED_FROM + "=" + keyedFrom + "\nsealedAt="
                + sealedAt.getTime() + "\n" + CommitSchema.KEY_ID + "=" + keyId + "\n");
    }
}
