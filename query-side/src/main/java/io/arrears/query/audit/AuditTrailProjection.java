package io.arrears.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.kernel.audit.AuditMetadata;
import io.arrears.query.projection.EntryIds;
import io.arrears.query.projection.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.bson.Document;

import java.util.Map;

/**
 * The audit trail: every event with its position, sequence, type, recorded time, actor, payload and
 * hashes, one document per event keyed by account and sequence ({@link EntryIds}), so a redelivery
 * overwrites it with the same and an account's page is read by {@code _id} alone.
 */
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
public class AuditTrailProjection {

    public static final String PROCESSING_GROUP = "audit-trail";
    public static final String COLLECTION = "audit_trail";

    private final MongoCollection<Document> trail;
    private final ObjectMapper payloadMapper;

    public AuditTrailProjection(MongoDatabase database, ObjectMapper payloadMapper) {
        this(database, COLLECTION, payloadMapper);
    }

    /** Into another collection: a rebuild from position 0 that is compared with the live one. */
    public AuditTrailProjection(MongoDatabase database, String collection, ObjectMapper payloadMapper) {
        this.trail = database.getCollection(collection);
        this.payloadMapper = payloadMapper;
    }

    @EventHandler
    void on(Object payload, DomainEventMessage<?> event, TrackingToken token) {
        long position = token.position().orElseThrow(() -> new IllegalStateException("tracked events have positions"));
        MetaData metaData = event.getMetaData();
        @SuppressWarnings("unchecked")
        Map<String, Object> payloadFields = payloadMapper.convertValue(payload, Map.class);
        String id = EntryIds.of(event.getAggregateIdentifier(), event.getSequenceNumber());
        Document entry = new Document("_id", id)
                .append("position", position)
                .append("accountId", event.getAggregateIdentifier())
                .append("sequence", event.getSequenceNumber())
                .append("type", payload.getClass().getSimpleName())
                .append("eventId", event.getIdentifier())
                .append("recordedAt", event.getTimestamp().toString())
                .append("actor", new Document("id", metaData.get(AuditMetadata.ACTOR_ID))
                        .append("role", metaData.get(AuditMetadata.ACTOR_ROLE))
                        .append("client", metaData.get(AuditMetadata.CLIENT_ID)))
                .append("command", metaData.get(AuditMetadata.COMMAND))
                .append("rules", metaData.get(AuditMetadata.RULES))
                .append("correlationId", metaData.get(AuditMetadata.CORRELATION_ID))
                .append("causationId", metaData.get(AuditMetadata.CAUSATION_ID))
                .append("payload", new Document(payloadFields))
                .append("prevHash", metaData.get(AuditMetadata.PREV_HASH))
                .append("hash", metaData.get(AuditMetadata.HASH));
        ProjectionWrites.into(trail).replace(entry);
    }

    @ResetHandler
    void reset() {
        trail.deleteMany(new Document());
    }
}
