package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A stored document's BSON, byte for byte as mongo-java-server's {@link BsonEncoder} writes it, into
 * an array of its own. The encoder writes through a Netty buffer that checks its reference count and
 * bounds on every byte, and makes a document with a key for each element of a list; under load that
 * was most of the cost of writing a store commit's new documents. The values a ledger stores (texts,
 * whole numbers, doubles, booleans, nulls, instants, object ids, documents and lists) are written
 * here; a document with any other value is written by the encoder.
 */
final class DocumentBson {

    private byte[] bytes;
    private int size;

    private DocumentBson(int capacity) {
        this.bytes = new byte[capacity];
    }

    /** The document's BSON; {@code expectedSize} is where the array starts, it grows as needed. */
    static byte[] of(Map<String, ?> document, int expectedSize) {
        DocumentBson bson = new DocumentBson(Math.max(expectedSize, 64));
        try {
            bson.document(document);
        } catch (OtherValue e) {
            return byEncoder(document);
        }
        return Arrays.copyOf(bson.bytes, bson.size);
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

    private void document(Map<String, ?> document) {
        int start = size;
        int32(0);
        for (Map.Entry<String, ?> field : document.entrySet()) {
            element(field.getKey(), field.getValue());
        }
        end(start);
    }

    private void array(Collection<?> list) {
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
        int length = size - start;
        bytes[start] = (byte) length;
        bytes[start + 1] = (byte) (length >> 8);
        bytes[start + 2] = (byte) (length >> 16);
        bytes[start + 3] = (byte) (length >> 24);
    }

    private void element(String name, Object value) {
        int typeAt = type();
        cString(name);
        value(typeAt, value);
    }

    private void element(int index, Object value) {
        int typeAt = type();
        cString(Integer.toString(index));
        value(typeAt, value);
    }

    /** Leaves a byte for the element's type, which its value sets; returns where it is. */
    private int type() {
        ensure(1);
        return size++;
    }

    private void value(int typeAt, Object value) {
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
            document(fields);
        } else if (value instanceof Collection<?> list) {
            type = BsonConstants.TYPE_ARRAY;
            array(list);
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
        int length = size - start - 4;
        bytes[start] = (byte) length;
        bytes[start + 1] = (byte) (length >> 8);
        bytes[start + 2] = (byte) (length >> 16);
        bytes[start + 3] = (byte) (length >> 24);
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

    private void int32(int value) {
        ensure(4);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >> 8);
        bytes[size++] = (byte) (value >> 16);
        bytes[size++] = (byte) (value >> 24);
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

    /** A value the encoder writes; caught at once, so no stack trace and one instance. */
    private static final class OtherValue extends RuntimeException {
        private static final OtherValue INSTANCE = new OtherValue();

        private OtherValue() {
            super(null, null, false, false);
        }
    }
}
