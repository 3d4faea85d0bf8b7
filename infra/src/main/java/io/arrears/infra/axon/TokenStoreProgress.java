package io.arrears.infra.axon;

import com.mongodb.client.MongoCollection;
import io.arrears.query.api.ProjectionProgress;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;

import static com.mongodb.client.model.Filters.eq;

/**
 * A projection has reached a position when every one of its segments' tokens, as stored in the
 * shared token store, is at or past it; so the answer holds whichever node runs which segment.
 */
public class TokenStoreProgress implements ProjectionProgress {

    private final MongoCollection<Document> tokens;
    private final Serializer serializer;

    public TokenStoreProgress(MongoTemplate template, Serializer serializer) {
        this.tokens = template.trackingTokensCollection();
        this.serializer = serializer;
    }

    @Override
    public boolean hasReached(String processingGroup, long position) {
        boolean anySegment = false;
        for (Document entry : tokens.find(eq("processorName", processingGroup))) {
            anySegment = true;
            Object stored = entry.get("token");
            if (stored == null) {
                return false;
            }
            byte[] bytes = stored instanceof Binary binary ? binary.getData() : stored.toString().getBytes();
            TrackingToken token = serializer.deserialize(
                    new SimpleSerializedObject<>(bytes, byte[].class, entry.getString("tokenType"), null));
            if (token == null || token.position().orElse(-1) < position) {
                return false;
            }
        }
        return anySegment;
    }
}
