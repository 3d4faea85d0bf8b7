package io.arrears.infra.accrual;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.Optional;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

/**
 * One document per accrual date in {@code accrual_runs}: who runs it, under a lease, how far it got
 * and what it did. The document's {@code _id} is the date, so however many nodes start the same
 * date at once, one insert wins; a run whose owner stopped renewing its lease is taken over and
 * continues from its cursor.
 */
public class AccrualRuns {

    public static final String COLLECTION = "accrual_runs";
    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";

    private final MongoCollection<Document> runs;

    public AccrualRuns(MongoDatabase database) {
        this.runs = database.getCollection(COLLECTION);
    }

    /** The run's document after this node claimed it, or empty when another node holds it or it is done. */
    Optional<AccrualRun> claim(LocalDate asOf, String node, String trigger, Instant now, Duration lease) {
        Document fresh = new Document("_id", asOf.toString())
                .append("state", RUNNING)
                .append("owner", node)
                .append("trigger", trigger)
                .append("leaseUntil", Date.from(now.plus(lease)))
                .append("cursor", "")
                .append("accounts", 0L)
                .append("accrued", 0L)
                .append("failed", 0L)
                .append("startedAt", Date.from(now))
                .append("finishedAt", null);
        try {
            runs.insertOne(fresh);
            return Optional.of(AccrualRun.of(fresh));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document taken = runs.findOneAndUpdate(
                and(eq("_id", asOf.toString()), eq("state", RUNNING), lt("leaseUntil", Date.from(now))),
                combine(set("owner", node), set("leaseUntil", Date.from(now.plus(lease)))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(taken).map(AccrualRun::of);
    }

    /** Records a page's progress and renews the lease; false when this node no longer owns the run. */
    boolean progress(AccrualRun run, String node, Instant now, Duration lease) {
        return runs.updateOne(and(eq("_id", run.asOf().toString()), eq("owner", node), eq("state", RUNNING)),
                combine(set("cursor", run.cursor()), set("accounts", run.accounts()), set("accrued", run.accrued()),
                        set("failed", run.failed()), set("leaseUntil", Date.from(now.plus(lease)))))
                .getModifiedCount() == 1;
    }

    void finish(AccrualRun run, String node, Instant now) {
        runs.updateOne(and(eq("_id", run.asOf().toString()), eq("owner", node)),
                combine(set("state", DONE), set("cursor", run.cursor()), set("accounts", run.accounts()),
                        set("accrued", run.accrued()), set("failed", run.failed()), set("finishedAt", Date.from(now))));
    }

    public Optional<AccrualRun> find(LocalDate asOf) {
        return Optional.ofNullable(runs.find(eq("_id", asOf.toString())).first()).map(AccrualRun::of);
    }
}
