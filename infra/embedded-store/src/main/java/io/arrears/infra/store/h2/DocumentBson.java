package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A stored document's BSON, byte for byte as mongo-java-server's {@link BsonEncoder} writes it, into
 * an array of its own; and the document read back from it as its {@link BsonDecoder} reads it
 * ({@link StoredBsonReader}). Both
 * go through a Netty buffer that checks its reference count and bounds on every byte, and make a
 * document with a key for each element of a list; under load that was most of the cost of writing a
 * store commit's new documents, and of reading the pages a compaction moves. The values a ledger
 * stores (texts, whole numbers, doubles, booleans, nulls, instants, object ids, documents and lists)
 * are written and read here; a document with any other value is left to the encoder or decoder.
 *
 * <p>A store keeps a document as its BSON and decodes it for every read. So a read that needs a few
 * of its fields ({@link #fields}) and an update that changes a few ({@link #changed}) step over the
 * others by their lengths: a document that grows with an account's life (its payments, its spans of
 * penalty) costs them what its changed fields cost, not what its history does.
 */
final class DocumentBson {

    private byte[] bytes;
    /** How many bytes are written. */
    private int size;

    private DocumentBson(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The document's BSON; {@code expectedSize} is where the array starts, it grows as needed. */
    static byte[] of(Map<String, ?> document, int expectedSize) {
        DocumentBson bson = new DocumentBson(new byte[Math.max(expectedSize, 64)]);
        try {
            bson.writeDocument(document);
        } catch (OtherValue e) {
            return byEncoder(document);
        }
        return bson.size == bson.bytes.length ? bson.bytes : Arrays.copyOf(bson.bytes, bson.size);
    }

    static byte[] byEncoder(Map<String, ?> document) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, buffer);
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }

    /**
     * The document in {@code bson}, equal to the decoder's value for value, type for type. Bytes that
     * are not a well-formed document are left to the decoder too, which refuses them in its words.
     */
    static Document document(byte[] bson) {
        try {
            return new StoredBsonReader(bson).readDocument();
        } catch (OtherValue | IndexOutOfBoundsException e) {
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
        }
    }

    /**
     * The top-level fields of the document in {@code bson} that {@code names} holds, each read as
     * {@link #document} reads it; every other field is stepped over by its length, however large.
     */
    static Document fields(byte[] bson, Set<String> names) {
        try {
            return new StoredBsonReader(bson).readFields(names);
        } catch (OtherValue | IndexOutOfBoundsException e) {
            Document whole = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
            whole.keySet().retainAll(names);
            return whole;
        }
    }

    /**
     * The BSON of the document in {@code bson} with {@code changes} made to its top-level fields;
     * every field they do not name is copied as its bytes, and an array appended to keeps its elements'
     * bytes as they are. Fields new to the document follow the others in the order of {@code changes}.
     * Null if a field appended to holds no array, or the document holds a value this class does not
     * step over or a change one it does not write.
     */
    static byte[] changed(byte[] bson, Map<String, FieldChange> changes) {
        try {
            StoredBsonReader read = new StoredBsonReader(bson);
            // What the changes write goes here; the result is pieces of this and of bson, copied once.
            DocumentBson made = new DocumentBson(new byte[256]);
            BsonPieces pieces = new BsonPieces();
            Set<String> found = new HashSet<>();
            int end = read.readInt32();
            byte type;
            while ((type = bson[read.at]) != BsonConstants.TERMINATING_BYTE) {
                int element = read.at++;
                String name = read.readCString();
                int value = read.at;
                read.skipValue(type);
                FieldChange change = changes.get(name);
                if (change == null) {
                    pieces.stored(element, read.at);
                    continue;
                }
                found.add(name);
                if (!(change instanceof FieldChange.Append append)) {
                    pieces.made(made.size, made.make(name, change));
                } else if (type == BsonConstants.TYPE_ARRAY) {
                    // The stored type, name and elements as they are; the array's new length and new elements made.
                    pieces.stored(element, value);
                    int length = made.size;
                    made.int32(0);
                    pieces.made(length, made.size);
                    pieces.stored(value + 4, read.at - 1);
                    int appended = made.size;
                    int count = new StoredBsonReader(bson).elements(value);
                    for (Object each : append.values()) {
                        made.element(count++, each);
                    }
                    made.ensure(1);
                    made.bytes[made.size++] = BsonConstants.TERMINATING_BYTE;
                    made.int32At(length, read.at - value - 1 + made.size - appended);
                    pieces.made(appended, made.size);
                } else {
                    return null;
                }
            }
            if (read.at + 1 != end) {
                return null;
            }
            for (Map.Entry<String, FieldChange> change : changes.entrySet()) {
                if (!found.contains(change.getKey())) {
                    pieces.made(made.size, made.make(change.getKey(), change.getValue()));
                }
            }
            return pieces.joined(bson, made.bytes);
        } catch (OtherValue | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Writes field {@code name} as {@code change} makes it, in place of none; returns where it ends. */
    private int make(String name, FieldChange change) {
        if (change instanceof FieldChange.Put put) {
            element(name, put.value());
        } else if (change instanceof FieldChange.Append append) {
            element(name, append.values());
        }
        return size;
    }

    private void writeDocument(Map<String, ?> document) {
        int start = size;
        int32(0);
        for (Map.Entry<String, ?> field : document.entrySet()) {
            element(field.getKey(), field.getValue());
        }
        end(start);
    }

    private void writeArray(Collection<?> list) {
        int start = size;
        int32(0);
        int index = 0;
        for (Object element : list) {
            element(index++, element);
        }
        end(start);
    }

    /** The terminating byte, and the length of what began at {@code start} written there. */
    private void end(int start) {
        ensure(1);
        bytes[size++] = BsonConstants.TERMINATING_BYTE;
        int32At(start, size - start);
    }

    private void element(String name, Object value) {
        int typeAt = type();
        cString(name);
        writeValue(typeAt, value);
    }

    private void element(int index, Object value) {
        int typeAt = type();
        cString(Integer.toString(index));
        writeValue(typeAt, value);
    }

    /** Leaves a byte for the element's type, which its value sets; returns where it is. */
    private int type() {
        ensure(1);
        return size++;
    }

    private void writeValue(int typeAt, Object value) {
        byte type;
        if (value instanceof String text) {
            type = BsonConstants.TYPE_UTF8_STRING;
            string(text);
        } else if (value instanceof Integer number) {
            type = BsonConstants.TYPE_INT32;
            int32(number);
        } else if (value instanceof Long number) {
            type = BsonConstants.TYPE_INT64;
            int64(number);
        } else if (value instanceof Map<?, ?> document) {
            type = BsonConstants.TYPE_EMBEDDED_DOCUMENT;
            @SuppressWarnings("unchecked")
            Map<String, ?> fields = (Map<String, ?>) document;
            writeDocument(fields);
        } else if (value instanceof Collection<?> list) {
            type = BsonConstants.TYPE_ARRAY;
            writeArray(list);
        } else if (value == null) {
            type = BsonConstants.TYPE_NULL;
        } else if (value instanceof Boolean flag) {
            type = BsonConstants.TYPE_BOOLEAN;
            ensure(1);
            bytes[size++] = flag ? BsonConstants.BOOLEAN_VALUE_TRUE : BsonConstants.BOOLEAN_VALUE_FALSE;
        } else if (value instanceof Double number) {
            type = BsonConstants.TYPE_DOUBLE;
            int64(Double.doubleToRawLongBits(number));
        } else if (value instanceof Instant instant) {
            type = BsonConstants.TYPE_UTC_DATETIME;
            int64(instant.toEpochMilli());
        } else if (value instanceof ObjectId id) {
            type = BsonConstants.TYPE_OBJECT_ID;
            raw(id.toByteArray());
        } else {
            throw OtherValue.INSTANCE;
        }
        bytes[typeAt] = type;
    }

    private void string(String text) {
        int start = size;
        int32(0);
        cString(text);
        int32At(start, size - start - 4);
    }

    /** The text's UTF-8 and a terminating zero; ASCII is copied unit by unit. */
    private void cString(String text) {
        int length = text.length();
        ensure(length + 1);
        int ascii = 0;
        while (ascii < length && text.charAt(ascii) < 0x80) {
            bytes[size + ascii] = (byte) text.charAt(ascii);
            ascii++;
        }
        if (ascii == length) {
            size += length;
        } else {
            raw(text.getBytes(StandardCharsets.UTF_8));
        }
        ensure(1);
        bytes[size++] = BsonConstants.STRING_TERMINATION;
    }

    private void raw(byte[] data, int from, int length) {
        ensure(length);
        System.arraycopy(data, from, bytes, size, length);
        size += length;
    }

    private void int32(int value) {
        ensure(4);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >> 8);
        bytes[size++] = (byte) (value >> 16);
        bytes[size++] = (byte) (value >> 24);
    }

    private void int32At(int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >> 8);
        bytes[at + 2] = (byte) (value >> 16);
        bytes[at + 3] = (byte) (value >> 24);
    }

    private void int64(long value) {
        int32((int) value);
        int32((int) (value >> 32));
    }

    private void raw(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, size, data.length);
        size += data.length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
