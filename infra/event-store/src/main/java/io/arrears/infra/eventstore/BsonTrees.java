package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bson.BsonBinaryReader;

import java.nio.ByteBuffer;

/**
 * A BSON document's bytes made the Jackson tree {@link CommitReadCodec#object} makes of it, read
 * straight from the bytes ({@link BsonBytes}). A document holding a value JSON has no type for (a
 * date, a double, a decimal) is read by {@link CommitReadCodec} instead, which renders such values
 * as relaxed JSON.
 */
final class BsonTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BsonTrees() {
    }

    /** The tree of the document in {@code bytes} (from its position). */
    static ObjectNode tree(ByteBuffer bytes) {
        try {
            return object(new BsonBytes(bytes));
        } catch (OtherValue e) {
            try (BsonBinaryReader reader = new BsonBinaryReader(bytes.duplicate())) {
                return CommitReadCodec.object(reader);
            }
        }
    }

    private static ObjectNode object(BsonBytes bson) {
        int end = bson.start();
        ObjectNode node = NODES.objectNode();
        byte type;
        while ((type = bson.type()) != 0) {
            String name = bson.name();
            node.set(name, value(type, bson));
        }
        bson.end(end);
        return node;
    }

    private static ArrayNode array(BsonBytes bson) {
        int end = bson.start();
        ArrayNode node = NODES.arrayNode();
        byte type;
        while ((type = bson.type()) != 0) {
            bson.skipName();
            node.add(value(type, bson));
        }
        bson.end(end);
        return node;
    }

    private static JsonNode value(byte type, BsonBytes bson) {
        return switch (type) {
            case BsonBytes.STRING -> NODES.textNode(bson.string());
            case BsonBytes.INT32 -> NODES.numberNode(bson.int32());
            case BsonBytes.INT64 -> NODES.numberNode(bson.int64());
            case BsonBytes.BOOLEAN -> NODES.booleanNode(bson.bool());
            case BsonBytes.NULL -> NODES.nullNode();
            case BsonBytes.DOCUMENT -> object(bson);
            case BsonBytes.ARRAY -> array(bson);
            // Doubles, dates, decimals and the rest become what their relaxed JSON parses to: the codec's rule.
            default -> throw OtherValue.INSTANCE;
        };
    }
}
