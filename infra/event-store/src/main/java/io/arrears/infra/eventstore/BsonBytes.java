package io.arrears.infra.eventstore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads BSON straight from its bytes, for the few value types stored events hold. Field names and
 * short texts repeat from event to event ("accountId", "CNY", "PHONE"), so they come from a small
 * cache of the strings already made rather than a new string each. A value of any other type
 * throws {@link OtherValue}, for the caller to read the document the general way.
 */
final class BsonBytes {

    static final byte STRING = 0x02;
    static final byte DOCUMENT = 0x03;
    static final byte ARRAY = 0x04;
    static final byte BOOLEAN = 0x08;
    static final byte DATE_TIME = 0x09;
    static final byte NULL = 0x0A;
    static final byte INT32 = 0x10;
    static final byte INT64 = 0x12;
    /** Texts up to this many bytes are looked up in the cache; longer ones are rarely repeated. */
    private static final int CACHED_TEXT_BYTES_MAX = 24;
    /** Slots in the cache, a power of two; a slot holds the last text that hashed to it. */
    private static final int CACHE_SLOTS = 1 << 12;

    private static final Cached[] CACHE = new Cached[CACHE_SLOTS];

    /** A cached text and its bytes; immutable, so a slot can be replaced by any thread at any time. */
    private record Cached(byte[] bytes, String text) {
    }

    private final ByteBuffer buffer;
    /** The buffer's array, and where the buffer's index 0 is in it: texts are compared in the array. */
    private final byte[] array;
    private final int arrayOffset;

    /** Reads the document that {@code bytes} holds from its position. */
    BsonBytes(ByteBuffer bytes) {
        ByteBuffer heap = bytes;
        if (!bytes.hasArray()) {
            heap = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
        }
        this.buffer = heap.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.array = heap.array();
        this.arrayOffset = heap.arrayOffset();
    }

    /** Enters a document or array; returns the position just past its end. */
    int start() {
        return buffer.position() + buffer.getInt();
    }

    /** Leaves a document or array whose last element was read; {@code end} is what {@link #start} gave. */
    void end(int end) {
        if (buffer.position() != end) {
            throw new IllegalStateException("a BSON document ended at " + buffer.position() + ", not at " + end);
        }
    }

    /** The type of the next element, or 0 at the end of the document. */
    byte type() {
        return buffer.get();
    }

    String name() {
        int start = arrayOffset + buffer.position();
        int end = start;
        while (array[end] != 0) {
            end++;
        }
        String name = text(end - start);
        buffer.get();
        return name;
    }

    void skipName() {
        while (buffer.get() != 0) {
            // array indexes ("0", "1", ...) are not needed
        }
    }

    String string() {
        int length = buffer.getInt() - 1;
        String text = text(length);
        buffer.get();
        return text;
    }

    /** A string, or null for a BSON null; anything else is another type. */
    String stringOrNull(byte type) {
        if (type == NULL) {
            return null;
        }
        if (type != STRING) {
            throw OtherValue.INSTANCE;
        }
        return string();
    }

    int int32() {
        return buffer.getInt();
    }

    long int64() {
        return buffer.getLong();
    }

    long int64(byte type) {
        if (type != INT64) {
            throw OtherValue.INSTANCE;
        }
        return buffer.getLong();
    }

    boolean bool() {
        return buffer.get() != 0;
    }

    long dateTime() {
        return buffer.getLong();
    }

    /** The embedded document here as a buffer of its own bytes, and moves past it. */
    ByteBuffer document(byte type) {
        if (type != DOCUMENT) {
            throw OtherValue.INSTANCE;
        }
        int start = buffer.position();
        int length = buffer.getInt(start);
        ByteBuffer document = buffer.slice(start, length);
        buffer.position(start + length);
        return document;
    }

    /** Moves past a value of a type read here. */
    void skip(byte type) {
        switch (type) {
            case STRING -> buffer.position(buffer.position() + buffer.getInt());
            case DOCUMENT, ARRAY -> buffer.position(buffer.position() + buffer.getInt(buffer.position()));
            case BOOLEAN -> buffer.get();
            case INT32 -> buffer.getInt();
            case INT64, DATE_TIME -> buffer.getLong();
            case NULL -> {
            }
            default -> throw OtherValue.INSTANCE;
        }
    }

    /** The UTF-8 text of the next {@code length} bytes, from the cache when it is short. */
    private String text(int length) {
        int start = arrayOffset + buffer.position();
        buffer.position(buffer.position() + length);
        if (length > CACHED_TEXT_BYTES_MAX) {
            return new String(array, start, length, StandardCharsets.UTF_8);
        }
        int hash = length;
        for (int i = start; i < start + length; i++) {
            hash = 31 * hash + array[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (CACHE_SLOTS - 1);
        Cached cached = CACHE[slot];
        if (cached != null && Arrays.equals(cached.bytes(), 0, cached.bytes().length, array, start, start + length)) {
            return cached.text();
        }
        byte[] bytes = Arrays.copyOfRange(array, start, start + length);
        String text = new String(bytes, StandardCharsets.UTF_8);
        CACHE[slot] = new Cached(bytes, text);
        return text;
    }
}
