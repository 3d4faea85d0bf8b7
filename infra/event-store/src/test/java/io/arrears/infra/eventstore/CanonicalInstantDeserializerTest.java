package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored form reads every instant as Jackson's own deserializer does, the canonical form by position. */
class CanonicalInstantDeserializerTest {

    private final ObjectMapper stored = StoredForm.mapper();
    private final ObjectMapper jackson = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();

    record At(Instant at) {
    }

    @Test
    void canonicalInstantsReadAsJacksonReadsThem() throws Exception {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    i % 2 == 0 ? 0 : random.nextInt(1_000_000_000));
            String json = "{\"at\":\"" + instant + "\"}";
            assertThat(stored.readValue(json, At.class)).as(json).isEqualTo(jackson.readValue(json, At.class))
                    .isEqualTo(new At(instant));
        }
    }

    @Test
    void otherFormsImpossibleMomentsAndOtherTokensAreReadAsJacksonReadsThem() {
        for (String value : Stream.of("\"2026-03-02T09:00:00+08:00\"", "\"2026-03-02T01:00:00.5Z\"", "1767225600",
                "1767225600.123456789", "null", "\"+10000-01-01T00:00:00Z\"", "\"2026-02-30T01:00:00Z\"",
                "\"2026-03-02T24:00:00Z\"", "\"2026-03-02T23:59:60Z\"", "\"yesterday\"", "\"\"", "true").toList()) {
            String json = "{\"at\":" + value + "}";
            assertThat(outcome(stored, json)).as(json).isEqualTo(outcome(jackson, json));
        }
    }

    /** The instant read, or the kind of failure. */
    private static Object outcome(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, At.class);
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
