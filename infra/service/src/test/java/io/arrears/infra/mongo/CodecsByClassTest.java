package io.arrears.infra.mongo;

import com.mongodb.MongoClientSettings;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDocumentWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecsByClassTest {

    private final CodecRegistry driver = MongoClientSettings.getDefaultCodecRegistry();
    private final CodecsByClass codecs = new CodecsByClass(driver);

    /** A view as the projections write them: nested documents, lists of them, and scalar values. */
    private final Document view = new Document("_id", "ACC-1").append("balance", 912_396L).append("dpd", 14)
            .append("asOf", Date.from(Instant.parse("2026-03-18T00:00:00Z"))).append("open", true)
            .append("rate", Decimal128.parse("0.0005")).append("note", null)
            .append("stages", List.of(new Document("stage", "EARLY").append("from", "2026-03-04"),
                    new Document("stage", "MIDDLE").append("days", List.of(1, 2, 3))))
            .append("totals", new Document("penalty", new Document("minor", 3_556L)).append("map", Map.of("a", "b")));

    @Test
    void writesAndReadsADocumentAsTheDriversOwnRegistryDoes() {
        BsonDocument ours = encode(codecs.get(Document.class));
        assertThat(ours).isEqualTo(encode(driver.get(Document.class)));
        assertThat(codecs.get(Document.class).decode(new BsonDocumentReader(ours), DecoderContext.builder().build()))
                .isEqualTo(driver.get(Document.class).decode(new BsonDocumentReader(ours),
                        DecoderContext.builder().build()));
    }

    @Test
    void makesACodecOnceAndGivesItToARegistryThatWrapsThisOne() {
        Codec<Document> codec = codecs.get(Document.class);
        assertThat(codecs.get(Document.class)).isSameAs(codec);
        assertThat(codecs.get(Document.class, driver)).isSameAs(codec);
    }

    @Test
    void aClassWithoutACodecIsRefused() {
        assertThatThrownBy(() -> codecs.get(CodecsByClassTest.class)).isInstanceOf(CodecConfigurationException.class);
    }

    private BsonDocument encode(Codec<Document> codec) {
        BsonDocument written = new BsonDocument();
        codec.encode(new BsonDocumentWriter(written), view, EncoderContext.builder().build());
        return written;
    }
}
