package io.arrears.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import io.arrears.infra.mongo.IdPages;
import io.arrears.infra.projection.ProjectionCatalog;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Rebuilds one projection from position 0 into a fresh collection and switches the live one over to
 * it, while queries go on being answered. The rebuild runs beside the live projection; then the
 * projection's processor is paused on every node (a document in {@code projection_switches} that
 * each node's segment balancer honours by releasing its segments), the copy catches up with the
 * events written meanwhile, takes the live collection's place document by document, and the
 * processor's tokens are set to where the copy stopped. Readers find every document all along, old
 * until it is replaced and new after; the projection's updates wait for the seconds of the pause.
 */
public class ProjectionSwitch {

    public static final String SWITCHES = "projection_switches";
    static final Duration PAUSE_MAX = Duration.ofMinutes(2);
    static final Duration CLAIMS_LAPSE_MAX = Duration.ofSeconds(45);
    static final int PAGE_SIZE = 500;

    private final MongoDatabase database;
    private final EventStorageEngine storageEngine;
    private final TokenStore tokenStore;
    private final Clock clock;
    private final Map<String, ProjectionCatalog.Projection> projections;
    private final RebuildLeases leases;

    public ProjectionSwitch(MongoDatabase database, EventStorageEngine storageEngine, TokenStore tokenStore,
                            Clock clock) {
        this.database = database;
        this.storageEngine = storageEngine;
        this.tokenStore = tokenStore;
        this.clock = clock;
        this.projections = ProjectionCatalog.ALL.stream()
                .collect(Collectors.toMap(ProjectionCatalog.Projection::processor, projection -> projection));
        this.leases = new RebuildLeases(database, clock);
    }

    public record Result(String processor, String collection, long eventsReplayed, long pausedMillis,
                         String checksumBefore, String checksumAfter) {
    }

    public List<String> processors() {
        return projections.keySet().stream().sorted().toList();
    }

    /** Until when a switch of this processor holds it paused on every node; empty when none does. */
    public static Optional<Instant> pausedUntil(MongoDatabase database, String processor, Instant now) {
        Document pause = database.getCollection(SWITCHES).find(Filters.eq("_id", processor)).first();
        return Optional.ofNullable(pause).map(p -> p.getDate("until").toInstant()).filter(until -> until.isAfter(now));
    }

    /** Refused with 409 ({@code projection.rebuild-running}) while a rebuild of the same projection runs. */
    public Result rebuildAndSwitch(String processor) {
        ProjectionCatalog.Projection projection = projections.get(processor);
        if (projection == null) {
            throw new IllegalArgumentException("no projection " + processor + "; one of " + processors());
        }
        try (RebuildLeases.Lease lease = leases.acquire(processor)) {
            return rebuildAndSwitch(projection, lease);
        }
    }

    private Result rebuildAndSwitch(ProjectionCatalog.Projection projection, RebuildLeases.Lease lease) {
        String processor = projection.processor();
        String fresh = projection.collection() + "_switch";
        ProjectionCopies.drop(database, fresh);
        List<AnnotationEventHandlerAdapter> copy =
                List.of(new AnnotationEventHandlerAdapter(projection.into(database, fresh)));
        ProjectionCopies.Replay replay = ProjectionCopies.replay(storageEngine, copy,
                new ProjectionCopies.Replay(null, 0), lease);
        MongoCollection<Document> switches = database.getCollection(SWITCHES);
        Instant pausedAt = clock.instant();
        switches.replaceOne(Filters.eq("_id", processor), new Document("_id", processor)
                .append("until", Date.from(pausedAt.plus(PAUSE_MAX))), new ReplaceOptions().upsert(true));
        try {
            awaitNoClaims(processor, lease);
            replay = ProjectionCopies.replay(storageEngine, copy, replay, lease);
            String before = new ProjectionChecksums(database).of(projection.collection());
            replaceContents(projection.collection(), fresh, lease);
            if (replay.token() != null) {
                for (int segment : tokenStore.fetchSegments(processor)) {
                    // Storing the token a segment already holds, within the millisecond of the claim,
                    // changes no field: the Mongo token store takes that for a lost claim and throws.
                    if (!replay.token().equals(tokenStore.fetchToken(processor, segment))) {
                        tokenStore.storeToken(replay.token(), processor, segment);
                    }
                    tokenStore.releaseClaim(processor, segment);
                }
            }
            String after = new ProjectionChecksums(database).of(projection.collection());
            return new Result(processor, projection.collection(), replay.events(),
                    Duration.between(pausedAt, clock.instant()).toMillis(), before, after);
        } finally {
            switches.deleteOne(Filters.eq("_id", processor));
        }
    }

    /** Waits until no node holds a claim on the processor's segments (or a claim's holder stopped renewing). */
    private void awaitNoClaims(String processor, RebuildLeases.Lease lease) {
        MongoCollection<Document> tokens = database.getCollection(ProjectionCatalog.TOKENS);
        Instant deadline = clock.instant().plus(CLAIMS_LAPSE_MAX);
        while (true) {
            Instant lapsedBefore = clock.instant().minus(Duration.ofSeconds(10));
            List<Document> held = new ArrayList<>();
            for (Document token : tokens.find(Filters.eq("processorName", processor))) {
                Object timestamp = token.get("timestamp");
                boolean fresh = timestamp instanceof Number millis
                        && Instant.ofEpochMilli(millis.longValue()).isAfter(lapsedBefore);
                if (token.getString("owner") != null && fresh) {
                    held.add(token);
                }
            }
            if (held.isEmpty()) {
                return;
            }
            lease.renew();
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("processor " + processor + " is still claimed by "
                        + held.stream().map(t -> t.getString("owner")).distinct().toList());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pausing " + processor, e);
            }
        }
    }

    /**
     * Puts the rebuilt documents in place of the live ones, each in one write, then removes live
     * documents the rebuild does not have: a reader finds every document all along, old or new. (A
     * collection rename would be one step on MongoDB, but the embedded H2 store loses a renamed
     * collection's documents when it is reopened.)
     */
    private void replaceContents(String live, String rebuilt, RebuildLeases.Lease lease) {
        MongoCollection<Document> target = database.getCollection(live);
        MongoCollection<Document> source = database.getCollection(rebuilt);
        IdPages.forEach(source, null, null, PAGE_SIZE, page -> {
            lease.renew();
            page.forEach(document -> target.replaceOne(Filters.eq("_id", document.get("_id")), document,
                    new ReplaceOptions().upsert(true)));
            return true;
        });
        IdPages.forEach(target, null, Projections.include("_id"), PAGE_SIZE, page -> {
            lease.renew();
            for (Document document : page) {
                if (source.find(Filters.eq("_id", document.get("_id"))).first() == null) {
                    target.deleteOne(Filters.eq("_id", document.get("_id")));
                }
            }
            return true;
        });
        ProjectionCopies.drop(database, rebuilt);
    }
}
