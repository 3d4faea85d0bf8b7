package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine.SnapshotObserver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static io.arrears.infra.eventstore.CommitSchema.AFTER_HASH;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_TYPE;
import static io.arrears.infra.eventstore.CommitSchema.EVENT_ID;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.KEY_ID;
import static io.arrears.infra.eventstore.CommitSchema.MAC;
import static io.arrears.infra.eventstore.CommitSchema.METADATA;
import static io.arrears.infra.eventstore.CommitSchema.PAYLOAD;
import static io.arrears.infra.eventstore.CommitSchema.REVISION;
import static io.arrears.infra.eventstore.CommitSchema.SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.TIMESTAMP;
import static io.arrears.infra.eventstore.CommitSchema.TYPE;

/** An aggregate's newest snapshot in {@code event_snapshots}, MACed and bound to the event it follows. */
final class Snapshots {

    private static final Logger log = LoggerFactory.getLogger(MongoCommitEventStorageEngine.class);

    private final MongoCollection<Document> snapshots;
    /** Null for an engine that writes unkeyed. */
    private final AuditKeyring keyring;
    private final SnapshotObserver snapshotObserver;
    private final AggregateStreams streams;
    private final AccountIndex accountIndex;

    Snapshots(MongoCollection<Document> snapshots, AuditKeyring keyring, SnapshotObserver snapshotObserver,
              AggregateStreams streams, AccountIndex accountIndex) {
        this.snapshots = snapshots;
        this.keyring = keyring;
        this.snapshotObserver = snapshotObserver;
        this.streams = streams;
        this.accountIndex = accountIndex;
    }

    /**
     * Stores a snapshot bound to the account's chain: it carries the hash of the event it was taken
     * after, and a MAC over all of it, so a snapshot edited in the store, or one from another
     * history, is never loaded. It is noted on the account's head after it is stored: a load reads
     * the snapshots only for a head that notes one (or an older head, from before the notes).
     */
    void store(DomainEventMessage<?> snapshot, Serializer serializer) {
        SerializedObject<JsonNode> payload = snapshot.serializePayload(serializer, JsonNode.class);
        SerializedObject<JsonNode> metadata = snapshot.serializeMetaData(serializer, JsonNode.class);
        Document document = new Document(ID, snapshot.getAggregateIdentifier())
                .append(AGGREGATE_TYPE, snapshot.getType())
                .append(SEQUENCE, snapshot.getSequenceNumber())
                .append(EVENT_ID, snapshot.getIdentifier())
                .append(TIMESTAMP, snapshot.getTimestamp().toString())
                .append(TYPE, payload.getType().getName())
                .append(REVISION, payload.getType().getRevision())
                .append(PAYLOAD, StoredJson.document(payload.getData()))
                .append(METADATA, StoredJson.document(metadata.getData()));
        if (keyring != null) {
            String afterHash = streams.hashOf(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber());
            if (afterHash == null) {
                log.warn("No event {} of {} to bind a snapshot to; none is stored", snapshot.getSequenceNumber(),
                        snapshot.getAggregateIdentifier());
                return;
            }
            document.append(AFTER_HASH, afterHash).append(KEY_ID, keyring.currentId());
            document.append(MAC, SnapshotMacs.of(keyring, keyring.currentId(), document));
        }
        // Only the newest snapshot is kept: it replaces an older one and never a newer one.
        Document stored = snapshots.find(eq(ID, snapshot.getAggregateIdentifier()))
                .projection(Projections.include(SEQUENCE)).first();
        if (stored == null || stored.getLong(SEQUENCE) < snapshot.getSequenceNumber()) {
            snapshots.replaceOne(eq(ID, snapshot.getAggregateIdentifier()), document,
                    new ReplaceOptions().upsert(true));
        }
        accountIndex.noteSnapshot(snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber());
    }

    /** The aggregate's snapshot if it verifies, else none (the aggregate is then replayed from its events). */
    Stream<? extends DomainEventData<?>> read(String aggregateIdentifier) {
        Document snapshot = snapshots.find(eq(ID, aggregateIdentifier)).first();
        if (snapshot == null) {
            return Stream.empty();
        }
        return verified(aggregateIdentifier, snapshot, () -> streams.hashOf(aggregateIdentifier,
                snapshot.getLong(SEQUENCE)));
    }

    /** The stored snapshots of these aggregates by aggregate id, in one read. */
    Map<String, Document> stored(Collection<String> aggregateIds) {
        Map<String, Document> stored = new HashMap<>();
        if (!aggregateIds.isEmpty()) {
            for (Document snapshot : snapshots.find(in(ID, new ArrayList<>(aggregateIds)))) {
                stored.put(snapshot.getString(ID), snapshot);
            }
        }
        return stored;
    }

    /**
     * A stored snapshot if it verifies against the hash of the event it was taken after ({@code
     * afterHash}, asked only of a keyed store; null if the stream has no such event), else none.
     */
    Stream<? extends DomainEventData<?>> verified(String aggregateIdentifier, Document snapshot,
                                                  Supplier<String> afterHash) {
        if (keyring != null) {
            String problem = SnapshotMacs.problem(keyring, snapshot, afterHash.get());
            if (problem != null) {
                log.warn("The snapshot of {} is discarded and the account replayed from its events: {}",
                        aggregateIdentifier, problem);
                snapshotObserver.rejected();
                return Stream.empty();
            }
        }
        return Stream.of(new StoredEventEntry(snapshot.getString(AGGREGATE_TYPE), aggregateIdentifier,
                snapshot.getLong(SEQUENCE), snapshot.getString(EVENT_ID), snapshot.getString(TIMESTAMP),
                snapshot.getString(TYPE), snapshot.getString(REVISION),
                LazyTree.of(StoredJson.tree(snapshot.get(PAYLOAD, Document.class))),
                LazyTree.of(StoredJson.tree(snapshot.get(METADATA, Document.class)))));
    }
}
