package io.arrears.infra.eventstore;

import com.mongodb.MongoClientSettings;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Trees read straight from the bytes are the trees the codec's reader makes, whatever the document holds. */
class BsonTreesTest {

    private static final String LONG_TEXT = "a text that is longer than twenty-four bytes and so not cached";

    @Test
    void randomDocumentsReadAsTheReaderReadsThem() {
        Random random = new Random(17);
        for (int i = 0; i < 3_000; i++) {
            Document document = RandomDocuments.document(random, i % 10 == 0);
            ByteBuffer bytes = bytes(document);
            try (BsonBinaryReader reader = new BsonBinaryReader(bytes.duplicate())) {
                assertThat(BsonTrees.tree(bytes)).as(document.toJson()).isEqualTo(CommitReadCodec.object(reader));
            }
        }
    }

    @Test
    void aTextReadTwiceIsTheSameTextWhetherCachedOrNot() {
        Document first = new Document("currency", "CNY").append("long", LONG_TEXT);
        Document second = new Document("currency", "CNX").append("long", LONG_TEXT + "!");
        assertThat(BsonTrees.tree(bytes(first)).get("currency").asText()).isEqualTo("CNY");
        assertThat(BsonTrees.tree(bytes(second)).get("currency").asText()).isEqualTo("CNX");
        assertThat(BsonTrees.tree(bytes(first)).get("currency").asText()).isEqualTo("CNY");
        assertThat(BsonTrees.tree(bytes(second)).get("long").asText()).isEqualTo(LONG_TEXT + "!");
    }

    private static ByteBuffer bytes(Document document) {
        BsonDocument bson = document.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
        return new RawBsonDocument(bson, new org.bson.codecs.BsonDocumentCodec()).getByteBuffer().asNIO();
    }
}
