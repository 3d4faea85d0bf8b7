package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.BsonConstants;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads a stored document's BSON from its array, value for value and type for type as
 * mongo-java-server's decoder reads it, for the values {@link DocumentBson} writes; on any other
 * value, or bytes that are not a well-formed document, it throws {@link OtherValue} and the caller
 * leaves the document to the decoder. It steps over a value it is not asked for by its length.
 */
final class StoredBsonReader {

    private final byte[] bytes;
    /** Where the next byte is read. */
    int at;

    StoredBsonReader(byte[] bytes) {
        this.bytes = bytes;
    }

    Document readDocument() {
        int end = at + readInt32();
        Document document = new Document();
        byte type;
        while ((type = bytes[at++]) != BsonConstants.TERMINATING_BYTE) {
            String name = readCString();
            if (document.put(name, readValue(type)) != null) {
                // A name twice: the decoder refuses it.
                throw OtherValue.INSTANCE;
            }
        }
        if (at != end) {
            throw OtherValue.INSTANCE;
        }
        return document;
    }

    Document readFields(Set<String> names) {
        int end = at + readInt32();
        Document document = new Document();
        byte type;
        while ((type = bytes[at++]) != BsonConstants.TERMINATING_BYTE) {
            String name = readCString();
            if (!names.contains(name)) {
                skipValue(type);
            } else if (document.put(name, readValue(type)) != null) {
                throw OtherValue.INSTANCE;
            }
        }
        if (at != end) {
            throw OtherValue.INSTANCE;
        }
        return document;
    }

    /** How many elements the array that starts at {@code start} holds. */
    int elements(int start) {
        at = start + 4;
        int count = 0;
        byte type;
        while ((type = bytes[at++]) != BsonConstants.TERMINATING_BYTE) {
            while (bytes[at++] != 0) {
                // The element's name is its index.
            }
            skipValue(type);
            count++;
        }
        return count;
    }

    /** Steps over a value of {@code type} by its length, reading none of it. */
    void skipValue(byte type) {
        switch (type) {
            case BsonConstants.TYPE_UTF8_STRING -> {
                int length = readInt32();
                if (length < 1) {
                    throw OtherValue.INSTANCE;
                }
                at += length;
            }
            case BsonConstants.TYPE_INT32 -> at += 4;
            case BsonConstants.TYPE_INT64, BsonConstants.TYPE_DOUBLE, BsonConstants.TYPE_UTC_DATETIME -> at += 8;
            case BsonConstants.TYPE_EMBEDDED_DOCUMENT, BsonConstants.TYPE_ARRAY -> {
                int length = readInt32();
                if (length < 5) {
                    throw OtherValue.INSTANCE;
                }
                at += length - 4;
            }
            case BsonConstants.TYPE_NULL -> {
            }
            case BsonConstants.TYPE_BOOLEAN -> at += 1;
            case BsonConstants.TYPE_OBJECT_ID -> at += 12;
            default -> throw OtherValue.INSTANCE;
        }
    }

    private List<Object> readArray() {
        int end = at + readInt32();
        List<Object> list = new ArrayList<>();
        byte type;
        while ((type = bytes[at++]) != BsonConstants.TERMINATING_BYTE) {
            while (bytes[at++] != 0) {
                // The element's name is its index.
            }
            list.add(readValue(type));
        }
        if (at != end) {
            throw OtherValue.INSTANCE;
        }
        return list;
    }

    private Object readValue(byte type) {
        return switch (type) {
            case BsonConstants.TYPE_UTF8_STRING -> readString();
            case BsonConstants.TYPE_INT32 -> readInt32();
            case BsonConstants.TYPE_INT64 -> readInt64();
            case BsonConstants.TYPE_EMBEDDED_DOCUMENT -> readDocument();
            case BsonConstants.TYPE_ARRAY -> readArray();
            case BsonConstants.TYPE_NULL -> null;
            case BsonConstants.TYPE_BOOLEAN -> readBoolean();
            case BsonConstants.TYPE_DOUBLE -> Double.longBitsToDouble(readInt64());
            case BsonConstants.TYPE_UTC_DATETIME -> Instant.ofEpochMilli(readInt64());
            case BsonConstants.TYPE_OBJECT_ID -> new ObjectId(Arrays.copyOfRange(bytes, at, at += 12));
            default -> throw OtherValue.INSTANCE;
        };
    }

    private Boolean readBoolean() {
        byte value = bytes[at++];
        if (value != BsonConstants.BOOLEAN_VALUE_FALSE && value != BsonConstants.BOOLEAN_VALUE_TRUE) {
            throw OtherValue.INSTANCE;
        }
        return value == BsonConstants.BOOLEAN_VALUE_TRUE;
    }

    private String readString() {
        int length = readInt32() - 1;
        if (length < 0 || bytes[at + length] != BsonConstants.STRING_TERMINATION) {
            throw OtherValue.INSTANCE;
        }
        String text = text(at, length);
        at += length + 1;
        return text;
    }

    String readCString() {
        int start = at;
        while (bytes[at] != 0) {
            at++;
        }
        return FieldNames.read(bytes, start, at++ - start);
    }

    /** ASCII as Latin-1, which makes the same string without decoding; else UTF-8 as the decoder reads it. */
    private String text(int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (bytes[i] < 0) {
                return new String(bytes, start, length, StandardCharsets.UTF_8);
            }
        }
        return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }

    int readInt32() {
        int value = bytes[at] & 0xff | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16
                | (bytes[at + 3] & 0xff) << 24;
        at += 4;
        return value;
    }

    private long readInt64() {
        long low = readInt32() & 0xffffffffL;
        return low | (long) readInt32() << 32;
    }
}
