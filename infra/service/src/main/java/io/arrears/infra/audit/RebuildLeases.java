package io.arrears.infra.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.arrears.kernel.rejection.RuleViolation;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * One rebuild at a time of each projection (and one rebuild check), whichever node or command line
 * starts it: two would write the same fresh collection, and each pauses or loads the store. A
 * rebuild holds a lease in {@code projection_rebuilds} that it renews while it replays; a second
 * one is refused with 409 while the lease holds, and the lease of a process that died lapses.
 */
final class RebuildLeases {

    static final String COLLECTION = "projection_rebuilds";
    static final Duration LEASE = Duration.ofMinutes(2);
    static final String RULE = "projection.rebuild-running";

    private final MongoCollection<Document> leases;
    private final Clock clock;

    RebuildLeases(MongoDatabase database, Clock clock) {
        this.leases = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /** Takes the lease of {@code name}, or refuses with a rule violation while another holds it. */
    Lease acquire(String name) {
        String holder = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Document lease = new Document("_id", name).append("holder", holder)
                .append("startedAt", Date.from(now)).append("until", Date.from(now.plus(LEASE)));
        try {
            leases.insertOne(lease);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            boolean lapsed = leases.replaceOne(Filters.and(Filters.eq("_id", name),
                    Filters.lt("until", Date.from(now))), lease).getModifiedCount() == 1;
            if (!lapsed) {
                throw new RuleViolation(RULE, "a rebuild of " + name + " is running; start another when it has ended");
            }
        }
        return new Lease(name, holder, now);
    }

    /** A held lease: renewed as the replay reports progress and between the steps after it, given back when closed. */
    final class Lease implements AutoCloseable, LongConsumer {

        private final String name;
        private final String holder;
        private Instant renewedAt;

        private Lease(String name, String holder, Instant renewedAt) {
            this.name = name;
            this.holder = holder;
            this.renewedAt = renewedAt;
        }

        /** Progress of the replay. */
        @Override
        public void accept(long events) {
            renew();
        }

        /** Renews the lease once a quarter of it has passed since the last renewal. */
        void renew() {
            Instant now = clock.instant();
            if (Duration.between(renewedAt, now).compareTo(LEASE.dividedBy(4)) < 0) {
                return;
            }
            leases.updateOne(Filters.and(Filters.eq("_id", name), Filters.eq("holder", holder)),
                    Updates.set("until", Date.from(now.plus(LEASE))));
            renewedAt = now;
        }

        @Override
        public void close() {
            leases.deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("holder", holder)));
        }
    }
}
