package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree of a stored document is the tree its relaxed-JSON text parses to, value type for value
 * type; and the document of a serialized tree is the document its JSON text parses to.
 */
class StoredJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
            .build();

    /** Fields as events have them, and a few the stored form writes differently. */
    record Sample(String accountId, long amountMinor, int days, Instant at, LocalDate on, List<Long> parts,
                  Nested nested, BigDecimal rate, String none) {
    }

    record Nested(boolean flag, Map<String, Object> extra) {
    }

    @Test
    void aTreeGivesTheDocumentItsJsonParsesTo() throws Exception {
        Random random = new Random(31);
        for (int i = 0; i < 3_000; i++) {
            String json = RandomDocuments.document(random, false).toJson(RELAXED);
            assertThat(StoredJson.document(MAPPER.readTree(json))).as(json).isEqualTo(Document.parse(json));
        }
    }

    @Test
    void whatTheParseReadsOtherwiseIsParsed() throws Exception {
        for (String json : List.of("{\"rate\": 0.05}", "{\"big\": 1e3}", "{\"n\": {\"$numberLong\": \"5\"}}",
                "{\"at\": {\"$date\": \"2026-12-02T00:00:00Z\"}}", "{\"deep\": [{\"$oid\": \"65a1b2c3d4e5f60718293a4b\"}]}",
                "{\"$unknown\": 1}")) {
            assertThat(StoredJson.document(MAPPER.readTree(json))).as(json).isEqualTo(Document.parse(json));
        }
        assertThat(StoredJson.document(MAPPER.readTree("{\"n\": {\"$numberLong\": \"5\"}}")).get("n"))
                .isEqualTo(5L);
    }

    @Test
    void aPayloadSerializedAsATreeIsStoredAsItsJsonParses() {
        Sample whole = new Sample("HB-000123", 3_000_000_000L, 14, Instant.parse("2026-12-02T10:15:30.120Z"),
                LocalDate.of(2026, 12, 2), List.of(1L, 2_000_000_000_000L), new Nested(true,
                new LinkedHashMap<>(Map.of("note", "李伟 \"owes\""))), null, null);
        Sample withFraction = new Sample("HB-000124", 5, 0, whole.at(), whole.on(), List.of(), whole.nested(),
                new BigDecimal("0.0005"), "x");

        Document stored = stored(whole);
        assertThat(stored.get("amountMinor")).isEqualTo(3_000_000_000L);
        assertThat(stored.get("days")).isEqualTo(14);
        assertThat(stored.get("parts")).isEqualTo(List.of(1, 2_000_000_000_000L));
        assertThat(stored(withFraction).get("rate")).isEqualTo(0.0005);
    }

    /** The sample stored from its tree, held to the document its JSON text parses to. */
    private static Document stored(Sample sample) {
        JacksonSerializer serializer = StoredForm.serializer();
        Document stored = StoredJson.document(serializer.serialize(sample, JsonNode.class).getData());
        assertThat(stored).isEqualTo(Document.parse(serializer.serialize(sample, String.class).getData()));
        return stored;
    }

    @Test
    void aStoredPayloadGivesTheTreeOfItsRelaxedJson() throws Exception {
        Document payload = Document.parse("""
                {"accountId": "ACC-1", "amount": {"minor": 12345, "currency": "CNY"},
                 "owed": 9007199254740993, "rate": 0.05, "backdated": false, "note": null,
                 "allocation": [1, 2, 3000000000, {"to": "penalty"}, [], "\\u4e2d\\u6587 \\"quoted\\"\\n"],
                 "empty": {}}
                """);

        assertThat(StoredJson.tree(payload)).isEqualTo(relaxed(payload));
        assertThat(StoredJson.tree(payload).get("owed").isLong()).isTrue();
        assertThat(StoredJson.tree(payload).get("amount").get("minor").isInt()).isTrue();
    }

    @Test
    void valuesJsonDoesNotHaveAreRenderedAsRelaxedJsonDoes() throws Exception {
        Document odd = new Document("at", new Date(1_790_000_000_000L))
                .append("exact", new Decimal128(new BigDecimal("10.25")))
                .append("notANumber", Double.NaN)
                .append("nested", new Document("list", Arrays.asList(null, 1.5, new Date(0))));

        assertThat(StoredJson.tree(odd)).isEqualTo(relaxed(odd));
        assertThat(StoredJson.tree(new Document("ids", List.of()))).isEqualTo(relaxed(new Document("ids", List.of())));
    }

    private static JsonNode relaxed(Document document) throws Exception {
        return MAPPER.readTree(document.toJson(RELAXED));
    }
}
