package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoClientSettings;
import org.bson.BsonBinaryReader;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.BsonTypeClassMap;
import org.bson.codecs.BsonTypeCodecMap;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.RawBsonDocumentCodec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.EVENT_ID;
import static io.arrears.infra.eventstore.CommitSchema.HASH;
import static io.arrears.infra.eventstore.CommitSchema.METADATA;
import static io.arrears.infra.eventstore.CommitSchema.PAYLOAD;
import static io.arrears.infra.eventstore.CommitSchema.POSITION;
import static io.arrears.infra.eventstore.CommitSchema.PREV_HASH;
import static io.arrears.infra.eventstore.CommitSchema.REVISION;
import static io.arrears.infra.eventstore.CommitSchema.SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.TIMESTAMP;
import static io.arrears.infra.eventstore.CommitSchema.TYPE;

/**
 * Decodes a stored commit for reading: the commit as a document, its events as {@link StoredEvent}s,
 * each event's payload and metadata kept as BSON ({@link LazyTree}) and decoded straight into the
 * Jackson tree the serializer reads, when it reads it, without a document in between. The trees are
 * those {@link StoredJson} makes of the documents: plain JSON values map one to one, and any other
 * BSON value is rendered as relaxed JSON and parsed.
 *
 * <p>A commit is copied as raw bytes and read from them ({@link BsonBytes}); one holding a value of
 * a type stored commits do not (a commit written by hand, say) is read the general way instead.
 */
final class CommitReadCodec implements Codec<Document> {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BsonValueCodec BSON_VALUES = new BsonValueCodec();
    private static final RawBsonDocumentCodec RAW = new RawBsonDocumentCodec();
    /** The codecs a {@link DocumentCodec} reads values of each BSON type with. */
    private static final BsonTypeCodecMap VALUES = new BsonTypeCodecMap(new BsonTypeClassMap(),
            MongoClientSettings.getDefaultCodecRegistry());

    private final DocumentCodec documents = new DocumentCodec();

    @Override
    public Document decode(BsonReader reader, DecoderContext context) {
        ByteBuffer bytes = RAW.decode(reader, context).getByteBuffer().asNIO();
        try {
            return commit(new BsonBytes(bytes));
        } catch (OtherValue e) {
            try (BsonBinaryReader general = new BsonBinaryReader(bytes.duplicate())) {
                return decodeGenerally(general, context);
            }
        }
    }

    private static Document commit(BsonBytes bson) {
        Document commit = new Document();
        int end = bson.start();
        byte type;
        while ((type = bson.type()) != 0) {
            String name = bson.name();
            if (name.equals(EVENTS) && type == BsonBytes.ARRAY) {
                List<StoredEvent> events = new ArrayList<>();
                int eventsEnd = bson.start();
                byte element;
                while ((element = bson.type()) != 0) {
                    bson.skipName();
                    if (element != BsonBytes.DOCUMENT) {
                        throw OtherValue.INSTANCE;
                    }
                    events.add(event(bson));
                }
                bson.end(eventsEnd);
                commit.put(name, events);
            } else {
                commit.put(name, switch (type) {
                    case BsonBytes.INT64 -> bson.int64();
                    case BsonBytes.INT32 -> bson.int32();
                    case BsonBytes.STRING -> bson.string();
                    case BsonBytes.BOOLEAN -> bson.bool();
                    case BsonBytes.DATE_TIME -> new Date(bson.dateTime());
                    case BsonBytes.NULL -> null;
                    default -> throw OtherValue.INSTANCE;
                });
            }
        }
        bson.end(end);
        return commit;
    }

    private static StoredEvent event(BsonBytes bson) {
        long position = -1;
        long sequence = -1;
        String eventId = null;
        String type = null;
        String revision = null;
        String timestamp = null;
        LazyTree payload = null;
        LazyTree metadata = null;
        String prevHash = null;
        String hash = null;
        int end = bson.start();
        byte kind;
        while ((kind = bson.type()) != 0) {
            switch (bson.name()) {
                case POSITION -> position = bson.int64(kind);
                case SEQUENCE -> sequence = bson.int64(kind);
                case EVENT_ID -> eventId = bson.stringOrNull(kind);
                case TYPE -> type = bson.stringOrNull(kind);
                case REVISION -> revision = bson.stringOrNull(kind);
                case TIMESTAMP -> timestamp = bson.stringOrNull(kind);
                case PAYLOAD -> payload = new LazyTree(bson.document(kind));
                case METADATA -> metadata = new LazyTree(bson.document(kind));
                case PREV_HASH -> prevHash = bson.stringOrNull(kind);
                case HASH -> hash = bson.stringOrNull(kind);
                default -> bson.skip(kind);
            }
        }
        bson.end(end);
        return new StoredEvent(position, sequence, eventId, type, revision, timestamp, payload, metadata, prevHash,
                hash);
    }

