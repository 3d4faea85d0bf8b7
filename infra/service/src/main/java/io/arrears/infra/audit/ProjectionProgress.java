package io.arrears.infra.audit;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.arrears.infra.projection.ProjectionCatalog;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.types.Binary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which live projections have not yet handled every event they handle, read from their tokens
 * without claiming them (a ledger may be running). A segment is behind when an event after its token
 * is one of its own (by account, as the processors sequence events) that the projection handles; a
 * processor that has caught up may hold a token before the last events when those are events it does
 * not handle, so the token alone does not say.
 */
public final class ProjectionProgress {

    private final MongoDatabase database;
    private final EventStorageEngine storageEngine;
    private final Serializer tokenSerializer;

    public ProjectionProgress(MongoDatabase database, EventStorageEngine storageEngine, Serializer tokenSerializer) {
        this.database = database;
        this.storageEngine = storageEngine;
        this.tokenSerializer = tokenSerializer;
    }

    /** The collections of the projections that are behind, in the catalog's order. */
    public List<String> behind() {
        List<String> behind = new ArrayList<>();
        for (ProjectionCatalog.Projection projection : ProjectionCatalog.ALL) {
            AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(
                    projection.into(database, projection.collection()));
            Map<Segment, TrackingToken> tokens = tokens(projection.processor());
            boolean isBehind = tokens.isEmpty()
                    ? handlesAnyAfter(null, handler, Segment.ROOT_SEGMENT)
                    : tokens.entrySet().stream().anyMatch(entry -> handlesAnyAfter(entry.getValue(), handler, entry.getKey()));
            if (isBehind) {
                behind.add(projection.collection());
            }
        }
        return behind;
    }

    private Map<Segment, TrackingToken> tokens(String processor) {
        List<Document> entries = database.getCollection(ProjectionCatalog.TOKENS)
                .find(Filters.eq("processorName", processor)).into(new ArrayList<>());
        int[] segmentIds = entries.stream().mapToInt(entry -> entry.getInteger("segment")).toArray();
        Map<Segment, TrackingToken> tokens = new HashMap<>();
        for (Document entry : entries) {
            Binary token = entry.get("token", Binary.class);
            TrackingToken position = token == null ? null : new GenericTokenEntry<>(token.getData(),
                    entry.getString("tokenType"), Instant.ofEpochMilli(entry.getLong("timestamp")).toString(),
                    entry.getString("owner"), processor, entry.getInteger("segment"), byte[].class)
                    .getToken(tokenSerializer);
            tokens.put(Segment.computeSegment(entry.getInteger("segment"), segmentIds), position);
        }
        return tokens;
    }

    private boolean handlesAnyAfter(TrackingToken token, AnnotationEventHandlerAdapter handler, Segment segment) {
        // A replaying processor's token wraps the position it has reached.
        try (Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(
                token == null ? null : WrappedToken.unwrapLowerBound(token), false)) {
            return events.anyMatch(event -> handler.canHandle(event) && segment.matches(
                    event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : event.getIdentifier()));
        }
    }
}
