package io.arrears.infra.audit;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Copies of projections ({@link io.arrears.infra.projection.ProjectionCatalog}), built beside the live
 * ones: the replay of events through them, and dropping a copy's collection.
 */
public final class ProjectionCopies {

    private ProjectionCopies() {
    }

    /** Where a replay stopped: the token of the last event (null when there were none) and how many. */
    public record Replay(TrackingToken token, long events) {
    }

    /** Feeds the events after {@code from} (all, when null) through the copies' own handlers. */
    public static Replay replay(EventStorageEngine storageEngine, List<AnnotationEventHandlerAdapter> copies,
                         Replay from, LongConsumer progress) {
        TrackingToken last = from.token();
        long events = from.events();
        try (Stream<? extends TrackedEventMessage<?>> stream = storageEngine.readEvents(from.token(), false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                for (AnnotationEventHandlerAdapter copy : copies) {
                    if (copy.canHandle(event)) {
                        try {
                            copy.handle(event);
                        } catch (Exception e) {
                            throw new IllegalStateException("rebuilding failed at position "
                                    + event.trackingToken().position().orElse(-1), e);
                        }
                    }
                }
                last = event.trackingToken();
                progress.accept(++events);
            }
        }
        return new Replay(last, events);
    }

    /** Drops a collection if it exists (dropping none is an error to the embedded server). */
    static void drop(MongoDatabase database, String collection) {
        if (database.listCollectionNames().into(new ArrayList<>()).contains(collection)) {
            database.getCollection(collection).drop();
        }
    }
}
