package io.arrears.infra.eventstore;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stored hash was computed over the driver's relaxed JSON of the event, so the text hashed now
 * must be that text, character for character, whatever the document holds.
 */
class CanonicalJsonTest {

    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
            .build();

    @Test
    void randomDocumentsAreWrittenAsTheDriverWritesThem() {
        Random random = new Random(29);
        for (int i = 0; i < 5_000; i++) {
            Document document = RandomDocuments.document(random, i % 10 == 0);
            assertThat(CanonicalJson.of(document)).isEqualTo(document.toJson(RELAXED));
        }
    }

    @Test
    void everyUtf16UnitIsWrittenOrEscapedAsTheDriverDoes() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String text = "a" + (char) c + "b";
            Document document = new Document(text, List.of(text, new Document(text, text)));
            assertThat(CanonicalJson.of(document)).as("U+%04X", c).isEqualTo(document.toJson(RELAXED));
        }
    }

    @Test
    void valuesOfOtherTypesAreWrittenByTheDriver() {
        Map<String, Object> map = new HashMap<>(Map.of("k", 1));
        Document odd = new Document("at", new Date(1_790_000_000_000L))
                .append("id", new ObjectId("65a1b2c3d4e5f60718293a4b"))
                .append("exact", new Decimal128(new BigDecimal("10.25")))
                .append("rate", 0.05)
                .append("map", map)
                .append("nested", new Document("list", Arrays.asList(null, 1.5, Double.NaN)));

        for (String name : odd.keySet()) {
            Document one = new Document("before", "x").append(name, odd.get(name));
            assertThat(CanonicalJson.of(one)).as(name).isEqualTo(one.toJson(RELAXED));
        }
        assertThat(CanonicalJson.of(new Document())).isEqualTo("{}");
    }
}