    /** A commit read through the driver's reader: any BSON it holds. */
    private Document decodeGenerally(BsonReader reader, DecoderContext context) {
        Document commit = new Document();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            if (name.equals(EVENTS) && reader.getCurrentBsonType() == BsonType.ARRAY) {
                List<StoredEvent> events = new ArrayList<>();
                reader.readStartArray();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    events.add(event(reader, context));
                }
                reader.readEndArray();
                commit.put(name, events);
            } else {
                commit.put(name, value(reader, context));
            }
        }
        reader.readEndDocument();
        return commit;
    }

    /** An event's fields by name; a field this codec does not know is skipped. */
    private static StoredEvent event(BsonReader reader, DecoderContext context) {
        long position = -1;
        long sequence = -1;
        String eventId = null;
        String type = null;
        String revision = null;
        String timestamp = null;
        LazyTree payload = null;
        LazyTree metadata = null;
        String prevHash = null;
        String hash = null;
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            switch (reader.readName()) {
                case POSITION -> position = reader.readInt64();
                case SEQUENCE -> sequence = reader.readInt64();
                case EVENT_ID -> eventId = reader.readString();
                case TYPE -> type = reader.readString();
                case REVISION -> revision = text(reader);
                case TIMESTAMP -> timestamp = reader.readString();
                case PAYLOAD -> payload = new LazyTree(RAW.decode(reader, context).getByteBuffer().asNIO());
                case METADATA -> metadata = new LazyTree(RAW.decode(reader, context).getByteBuffer().asNIO());
                case PREV_HASH -> prevHash = reader.readString();
                case HASH -> hash = reader.readString();
                default -> reader.skipValue();
            }
        }
        reader.readEndDocument();
        return new StoredEvent(position, sequence, eventId, type, revision, timestamp, payload, metadata, prevHash,
                hash);
    }

    /** A string that may be stored as null, as a revision is for an event type without one. */
    private static String text(BsonReader reader) {
        if (reader.getCurrentBsonType() == BsonType.NULL) {
            reader.readNull();
            return null;
        }
        return reader.readString();
    }

    /** A commit's or event's own field: the value a {@link DocumentCodec} would give. */
    private Object value(BsonReader reader, DecoderContext context) {
        return switch (reader.getCurrentBsonType()) {
            case INT64 -> reader.readInt64();
            case INT32 -> reader.readInt32();
            case STRING -> reader.readString();
            case BOOLEAN -> reader.readBoolean();
            case DATE_TIME -> new Date(reader.readDateTime());
            case NULL -> {
                reader.readNull();
                yield null;
            }
            case DOCUMENT -> documents.decode(reader, context);
            default -> VALUES.get(reader.getCurrentBsonType()).decode(reader, context);
        };
    }

    static ObjectNode object(BsonReader reader) {
        ObjectNode node = NODES.objectNode();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            node.set(name, node(reader));
        }
        reader.readEndDocument();
        return node;
    }

    private static JsonNode node(BsonReader reader) {
        switch (reader.getCurrentBsonType()) {
            case STRING:
                return NODES.textNode(reader.readString());
            case INT32:
                return NODES.numberNode(reader.readInt32());
            case INT64:
                return NODES.numberNode(reader.readInt64());
            case BOOLEAN:
                return NODES.booleanNode(reader.readBoolean());
            case NULL:
                reader.readNull();
                return NODES.nullNode();
            case DOCUMENT:
                return object(reader);
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                reader.readStartArray();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    array.add(node(reader));
                }
                reader.readEndArray();
                return array;
            default:
                return StoredJson.relaxed(BSON_VALUES.decode(reader, DecoderContext.builder().build()));
        }
    }

    @Override
    public void encode(BsonWriter writer, Document document, EncoderContext context) {
        documents.encode(writer, document, context);
    }

    @Override
    public Class<Document> getEncoderClass() {
        return Document.class;
    }
}
