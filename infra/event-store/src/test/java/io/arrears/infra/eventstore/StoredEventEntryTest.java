package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stored timestamps read by position give the instant Axon's parser gives, whatever their precision;
 * payload and metadata reach the serializer as trees.
 */
class StoredEventEntryTest {

    @Test
    void instantsWrittenByToStringReadBackTheSame() {
        SplittableRandom random = new SplittableRandom(7);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), nanos);
            String text = instant.toString();
            assertThat(StoredEventEntry.parse(text)).as(text).isEqualTo(instant).isEqualTo(DateTimeUtils.parseInstant(text));
        }
    }

    @Test
    void payloadAndMetadataAreOfferedAsTreesTheSerializerReadsDirectly() {
        StoredEventEntry entry = new StoredEventEntry("CollectionAccount", "ACC-1", 0, "e-1", "2026-03-02T01:00:00Z",
                "x.Event", "1", LazyTree.of(JsonNodeFactory.instance.objectNode().put("a", 1)),
                LazyTree.of(JsonNodeFactory.instance.objectNode().put("actorId", "agent-1")));

        assertThat(entry.getPayload().getContentType()).isEqualTo(JsonNode.class);
        assertThat(entry.getPayload().getType().getName()).isEqualTo("x.Event");
        assertThat(entry.getPayload().getData().get("a").asInt()).isEqualTo(1);
        assertThat(entry.getMetaData().getContentType()).isEqualTo(JsonNode.class);
        assertThat(entry.getMetaData().getType().getName()).isEqualTo("org.axonframework.messaging.MetaData");
        assertThat(entry.getTimestamp()).isEqualTo(Instant.parse("2026-03-02T01:00:00Z"));
    }

    @Test
    void otherFormsGoToAxonsParser() {
        Stream.of("2026-03-02T09:00:00+08:00", "2026-03-02T01:00:00.5Z", "+10000-01-01T00:00:00Z")
                .forEach(text ->
                assertThat(StoredEventEntry.parse(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text)));
        Stream.of("2026-02-30T01:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T01:00:0xZ",
                "2026-03-02T01:00:00.1234567890Z").forEach(text ->
                assertThatThrownBy(() -> StoredEventEntry.parse(text)).as(text)
                        .isInstanceOf(java.time.format.DateTimeParseException.class));
    }
}
