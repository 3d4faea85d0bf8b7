package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrears.kernel.audit.AuditMetadata;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.bson.Document;

import java.time.Instant;

/**
 * A stored event as Axon reads it: its payload and metadata as Jackson trees the serializer reads
 * directly, built when it reads them, its timestamp read once. Axon's entry parses the timestamp
 * text with a formatter each time it is asked, which was a fifth of replaying an account; stored
 * timestamps are {@link Instant#toString()}'s, read here by position, and anything else still goes
 * through Axon's parser.
 */
final class StoredEventEntry extends GenericDomainEventEntry<JsonNode> {

    private static final SerializedType METADATA_TYPE = new SimpleSerializedType(MetaData.class.getName(), null);

    private final Instant timestamp;
    private final SerializedObject<JsonNode> payload;
    private final SerializedObject<JsonNode> metaData;

    StoredEventEntry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                     String timestamp, String payloadType, String payloadRevision, LazyTree payload,
                     LazyTree metaData) {
        super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timestamp, payloadType, payloadRevision,
                null, null);
        this.timestamp = parse(timestamp);
        this.payload = new Stored(payload, new SimpleSerializedType(payloadType, payloadRevision));
        this.metaData = new Stored(metaData, METADATA_TYPE);
    }

    /**
     * As a {@link JsonNode}: Axon's entry would say {@code ObjectNode}, which its Jackson serializer
     * does not read as a tree but writes out as JSON bytes and parses again.
     */
    private record Stored(LazyTree tree, SerializedType type) implements SerializedObject<JsonNode> {

        @Override
        public Class<JsonNode> getContentType() {
            return JsonNode.class;
        }

        @Override
        public SerializedType getType() {
            return type;
        }

        @Override
        public JsonNode getData() {
            return tree.tree();
        }
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    @Override
    public SerializedObject<JsonNode> getPayload() {
        return payload;
    }

    @Override
    public SerializedObject<JsonNode> getMetaData() {
        return metaData;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} as {@link Instant#toString()} writes it; Axon's parser otherwise. */
    static Instant parse(String text) {
        Instant canonical = CanonicalInstants.parse(text);
        return canonical != null ? canonical : DateTimeUtils.parseInstant(text);
    }

    /**
     * A stored event, read through {@link CommitReadCodec}, as Axon's entry; payload and metadata go
     * to the serializer as Jackson trees, built from their BSON when it reads them.
     */
    static StoredEventEntry of(Document commit, StoredEvent event) {
        LazyTree metadata = event.metadata().with(AuditMetadata.PREV_HASH, event.prevHash(), AuditMetadata.HASH,
                event.hash());
        return new StoredEventEntry(commit.getString(CommitSchema.AGGREGATE_TYPE), commit.getString(CommitSchema.AGGREGATE_ID),
                event.sequence(), event.eventId(), event.timestamp(), event.type(), event.revision(), event.payload(),
                metadata);
    }
}
