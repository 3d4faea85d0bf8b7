package io.arrears.infra.eventstore;

import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit read through the codec is the stored document, its events records of their fields, with
 * payload and metadata kept as BSON that becomes their trees; the metadata tree carries the event's
 * hashes when the engine asks for them.
 */
class CommitReadCodecTest {

    @Test
    void aCommitDecodesToItsDocumentWithTreesForPayloadAndMetadata() {
        assertDecodes(new Document());
    }

    /** A field of a type stored commits do not hold is read too: by the driver's reader. */
    @Test
    void aCommitWithValuesOfOtherTypesIsReadTheGeneralWay() {
        assertDecodes(new Document("origin", new org.bson.types.ObjectId("6b0e830c6d2312598c33527f"))
                .append("weight", 1.5));
    }

    private static void assertDecodes(Document extraFields) {
        Document payload = Document.parse("""
                {"accountId": "ACC-1", "amount": {"minor": 12345, "currency": "CNY"}, "owed": 9007199254740993,
                 "rate": 0.05, "backdated": false, "note": null, "ids": [1, 3000000000, {"to": "penalty"}, []]}
                """).append("at", new Date(1_790_000_000_000L))
                .append("exact", new Decimal128(new BigDecimal("10.25")))
                .append("odd", Arrays.asList(Double.NaN, null, new Date(0)));
        Document metadata = new Document("actorId", "agent-1").append("correlationId", "c-1");
        Document event = new Document("position", 7L).append("sequence", 3L).append("eventId", "e-1")
                .append("type", "x.Event").append("revision", null).append("timestamp", "2026-03-02T01:00:00Z")
                .append("payload", payload).append("metadata", metadata).append("prevHash", "0".repeat(64))
                .append("hash", "f".repeat(64));
        Document commit = new Document("_id", 7L).append("lastPosition", 8L).append("aggregateId", "ACC-1")
                .append("aggregateType", "CollectionAccount").append("firstSequence", 3L).append("lastSequence", 4L)
                .append("committedAt", new Date(1_790_000_000_000L)).append("tombstone", false)
                .append("events", List.of(event, new Document(event).append("position", 8L).append("sequence", 4L)));
        commit.putAll(extraFields);
        event.putAll(extraFields);

        Document read = new CommitReadCodec().decode(new BsonDocumentReader(commit.toBsonDocument(BsonDocument.class,
                com.mongodb.MongoClientSettings.getDefaultCodecRegistry())), DecoderContext.builder().build());

        List<StoredEvent> events = read.getList("events", StoredEvent.class);
        assertThat(events).extracting(StoredEvent::position, StoredEvent::sequence).containsExactly(
                org.assertj.core.groups.Tuple.tuple(7L, 3L), org.assertj.core.groups.Tuple.tuple(8L, 4L));
        for (StoredEvent readEvent : events) {
            assertThat(readEvent).extracting(StoredEvent::eventId, StoredEvent::type, StoredEvent::revision,
                    StoredEvent::timestamp, StoredEvent::prevHash, StoredEvent::hash)
                    .containsExactly("e-1", "x.Event", null, "2026-03-02T01:00:00Z", "0".repeat(64), "f".repeat(64));
            assertThat(readEvent.payload().tree()).isEqualTo(StoredJson.tree(payload));
            assertThat(readEvent.metadata().tree()).isEqualTo(StoredJson.tree(metadata));
        }
        assertThat(events.get(0).metadata().with("prevHash", "p", "hash", "h").tree())
                .isEqualTo(StoredJson.tree(new Document(metadata).append("prevHash", "p").append("hash", "h")));
        Document plain = new Document(read);
        plain.remove("events");
        Document expected = new Document(commit);
        expected.remove("events");
        assertThat(plain).isEqualTo(expected);
    }
}
