package io.arrears.infra.audit;

import com.mongodb.client.MongoDatabase;
import io.arrears.infra.axon.SerializationConfiguration;
import io.arrears.query.account.AccountViewProjection;
import io.arrears.query.audit.AuditTrailProjection;
import io.arrears.query.contact.BorrowerContactsProjection;
import io.arrears.query.penalty.PenaltyLedgerProjection;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Builds every projection afresh from position 0 into its own collection ({@code <name>_rebuild}),
 * through the projections' own handlers, and compares each one's checksum with the live
 * projection's: the auditor's proof that the read models are a function of the events. The fresh
 * collections are dropped afterwards; the live projections are not touched.
 */
public class ProjectionRebuild {

    static final String SUFFIX = "_rebuild";
    private final MongoDatabase database;
    private final EventStorageEngine storageEngine;

    public ProjectionRebuild(MongoDatabase database, EventStorageEngine storageEngine) {
        this.database = database;
        this.storageEngine = storageEngine;
    }

    /** One projection: its live checksum and the rebuilt one. */
    public record Comparison(String projection, String live, String rebuilt, boolean same) {
    }

    public record Result(boolean same, long eventsReplayed, List<Comparison> projections) {
    }

    /** Drops the collections a rebuild left, only those that exist (dropping none is an error to the server). */
    private void dropRebuilt(java.util.Collection<String> projections) {
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        for (String name : projections) {
            if (existing.contains(name + SUFFIX)) {
                database.getCollection(name + SUFFIX).drop();
            }
        }
    }

    public Result rebuildAndCompare(LongConsumer progress) {
        Map<String, Object> fresh = new LinkedHashMap<>();
        fresh.put(AccountViewProjection.COLLECTION,
                new AccountViewProjection(database, AccountViewProjection.COLLECTION + SUFFIX));
        fresh.put(PenaltyLedgerProjection.COLLECTION,
                new PenaltyLedgerProjection(database, PenaltyLedgerProjection.COLLECTION + SUFFIX));
        fresh.put(AuditTrailProjection.COLLECTION, new AuditTrailProjection(database,
                AuditTrailProjection.COLLECTION + SUFFIX, SerializationConfiguration.storedFormMapper()));
        fresh.put(BorrowerContactsProjection.COLLECTION,
                new BorrowerContactsProjection(database, BorrowerContactsProjection.COLLECTION + SUFFIX));
        dropRebuilt(fresh.keySet());
        List<AnnotationEventHandlerAdapter> handlers = fresh.values().stream()
                .map(AnnotationEventHandlerAdapter::new).toList();
        long events = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = storageEngine.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                for (AnnotationEventHandlerAdapter handler : handlers) {
                    if (handler.canHandle(event)) {
                        try {
                            handler.handle(event);
                        } catch (Exception e) {
                            throw new IllegalStateException("rebuilding failed at position "
                                    + event.trackingToken().position().orElse(-1), e);
                        }
                    }
                }
                progress.accept(++events);
            }
        }
        ProjectionChecksums checksums = new ProjectionChecksums(database);
        List<Comparison> comparisons = new ArrayList<>();
        for (String name : fresh.keySet()) {
            String live = checksums.of(name);
            String rebuilt = checksums.of(name + SUFFIX);
            comparisons.add(new Comparison(name, live, rebuilt, live.equals(rebuilt)));
        }
        dropRebuilt(fresh.keySet());
        return new Result(comparisons.stream().allMatch(Comparison::same), events, comparisons);
    }
}
