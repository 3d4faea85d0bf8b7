package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_ID;
import static io.arrears.infra.eventstore.CommitSchema.AGGREGATE_TYPE;
import static io.arrears.infra.eventstore.CommitSchema.COMMITTED_AT;
import static io.arrears.infra.eventstore.CommitSchema.EVENTS;
import static io.arrears.infra.eventstore.CommitSchema.EVENT_ID;
import static io.arrears.infra.eventstore.CommitSchema.FIRST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.HASH;
import static io.arrears.infra.eventstore.CommitSchema.ID;
import static io.arrears.infra.eventstore.CommitSchema.LAST_POSITION;
import static io.arrears.infra.eventstore.CommitSchema.LAST_SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.METADATA;
import static io.arrears.infra.eventstore.CommitSchema.PAYLOAD;
import static io.arrears.infra.eventstore.CommitSchema.POSITION;
import static io.arrears.infra.eventstore.CommitSchema.PREV_HASH;
import static io.arrears.infra.eventstore.CommitSchema.REVISION;
import static io.arrears.infra.eventstore.CommitSchema.SEQUENCE;
import static io.arrears.infra.eventstore.CommitSchema.TIMESTAMP;
import static io.arrears.infra.eventstore.CommitSchema.TYPE;

/**
 * The events of one append, serialized, hashed and chained before any position is reserved: the
 * commit document is then the same whichever positions the insert gets.
 *
 * @param streamKey the aggregate id, or a stream of its own for events of no aggregate
 * @param keyId     the audit key the events were hashed with and the commit is MACed with; null unkeyed
 */
record PreparedCommit(String aggregateId, String streamKey, String aggregateType, long firstSequence,
                      long lastSequence, List<Document> events, AuditKeyring keyring, String keyId) {

    /** The hash of an aggregate's event of a sequence, which the commit's first event links to. */
    @FunctionalInterface
    interface PreviousHash {
        String of(String aggregateId, long firstSequence);
    }

    /** Serializes, hashes and chains {@code events}, which belong to one aggregate or to none. */
    static PreparedCommit of(List<? extends EventMessage<?>> events, Serializer serializer, AuditKeyring keyring,
                             PreviousHash previousHash) {
        String keyId = keyring == null ? null : keyring.currentId();
        String aggregateId = null;
        String aggregateType = null;
        long firstSequence = 0;
        long lastSequence = 0;
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain && domain.getType() != null) {
                if (aggregateId == null) {
                    aggregateId = domain.getAggregateIdentifier();
                    aggregateType = domain.getType();
                    firstSequence = domain.getSequenceNumber();
                } else if (!aggregateId.equals(domain.getAggregateIdentifier())) {
                    throw new EventStoreException("a commit appends to one aggregate, not to " + aggregateId
                            + " and " + domain.getAggregateIdentifier());
                }
                lastSequence = domain.getSequenceNumber();
            }
        }
        String chainedTo = aggregateId == null ? EventHashes.GENESIS : previousHash.of(aggregateId, firstSequence);
        List<Document> entries = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            boolean domain = event instanceof DomainEventMessage<?> d && d.getType() != null;
            String streamId = domain ? ((DomainEventMessage<?>) event).getAggregateIdentifier()
                    : event.getIdentifier();
            long sequence = domain ? ((DomainEventMessage<?>) event).getSequenceNumber() : 0;
            SerializedObject<JsonNode> payload = event.serializePayload(serializer, JsonNode.class);
            Document payloadDocument = StoredJson.document(payload.getData());
            Document metadataDocument = StoredJson.document(event.serializeMetaData(serializer, JsonNode.class)
                    .getData());
            String timestamp = event.getTimestamp().toString();
            String revision = payload.getType().getRevision();
            Document content = EventHashes.canonicalContent(streamId, sequence, event.getIdentifier(),
                    payload.getType().getName(), revision, timestamp, payloadDocument, metadataDocument);
            String prevHash = domain ? chainedTo : EventHashes.GENESIS;
            String hash = EventHashes.hash(keyring, keyId, prevHash, content);
            if (domain) {
                chainedTo = hash;
            }
            entries.add(new Document(POSITION, null)
                    .append(SEQUENCE, sequence)
                    .append(EVENT_ID, event.getIdentifier())
                    .append(TYPE, payload.getType().getName())
                    .append(REVISION, revision)
                    .append(TIMESTAMP, timestamp)
                    .append(PAYLOAD, payloadDocument)
                    .append(METADATA, metadataDocument)
                    .append(PREV_HASH, prevHash)
                    .append(HASH, hash));
        }
        if (aggregateId == null) {
            // Events of no aggregate form a stream of their own, keyed like Axon's other engines do.
            return new PreparedCommit(null, "~event-" + events.get(0).getIdentifier(), null, 0, 0, entries, keyring,
                    keyId);
        }
        return new PreparedCommit(aggregateId, aggregateId, aggregateType, firstSequence, lastSequence, entries,
                keyring, keyId);
    }

    /** The commit's document at the positions its insert got. */
    Document toDocument(long firstPosition) {
        List<Document> positioned = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Document event = new Document(events.get(i));
            event.put(POSITION, firstPosition + i);
            positioned.add(event);
        }
        Document commit = new Document(ID, firstPosition)
                .append(LAST_POSITION, firstPosition + events.size() - 1)
                .append(AGGREGATE_ID, streamKey)
                .append(AGGREGATE_TYPE, aggregateType)
                .append(FIRST_SEQUENCE, firstSequence)
                .append(LAST_SEQUENCE, lastSequence)
                .append(COMMITTED_AT, new Date())
                .append(EVENTS, positioned);
        return keyId == null ? commit : CommitMacs.sealed(commit, keyring, keyId);
    }

    String lastHash() {
        return events.get(events.size() - 1).getString(HASH);
    }
}
