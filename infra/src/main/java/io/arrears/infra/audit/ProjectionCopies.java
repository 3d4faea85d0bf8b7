package io.arrears.infra.audit;

import com.mongodb.client.MongoDatabase;
import io.arrears.infra.axon.SerializationConfiguration;
import io.arrears.query.account.AccountViewProjection;
import io.arrears.query.audit.AuditTrailProjection;
import io.arrears.query.contact.BorrowerContactsProjection;
import io.arrears.query.penalty.PenaltyLedgerProjection;
import io.arrears.query.report.PortfolioReportProjection;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The projections as copies can be built of them: each one's processing group, live collection, and
 * an instance that writes into another collection; and the replay of events through copies.
 */
public final class ProjectionCopies {

    private ProjectionCopies() {
    }

    /** A projection by its processing group: its live collection and how to build it into another. */
    public record Projection(String processor, String collection, Function<String, Object> into) {
    }

    /** Where a replay stopped: the token of the last event (null when there were none) and how many. */
    public record Replay(TrackingToken token, long events) {
    }

    public static List<Projection> all(MongoDatabase database) {
        return List.of(
                new Projection(AccountViewProjection.PROCESSING_GROUP, AccountViewProjection.COLLECTION,
                        name -> new AccountViewProjection(database, name)),
                new Projection(PenaltyLedgerProjection.PROCESSING_GROUP, PenaltyLedgerProjection.COLLECTION,
                        name -> new PenaltyLedgerProjection(database, name)),
                new Projection(AuditTrailProjection.PROCESSING_GROUP, AuditTrailProjection.COLLECTION,
                        name -> new AuditTrailProjection(database, name, SerializationConfiguration.storedFormMapper())),
                new Projection(BorrowerContactsProjection.PROCESSING_GROUP, BorrowerContactsProjection.COLLECTION,
                        name -> new BorrowerContactsProjection(database, name)),
                new Projection(PortfolioReportProjection.PROCESSING_GROUP, PortfolioReportProjection.COLLECTION,
                        name -> new PortfolioReportProjection(database, name)));
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
