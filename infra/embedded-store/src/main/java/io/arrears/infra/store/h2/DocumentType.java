package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;

/**
 * The value type of the embedded server's collections on H2: a document's BSON, one array a document.
 *
 * <p>H2 keeps the values of the pages it read or changed in memory. Kept as decoded documents (a
 * map of fields, each text, number and nested document an object of its own), the pages of a busy
 * store were most of what survived each young collection: 60-80 MB copied in every pause, under
 * load. As BSON, a page holds one array a document, and the documents a read decodes die young.
 * A page is written again without encoding anything.
 *
 * <p>H2's default type stores a document it does not know by Java serialisation. Pages written that
 * way before are still read: their values begin with H2's own type tag, never with {@link #BSON}, are
 * read by H2's default type and encoded; each page is written as BSON the next time it changes.
 */
final class DocumentType extends BasicDataType<byte[]> {

    /** Marks a value stored as BSON: a tag H2's default type never writes (it uses 0-19, 32-49, 64-119). */
    private static final byte BSON = 60;
    /** What H2 counts for an array beside its bytes: its header, and the reference in the page. */
    private static final int ARRAY_OVERHEAD = 24;

    private final ObjectDataType legacy = new ObjectDataType();

    @Override
    public int getMemory(byte[] bson) {
        return bson.length + ARRAY_OVERHEAD;
    }

    @Override
    public void write(WriteBuffer buffer, byte[] bson) {
        buffer.put(BSON);
        buffer.put(bson);
    }

    @Override
    public byte[] read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON) {
            return DocumentBson.of((Document) legacy.read(buffer), 0);
        }
        buffer.get();
        // A BSON document begins with its own length, little-endian.
        byte[] bson = new byte[Integer.reverseBytes(buffer.getInt(buffer.position()))];
        buffer.get(bson);
        return bson;
    }

    @Override
    public byte[][] createStorage(int size) {
        return new byte[size][];
    }
}
