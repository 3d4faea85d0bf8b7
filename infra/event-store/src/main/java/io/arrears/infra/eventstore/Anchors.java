package io.arrears.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;
import static io.arrears.infra.eventstore.CommitSchema.ID;

/**
 * Publishes anchors of the global chain's head to the sink, numbered without gaps across nodes:
 * an anchor is first recorded in the store under its sequence (so of two nodes one wins), then
 * published; a record whose publishing was interrupted is published by the next call.
 */
public final class Anchors {

    /** Every anchor, as recorded before it was published. */
    public static final String RECORDS = "event_anchors";
    static final String POINTER_ID = "anchor";
    private static final Logger log = LoggerFactory.getLogger(Anchors.class);

    private final MongoCollection<Document> records;
    private final MongoCollection<Document> pointers;
    private final AnchorSink sink;
    private final AuditKeyring keyring;
    private final CommitBarrier commitBarrier;
    private final Clock clock;

    public Anchors(MongoDatabase database, AnchorSink sink, AuditKeyring keyring, CommitBarrier commitBarrier,
                   Clock clock) {
        this.records = database.getCollection(RECORDS);
        this.pointers = database.getCollection(GlobalChain.HEADS);
        this.sink = sink;
        this.keyring = keyring;
        this.commitBarrier = commitBarrier;
        this.clock = clock;
    }

    public AnchorSink sink() {
        return sink;
    }

    /** Publishes an anchor of {@code head} unless the last anchor holds it already. */
    public synchronized Optional<Anchor> anchor(GlobalChain.Head head) {
        Optional<Anchor> last = last();
        if (head.last() < 0 || last.map(anchor -> anchor.position() >= head.last()).orElse(false)) {
            return Optional.empty();
        }
        Anchor anchor = Anchor.of(keyring, last.map(a -> a.sequence() + 1).orElse(0L), head, clock.instant(),
                last.map(Anchor::hash).orElse(Anchor.NONE));
        try {
            records.insertOne(anchor.toDocument().append(ID, anchor.sequence()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return Optional.empty();
        }
        commitBarrier.awaitDurable();
        sink.publish(anchor);
        point(anchor);
        log.info("Anchor {} published to {}: position {}, link {}", anchor.sequence(), sink.describe(),
                anchor.position(), anchor.link());
        return Optional.of(anchor);
    }

    /** The newest anchor recorded, published now if its publishing was interrupted. */
    private Optional<Anchor> last() {
        Document pointer = pointers.find(eq(ID, POINTER_ID)).first();
        long next = pointer == null ? 0 : pointer.getLong("sequence") + 1;
        Anchor last = null;
        for (Document record = records.find(eq(ID, next)).first(); record != null;
             record = records.find(eq(ID, ++next)).first()) {
            last = Anchor.fromDocument(record);
            sink.publish(last);
            point(last);
        }
        if (last == null && pointer != null) {
            Document record = records.find(eq(ID, pointer.getLong("sequence"))).first();
            last = record == null ? null : Anchor.fromDocument(record);
        }
        return Optional.ofNullable(last);
    }

    private void point(Anchor anchor) {
        pointers.replaceOne(eq(ID, POINTER_ID), new Document(ID, POINTER_ID).append("sequence", anchor.sequence()),
                new ReplaceOptions().upsert(true));
    }
}
