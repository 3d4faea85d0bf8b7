package io.arrears.infra.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.List;
import java.util.Map;

/**
 * A stored payload or metadata document as the Jackson tree its relaxed-JSON rendering parses to,
 * built without the text in between: the serializer reads snapshots from it (events come through
 * {@link CommitReadCodec}, which builds the same trees from the BSON directly). The stored documents
 * come from Jackson's JSON, so they hold strings, numbers, booleans, nulls, documents and lists; any
 * other BSON value is rendered as relaxed JSON and parsed, as the whole document used to be.
 */
final class StoredJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper PARSER = new ObjectMapper();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
            .build();

    private StoredJson() {
    }

    static ObjectNode tree(Document document) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, Object> field : document.entrySet()) {
            node.set(field.getKey(), value(field.getValue()));
        }
        return node;
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof String text) {
            return NODES.textNode(text);
        } else if (value instanceof Integer number) {
            return NODES.numberNode(number);
        } else if (value instanceof Long number) {
            return NODES.numberNode(number);
        } else if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        } else if (value instanceof Document document) {
            return tree(document);
        } else if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(element -> array.add(value(element)));
            return array;
        }
        return relaxed(value);
    }

    /** A value JSON has no type for (a date, a decimal, a NaN), as its relaxed-JSON rendering parses. */
    static JsonNode relaxed(Object value) {
        try {
            return PARSER.readTree(new Document("v", value).toJson(RELAXED)).get("v");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored value renders as JSON the parser rejects: " + value, e);
        }
    }
}
