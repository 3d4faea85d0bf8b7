package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tree of a stored document is the tree its relaxed-JSON text parses to, value type for value type. */
class StoredJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    private static com.fasterxml.jackson.databind.JsonNode relaxed(Document document) throws Exception {
        return MAPPER.readTree(document.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build()));
    }
}
