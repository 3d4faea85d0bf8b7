package io.arrears.infra.privacy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PersonalDataVault;
import org.bson.Document;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with one random key per borrower, kept in {@code borrower_keys} ({@code _id} = the
 * borrower id). A sealed field is {@code pii:v1:<base64 of nonce and ciphertext>}, bound to the
 * borrower and the field name, so a field cannot be moved to another borrower or field. Erasing
 * replaces the key by an erasure record; nothing is cached, so every node sees an erasure at once.
 */
public class MongoPersonalDataVault implements PersonalDataVault {

    public static final String COLLECTION = "borrower_keys";
    static final String VERSION = SEALED_PREFIX + "v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MongoCollection<Document> keys;
    private final SecureRandom random = new SecureRandom();

    public MongoPersonalDataVault(MongoDatabase database) {
        this.keys = database.getCollection(COLLECTION);
    }

    @Override
    public Borrower seal(String borrowerId, Borrower plain) {
        byte[] key = keyFor(borrowerId);
        return map(plain, (field, value) -> VERSION + Base64.getEncoder().encodeToString(
                crypt(Cipher.ENCRYPT_MODE, key, borrowerId, field, value.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public Borrower open(String borrowerId, Borrower sealed) {
        Document stored = keys.find(Filters.eq("_id", borrowerId)).first();
        byte[] key = stored == null || stored.getString("key") == null ? null
                : Base64.getDecoder().decode(stored.getString("key"));
        return map(sealed, (field, value) -> {
            if (!value.startsWith(VERSION)) {
                return value;
            }
            if (key == null) {
                return ERASED;
            }
            byte[] opened = crypt(Cipher.DECRYPT_MODE, key, borrowerId, field,
                    Base64.getDecoder().decode(value.substring(VERSION.length())));
            return opened == null ? ERASED : new String(opened, StandardCharsets.UTF_8);
        });
    }

    @Override
    public void erase(String borrowerId) {
        keys.replaceOne(Filters.eq("_id", borrowerId), new Document("_id", borrowerId).append("key", null)
                .append("erasedAt", new Date()), new ReplaceOptions().upsert(true));
    }

    /**
     * The borrower's key, made on first use; a borrower erased before gets a fresh key for new data.
     * A new borrower is the common case (accounts are sealed when they are opened), so the fresh key
     * is inserted first: one round trip for a new borrower, two for one whose key exists, three for
     * an erased one.
     */
    private byte[] keyFor(String borrowerId) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        Document fresh = new Document("_id", borrowerId).append("key", Base64.getEncoder().encodeToString(key))
                .append("createdAt", new Date());
        if (insertedFresh(fresh)) {
            return key;
        }
        Document stored = keys.find(Filters.eq("_id", borrowerId)).first();
        if (stored == null) {
            // Erasure replaces a key record and never deletes one; deleted by hand meanwhile: start over.
            return keyFor(borrowerId);
        }
        if (stored.getString("key") != null) {
            return Base64.getDecoder().decode(stored.getString("key"));
        }
        if (keys.replaceOne(Filters.and(Filters.eq("_id", borrowerId), Filters.eq("key", null)), fresh)
                .getModifiedCount() == 1) {
            return key;
        }
        // Another node renewed the erased key at the same moment: use the one it stored.
        Document winner = keys.find(Filters.eq("_id", borrowerId)).first();
        return Base64.getDecoder().decode(winner.getString("key"));
    }

    /** Whether {@code fresh} was inserted: false if the borrower has a key record already. */
    private boolean insertedFresh(Document fresh) {
        try {
            keys.insertOne(fresh);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    /** Encrypts, or decrypts (null when the key does not fit: the data was erased and the key renewed). */
    private byte[] crypt(int mode, byte[] key, String borrowerId, String field, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] nonce;
            byte[] body;
            if (mode == Cipher.ENCRYPT_MODE) {
                nonce = new byte[NONCE_BYTES];
                random.nextBytes(nonce);
                body = input;
            } else {
                nonce = java.util.Arrays.copyOf(input, NONCE_BYTES);
                body = java.util.Arrays.copyOfRange(input, NONCE_BYTES, input.length);
            }
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD((borrowerId + "/" + field).getBytes(StandardCharsets.UTF_8));
            byte[] output = cipher.doFinal(body);
            return mode == Cipher.ENCRYPT_MODE
                    ? ByteBuffer.allocate(NONCE_BYTES + output.length).put(nonce).put(output).array() : output;
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    private interface FieldMapper {
        String apply(String field, String value);
    }

    private static Borrower map(Borrower borrower, FieldMapper mapper) {
        return new Borrower(
                borrower.name() == null ? null : mapper.apply("name", borrower.name()),
                borrower.phone() == null ? null : mapper.apply("phone", borrower.phone()),
                borrower.email() == null ? null : mapper.apply("email", borrower.email()),
                borrower.address() == null ? null : mapper.apply("address", borrower.address()),
                borrower.timezone());
    }
}
