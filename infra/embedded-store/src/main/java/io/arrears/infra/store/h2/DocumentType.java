package io.arrears.infra.store.h2;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;

/**
 * The value type of the embedded server's collections on H2: a document stored as BSON.
 *
 * <p>H2 writes a page whole: a commit after one document of a page changed writes every document of
 * the page again, and so does a compaction that moves the page. Encoding them all again was a fifth
 * of the ledger's CPU under load. A stored document never changes ({@link LedgerH2Collection}: an
 * update puts a new object), so each keeps the BSON it was first written or read as, for as long as
 * H2 holds the object and the BSON is among the last 64 MiB used; after that it is encoded again.
 *
 * <p>H2's default type stores a document it does not know by Java serialisation, which is slow to
 * write and to read back. Pages written that way before are still read: their values begin with
 * H2's own type tag, never with {@link #BSON}, and are handed to H2's default type; each page is
 * written as BSON the next time it changes.
 */
final class DocumentType extends BasicDataType<Document> {

    /** Marks a value stored as BSON: a tag H2's default type never writes (it uses 0-19, 32-49, 64-119). */
    private static final byte BSON = 60;
    /** The BSON kept beside the stored documents, at most, in all collections of all stores. */
    private static final long BSON_CACHED_MAX_BYTES = 64L << 20;
    /** What a document is assumed to take in memory, before any was written. */
    private static final int INITIAL_MEMORY_ESTIMATE = 1024;

    private final ObjectDataType legacy = new ObjectDataType();
    /**
     * By the document object, not its content: two equal documents may order their fields differently.
     * One for all collections, bounded by weight: an entry whose document died keeps its BSON until a
     * collection of the old generation has cleared the weak key and the cache has noticed. Unbounded,
     * one a collection, those held 87 MiB after a full GC with 16 long-lived accounts, against 9-13 MiB
     * for the documents still alive.
     */
    private static final Cache<Document, byte[]> ENCODED = Caffeine.newBuilder().weakKeys()
            .maximumWeight(BSON_CACHED_MAX_BYTES).weigher((Document document, byte[] bson) -> bson.length).build();

    private volatile int averageMemory = INITIAL_MEMORY_ESTIMATE;

    @Override
    public int getMemory(Document document) {
        return averageMemory;
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        byte[] bson = ENCODED.get(document, this::encode);
        buffer.put(BSON);
        buffer.put(bson);
    }

    /** How many bytes of BSON a stored document takes. */
    int sizeOf(Document document) {
        return ENCODED.get(document, this::encode).length;
    }

    private byte[] encode(Document document) {
        byte[] bson = DocumentBson.of(document, averageMemory / 5);
        // In memory a decoded document takes a few times its BSON size, and its BSON once more.
        averageMemory = (int) ((5L * bson.length + 15L * averageMemory) / 16);
        return bson;
    }

    @Override
    public Document read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return (Document) legacy.read(buffer);
        }
        buffer.get();
        // A BSON document begins with its own length, little-endian.
        byte[] bson = new byte[Integer.reverseBytes(buffer.getInt(buffer.position()))];
        buffer.get(bson);
        Document document = DocumentBson.document(bson);
        ENCODED.put(document, bson);
        return document;
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
