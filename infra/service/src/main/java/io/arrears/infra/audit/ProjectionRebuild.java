package io.arrears.infra.audit;

import com.mongodb.client.MongoDatabase;
import io.arrears.infra.projection.ProjectionCatalog;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Builds every projection afresh from position 0 into its own collection ({@code <name>_rebuild}),
 * through the projections' own handlers, and compares each one's checksum with the live
 * projection's: the auditor's proof that the read models are a function of the events. The fresh
 * collections are dropped afterwards; the live projections are not touched.
 */
public class ProjectionRebuild {

    static final String SUFFIX = "_rebuild";
    /** The lease every rebuild check takes: they all write the same fresh collections. */
    static final String LEASE = "rebuild-check";
    private final MongoDatabase database;
    private final EventStorageEngine storageEngine;
    private final RebuildLeases leases;

    public ProjectionRebuild(MongoDatabase database, EventStorageEngine storageEngine) {
        this.database = database;
        this.storageEngine = storageEngine;
        this.leases = new RebuildLeases(database, Clock.systemUTC());
    }

    /** One projection: its live checksum and the rebuilt one. */
    public record Comparison(String projection, String live, String rebuilt, boolean same) {
    }

    public record Result(boolean same, long eventsReplayed, List<Comparison> projections) {
    }

    /** Refused with 409 ({@code projection.rebuild-running}) while another rebuild check runs. */
    public Result rebuildAndCompare(LongConsumer progress) {
        try (RebuildLeases.Lease lease = leases.acquire(LEASE)) {
            return rebuildUnderLease(progress, lease);
        }
    }

    private Result rebuildUnderLease(LongConsumer progress, RebuildLeases.Lease lease) {
        List<ProjectionCatalog.Projection> projections = ProjectionCatalog.ALL;
        projections.forEach(projection -> ProjectionCopies.drop(database, projection.collection() + SUFFIX));
        List<AnnotationEventHandlerAdapter> copies = projections.stream()
                .map(projection -> new AnnotationEventHandlerAdapter(
                        projection.into(database, projection.collection() + SUFFIX)))
                .toList();
        ProjectionCopies.Replay replay = ProjectionCopies.replay(storageEngine, copies,
                new ProjectionCopies.Replay(null, 0), progress.andThen(lease));
        ProjectionChecksums checksums = new ProjectionChecksums(database);
        List<Comparison> comparisons = new ArrayList<>();
        for (ProjectionCatalog.Projection projection : projections) {
            lease.renew();
            String live = checksums.of(projection.collection());
            String rebuilt = checksums.of(projection.collection() + SUFFIX);
            comparisons.add(new Comparison(projection.collection(), live, rebuilt, live.equals(rebuilt)));
            ProjectionCopies.drop(database, projection.collection() + SUFFIX);
        }
        return new Result(comparisons.stream().allMatch(Comparison::same), replay.events(), comparisons);
    }
}
