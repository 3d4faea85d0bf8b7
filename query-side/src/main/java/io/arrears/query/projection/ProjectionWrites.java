package io.arrears.query.projection;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A projection's writes to one collection, batched over the unit of work in which its processor
 * handles a batch of events: a document is read at most once and kept, every change lands on the
 * kept copy, and the batch's writes go to the store in one ordered {@code bulkWrite} when the batch
 * is done, before the processor stores the token that says it was handled ({@link #flushAll}). Each
 * write is by {@code _id} and idempotent (a replace or a removal, a {@code $max}, a {@code $set}, or a
 * change made only while the document has not seen the event), so a batch handled again after a failure writes the same.
 * Outside a unit of work each write goes straight to the store.
 *
 * <p>A batch's first read fetches, in the same round trip, the documents of every account the batch
 * has events of (by default, the document whose {@code _id} is the account id): a batch of payments
 * to a hundred accounts reads their views once, not a hundred times.
 */
public final class ProjectionWrites {

    private static final String BATCHES = ProjectionWrites.class.getName();
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);

    private final MongoCollection<Document> collection;
    private final boolean batched;
    private final Function<String, String> documentOfAccount;
    /** The fields a read fetches; null for the whole document. */
    private final Bson fields;
    /** Whether this batch's accounts' documents were read. */
    private boolean accountsRead;
    /** Documents read or written in this batch, as they now stand; an absent one as null. */
    private final Map<String, Document> documents = new HashMap<>();
    /** The batch's writes not yet sent, one per document. */
    private final Map<String, WriteModel<Document>> pending = new LinkedHashMap<>();
    /** The highest value the batch raises each field to ({@code $max}), not yet sent: sent after the writes. */
    private final Map<Raise, Long> raises = new LinkedHashMap<>();
    /** The batch's commuting updates not yet sent, in the order they came. */
    private final List<WriteModel<Document>> updates = new ArrayList<>();
    /** The batch's changes not yet sent, in the order they came: sent in order, after the writes above. */
    private final List<WriteModel<Document>> changes = new ArrayList<>();
    /** The documents this batch changed: a replacement would be sent before the change, out of order. */
    private final Set<String> changed = new HashSet<>();

    /** A field of a document that a batch raises. */
    private record Raise(String id, String field) {
    }

    private ProjectionWrites(MongoCollection<Document> collection, boolean batched,
                             Function<String, String> documentOfAccount, Bson fields) {
        this.collection = collection;
        this.batched = batched;
        this.documentOfAccount = documentOfAccount;
        this.fields = fields;
    }

    /**
     * The writes into {@code collection} of the batch being handled, or direct writes outside one; its
     * documents of an account are those whose {@code _id} is the account id.
     */
    public static ProjectionWrites into(MongoCollection<Document> collection) {
        return into(collection, Function.identity());
    }

    /** As {@link #into(MongoCollection)}, for a collection that keeps an account's document under {@code documentOfAccount}. */
    public static ProjectionWrites into(MongoCollection<Document> collection,
                                        Function<String, String> documentOfAccount) {
        return into(collection, documentOfAccount, null);
    }

    /**
     * As {@link #into(MongoCollection)}, for a projection that reads only {@code fields} of a document
     * (a projection of the find) and changes the rest without reading it ({@link #change}).
     */
    public static ProjectionWrites into(MongoCollection<Document> collection, Bson fields) {
        return into(collection, Function.identity(), fields);
    }

    private static ProjectionWrites into(MongoCollection<Document> collection,
                                         Function<String, String> documentOfAccount, Bson fields) {
        if (!CurrentUnitOfWork.isStarted()) {
            return new ProjectionWrites(collection, false, documentOfAccount, fields);
        }
        return batches(CurrentUnitOfWork.get().root()).computeIfAbsent(collection.getNamespace(),
                namespace -> new ProjectionWrites(collection, true, documentOfAccount, fields));
    }

    /**
     * Sends every write batched in the unit of work in progress. The token store calls it before it
     * stores a token, so a token never covers events whose writes are not in the store; the unit of
     * work calls it when it commits, for batches handled without a token (rebuilds).
     */
    public static void flushAll() {
        if (CurrentUnitOfWork.isStarted()) {
            Map<MongoNamespace, ProjectionWrites> batches = CurrentUnitOfWork.get().root().getResource(BATCHES);
            if (batches != null) {
                batches.values().forEach(ProjectionWrites::flush);
            }
        }
    }

    private static Map<MongoNamespace, ProjectionWrites> batches(UnitOfWork<?> root) {
        return root.getOrComputeResource(BATCHES, key -> {
            root.onPrepareCommit(unitOfWork -> flushAll());
            return new LinkedHashMap<>();
        });
    }

    /** The document with this {@code _id} as this batch has left it, read from the store at most once. */
    public Optional<Document> find(String id) {
        if (!batched) {
            return Optional.ofNullable(collection.find(Filters.eq("_id", id)).projection(fields).first());
        }
        if (!documents.containsKey(id)) {
            read(id);
        }
        return Optional.ofNullable(documents.get(id));
    }

    /** Reads {@code id} and, on the batch's first read, the documents of the batch's accounts: one round trip. */
    private void read(String id) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(id);
        if (!accountsRead) {
            accountsRead = true;
            if (CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch) {
                for (Message<?> message : batch.getMessages()) {
                    if (message instanceof DomainEventMessage<?> event && event.getAggregateIdentifier() != null) {
                        String other = documentOfAccount.apply(event.getAggregateIdentifier());
                        if (!documents.containsKey(other)) {
                            ids.add(other);
                        }
                    }
                }
            }
        }
        ids.forEach(each -> documents.put(each, null));
        collection.find(Filters.in("_id", ids)).projection(fields)
                .forEach(found -> documents.put(found.getString("_id"), found));
    }

    /** Writes {@code document} whole under its {@code _id}, inserting it if there is none. */
    public void replace(Document document) {
        String id = document.getString("_id");
        if (changed.contains(id)) {
            throw new IllegalStateException("document " + id + " was changed in this batch: it is not replaced after");
        }
        if (!batched) {
            collection.replaceOne(Filters.eq("_id", id), document, UPSERT);
            return;
        }
        documents.put(id, document);
        pending.put(id, new ReplaceOneModel<>(Filters.eq("_id", id), document, UPSERT));
    }

    /** Removes the document with this {@code _id}, if there is one; as a replacement, before the batch's changes. */
    public void remove(String id) {
        if (!batched) {
            collection.deleteOne(Filters.eq("_id", id));
            return;
        }
        documents.put(id, null);
        pending.put(id, new DeleteOneModel<>(Filters.eq("_id", id)));
    }

    /**
     * Raises {@code field} of the document with this {@code _id} to at least {@code value}, creating it
     * if need be. A batch sends its raises after all its other writes to the collection, in order: a field
     * raised to say how far the others go (the penalty ledger's head) is never seen ahead of them.
     */
    public void raise(String id, String field, long value) {
        if (!batched) {
            collection.updateOne(Filters.eq("_id", id), Updates.max(field, value), new UpdateOptions().upsert(true));
            return;
        }
        raises.merge(new Raise(id, field), value, Math::max);
    }

    /**
     * Applies {@code update} to the document with this {@code _id}, creating it if need be. The
     * updates of a batch must commute (such as {@code $addToSet}), and {@link #find} does not see
     * them before the batch is written: use it for documents the projection never reads back.
     */
    public void update(String id, Bson update) {
        if (!batched) {
            collection.updateOne(Filters.eq("_id", id), update, new UpdateOptions().upsert(true));
            return;
        }
        updates.add(new UpdateOneModel<>(Filters.eq("_id", id), update, new UpdateOptions().upsert(true)));
    }

    /**
     * Applies {@code update} to the document with this {@code _id} if there is one, after the batch's
     * earlier writes to it, in order. Like {@link #update}, for documents the projection never reads
     * back.
     */
    public void updateExisting(String id, Bson update) {
        if (!batched) {
            collection.updateOne(Filters.eq("_id", id), update);
            return;
        }
        changed.add(id);
        changes.add(new UpdateOneModel<>(Filters.eq("_id", id), update));
    }

    /**
     * Changes the document with this {@code _id} by {@code update}, where it holds {@code condition}
     * too, after the batch's earlier writes to it; from now on {@link #find} answers {@code standing},
     * the fields it reads as the update leaves them. The condition makes the change idempotent (say,
     * only while the document has not seen the event); it changes nothing where the document is absent.
     * The filter is one document, {@code _id} first, so that a store finds the document by its key.
     */
    public void change(String id, Document standing, Document condition, Bson update) {
        Document filter = new Document("_id", id);
        filter.putAll(condition);
        if (!batched) {
            collection.updateOne(filter, update);
            return;
        }
        documents.put(id, standing);
        changed.add(id);
        changes.add(new UpdateOneModel<>(filter, update));
    }

    /**
     * One ordered bulk write: the replacements and commuting updates, then the changes in the order
     * they came, then the raises, which mark how far the rest goes (a head's last sequence). Ordered,
     * because a reader that sees a later write counts on the earlier ones: a raised head on what it
     * covers, the audit trail's gate on an account's entries before the one it waits for. MongoDB
     * promises no order for an unordered bulk write.
     */
    private void flush() {
        List<WriteModel<Document>> writes = new ArrayList<>(pending.values());
        writes.addAll(updates);
        writes.addAll(changes);
        raises.forEach((raise, highest) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", raise.id()),
                Updates.max(raise.field(), highest), new UpdateOptions().upsert(true))));
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, ORDERED);
        }
        pending.clear();
        updates.clear();
        raises.clear();
        changes.clear();
        changed.clear();
    }
}
