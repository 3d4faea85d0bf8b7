package io.arrears.infra.audit;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

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

    /** Events handled in one unit of work. */
    static final int BATCH = 256;

    private ProjectionCopies() {
    }

    /** Where a replay stopped: the token of the last event (null when there were none) and how many. */
    public record Replay(TrackingToken token, long events) {
    }

    /**
     * Feeds the events after {@code from} (all, when null) through the copies' own handlers, a batch
     * of {@link #BATCH} events in one unit of work, so each copy reads and writes an account once a
     * batch ({@link io.arrears.query.projection.ProjectionWrites}), as a processor does.
     */
    public static Replay replay(EventStorageEngine storageEngine, List<AnnotationEventHandlerAdapter> copies,
                         Replay from, LongConsumer progress) {
        TrackingToken last = from.token();
        long events = from.events();
        List<TrackedEventMessage<?>> batch = new ArrayList<>(BATCH);
        try (Stream<? extends TrackedEventMessage<?>> stream = storageEngine.readEvents(from.token(), false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            while (iterator.hasNext()) {
                batch.add(iterator.next());
                if (batch.size() == BATCH || !iterator.hasNext()) {
                    handle(batch, copies);
                    last = batch.get(batch.size() - 1).trackingToken();
                    events += batch.size();
                    progress.accept(events);
                    batch.clear();
                }
            }
        }
        return new Replay(last, events);
    }

    private static void handle(List<TrackedEventMessage<?>> batch, List<AnnotationEventHandlerAdapter> copies) {
        ResultMessage<?> result = new BatchingUnitOfWork<>(batch).executeWithResult(() -> {
            TrackedEventMessage<?> event = (TrackedEventMessage<?>) CurrentUnitOfWork.get().getMessage();
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
            return null;
        });
        if (result.isExceptional()) {
            throw result.exceptionResult() instanceof RuntimeException e ? e
                    : new IllegalStateException(result.exceptionResult());
        }
    }

    /** Drops a collection if it exists (dropping none is an error to the embedded server). */
    static void drop(MongoDatabase database, String collection) {
        if (database.listCollectionNames().into(new ArrayList<>()).contains(collection)) {
            database.getCollection(collection).drop();
        }
    }
}
