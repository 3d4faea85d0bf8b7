package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bson.BsonBinaryReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A BSON document's bytes made the Jackson tree {@link CommitReadCodec#object} makes of it, read
 * straight from the bytes. Field names and short texts repeat from event to event ("accountId",
 * "CNY", "PHONE"), so they come from a small cache instead of a new string each. A document holding
 * a value JSON has no type for (a date, a double, a decimal) is read by {@link CommitReadCodec}
 * instead, which renders such values as relaxed JSON.
 */
final class BsonTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte STRING = 0x02;
    private static final byte DOCUMENT = 0x03;
    private static final byte ARRAY = 0x04;
    private static final byte BOOLEAN = 0x08;
    private static final byte NULL = 0x0A;
    private static final byte INT32 = 0x10;
    private static final byte INT64 = 0x12;
    /** Texts up to this many bytes are looked up in the cache; longer ones are rarely repeated. */
    private static final int CACHED_TEXT_BYTES_MAX = 24;
    /** Slots in the cache, a power of two; a slot holds the last text that hashed to it. */
    private static final int CACHE_SLOTS = 1 << 12;

    private static final Cached[] CACHE = new Cached[CACHE_SLOTS];

    /** A cached text and its bytes; immutable, so a slot can be replaced by any thread at any time. */
    private record Cached(byte[] bytes, String text) {
    }

    /** Thrown inside the fast reader when it meets a type it leaves to {@link CommitReadCodec}. */
    private static final class OtherType extends RuntimeException {
        private static final OtherType INSTANCE = new OtherType();

        private OtherType() {
            super(null, null, false, false);
        }
    }

    private BsonTrees() {
    }

    /** The tree of the document in {@code bytes} (its whole length). */
    static ObjectNode tree(ByteBuffer bytes) {
        ByteBuffer buffer = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            return object(buffer);
        } catch (OtherType e) {
            try (BsonBinaryReader reader = new BsonBinaryReader(bytes.duplicate())) {
                return CommitReadCodec.object(reader);
            }
        }
    }

    private static ObjectNode object(ByteBuffer buffer) {
        int end = buffer.position() + buffer.getInt();
        ObjectNode node = NODES.objectNode();
        byte type;
        while ((type = buffer.get()) != 0) {
            String name = cString(buffer);
            node.set(name, value(type, buffer));
        }
        if (buffer.position() != end) {
            throw new IllegalStateException("a BSON document ended at " + buffer.position() + ", not at " + end);
        }
        return node;
    }

    private static ArrayNode array(ByteBuffer buffer) {
        int end = buffer.position() + buffer.getInt();
        ArrayNode node = NODES.arrayNode();
        byte type;
        while ((type = buffer.get()) != 0) {
            skipCString(buffer);
            node.add(value(type, buffer));
        }
        if (buffer.position() != end) {
            throw new IllegalStateException("a BSON array ended at " + buffer.position() + ", not at " + end);
        }
        return node;
    }

    private static JsonNode value(byte type, ByteBuffer buffer) {
        return switch (type) {
            case STRING -> {
                int length = buffer.getInt() - 1;
                String text = text(buffer, length);
                buffer.get();
                yield NODES.textNode(text);
            }
            case INT32 -> NODES.numberNode(buffer.getInt());
            case INT64 -> NODES.numberNode(buffer.getLong());
            case BOOLEAN -> NODES.booleanNode(buffer.get() != 0);
            case NULL -> NODES.nullNode();
            case DOCUMENT -> object(buffer);
            case ARRAY -> array(buffer);
            // Doubles, dates, decimals and the rest become what their relaxed JSON parses to: the codec's rule.
            default -> throw OtherType.INSTANCE;
        };
    }

    private static String cString(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        String text = text(buffer, end - start);
        buffer.get();
        return text;
    }

    private static void skipCString(ByteBuffer buffer) {
        while (buffer.get() != 0) {
            // array keys are "0", "1", ...: not needed
        }
    }

    /** The UTF-8 text of the next {@code length} bytes, from the cache when it is short. */
    private static String text(ByteBuffer buffer, int length) {
        int start = buffer.position();
        if (length > CACHED_TEXT_BYTES_MAX) {
            return decode(buffer, length);
        }
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + buffer.get(start + i);
        }
        int slot = (hash ^ (hash >>> 16)) & (CACHE_SLOTS - 1);
        Cached cached = CACHE[slot];
        if (cached != null && matches(cached.bytes(), buffer, start, length)) {
            buffer.position(start + length);
            return cached.text();
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        CACHE[slot] = new Cached(bytes, text);
        return text;
    }

    private static String decode(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean matches(byte[] bytes, ByteBuffer buffer, int start, int length) {
        if (bytes.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[i] != buffer.get(start + i)) {
                return false;
            }
        }
        return true;
    }
}
