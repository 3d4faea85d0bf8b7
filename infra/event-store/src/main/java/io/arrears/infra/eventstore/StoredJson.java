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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Between a stored payload or metadata document and its Jackson tree, without JSON text in between.
 *
 * <p>Reading: a stored document as the tree its relaxed-JSON rendering parses to; the serializer
 * reads snapshots from it (events come through {@link CommitReadCodec}, which builds the same trees
 * from the BSON directly). The stored documents come from Jackson's JSON, so they hold strings,
 * numbers, booleans, nulls, documents and lists; any other BSON value is rendered as relaxed JSON and
 * parsed, as the whole document used to be.
 *
 * <p>Writing: the serializer's tree as the document {@link Document#parse} makes of its JSON text.
 * Parsing that text was most of the work of preparing a commit.
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

    /**
     * The document {@link Document#parse} makes of the tree's JSON: whole numbers as 32-bit where
     * they fit, else 64-bit; lists as lists. A tree that holds what the parse reads otherwise (a
     * fraction, a number beyond 64 bits, a name beginning with {@code $} that extended JSON may
     * read as a type) is parsed from its text, so every tree gets exactly the document it did.
     */
    static Document document(JsonNode tree) {
        if (tree instanceof ObjectNode object) {
            try {
                return documentOf(object);
            } catch (OtherValue e) {
                // Below: the parse decides.
            }
        }
        return Document.parse(tree.toString());
    }

    private static Document documentOf(ObjectNode object) {
        Document document = new Document();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().startsWith("$")) {
                throw OtherValue.INSTANCE;
            }
            document.append(field.getKey(), plain(field.getValue()));
        }
        return document;
    }

    private static Object plain(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            long number = node.longValue();
            return number == (int) number ? (Object) (int) number : (Object) number;
        } else if (node.isBoolean()) {
            return node.booleanValue();
        } else if (node.isNull()) {
            return null;
        } else if (node instanceof ObjectNode object) {
            return documentOf(object);
        } else if (node instanceof ArrayNode array) {
            List<Object> list = new ArrayList<>(array.size());
            for (JsonNode element : array) {
                list.add(plain(element));
            }
            return list;
        }
        throw OtherValue.INSTANCE;
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
