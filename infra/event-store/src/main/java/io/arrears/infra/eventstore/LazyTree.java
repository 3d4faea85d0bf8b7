package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;

/**
 * A stored payload or metadata document, kept as its BSON and made the Jackson tree the serializer
 * reads when first asked. Axon deserialises a payload only when a handler reads it, so an event
 * nobody reads (a contact, to an account replayed as of an instant) costs a copy of its bytes, not
 * a tree.
 */
final class LazyTree {

    /** The document's bytes, from the buffer's position. */
    private final ByteBuffer bson;
    /** Fields set on the tree once it is built, name then value: the hashes, on metadata. */
    private final String[] fields;
    private volatile JsonNode tree;

    LazyTree(ByteBuffer bson) {
        this(bson, new String[0], null);
    }

    private LazyTree(ByteBuffer bson, String[] fields, JsonNode tree) {
        this.bson = bson;
        this.fields = fields;
        this.tree = tree;
    }

    /** A tree there is already (a snapshot's). */
    static LazyTree of(JsonNode tree) {
        return new LazyTree(null, new String[0], tree);
    }

    /** The same document with two text fields set on its tree. */
    LazyTree with(String name, String value, String otherName, String otherValue) {
        if (bson == null) {
            throw new IllegalStateException("fields are set on a tree still to be built");
        }
        return new LazyTree(bson, new String[]{name, value, otherName, otherValue}, null);
    }

    JsonNode tree() {
        JsonNode built = tree;
        if (built == null) {
            ObjectNode node = BsonTrees.tree(bson);
            for (int i = 0; i < fields.length; i += 2) {
                node.put(fields[i], fields[i + 1]);
            }
            tree = built = node;
        }
        return built;
    }
}
