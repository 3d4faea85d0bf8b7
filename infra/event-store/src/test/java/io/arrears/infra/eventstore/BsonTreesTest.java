package io.arrears.infra.eventstore;

import com.mongodb.MongoClientSettings;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Trees read straight from the bytes are the trees the codec's reader makes, whatever the document holds. */
class BsonTreesTest {

    private static final String[] NAMES = {"accountId", "amountMinor", "currency", "channel", "note", "occurredAt",
            "a-name-longer-than-the-cache-keeps-names", "名前", ""};
    private static final String[] TEXTS = {"CNY", "PHONE", "OUTBOUND", "HB-000123", "", "李伟 owes 1,000.00",
            "a text that is longer than twenty-four bytes and so not cached", "\u0000inside", "e\u0301"};

    @Test
    void randomDocumentsReadAsTheReaderReadsThem() {
        Random random = new Random(17);
        for (int i = 0; i < 3_000; i++) {
            Document document = document(random, 0, i % 10 == 0);
            ByteBuffer bytes = bytes(document);
            try (BsonBinaryReader reader = new BsonBinaryReader(bytes.duplicate())) {
                assertThat(BsonTrees.tree(bytes)).as(document.toJson()).isEqualTo(CommitReadCodec.object(reader));
            }
        }
    }

    @Test
    void aTextReadTwiceIsTheSameTextWhetherCachedOrNot() {
        Document first = new Document("currency", "CNY").append("long", TEXTS[6]);
        Document second = new Document("currency", "CNX").append("long", TEXTS[6] + "!");
        assertThat(BsonTrees.tree(bytes(first)).get("currency").asText()).isEqualTo("CNY");
        assertThat(BsonTrees.tree(bytes(second)).get("currency").asText()).isEqualTo("CNX");
        assertThat(BsonTrees.tree(bytes(first)).get("currency").asText()).isEqualTo("CNY");
        assertThat(BsonTrees.tree(bytes(second)).get("long").asText()).isEqualTo(TEXTS[6] + "!");
    }

    private static Document document(Random random, int depth, boolean odd) {
        Document document = new Document();
        int fields = random.nextInt(6);
        for (int f = 0; f < fields; f++) {
            document.append(NAMES[random.nextInt(NAMES.length)] + (random.nextBoolean() ? "" : f), value(random, depth, odd));
        }
        return document;
    }

    private static Object value(Random random, int depth, boolean odd) {
        int kinds = depth < 3 ? 9 : 7;
        int kind = random.nextInt(odd ? kinds + 3 : kinds);
        return switch (kind) {
            case 0 -> TEXTS[random.nextInt(TEXTS.length)];
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> Integer.MIN_VALUE;
            case 6 -> Long.MAX_VALUE;
            case 7 -> document(random, depth + 1, odd);
            case 8 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(random, depth + 1, odd));
                }
                yield list;
            }
            case 9 -> 0.05 * random.nextInt(100);
            case 10 -> new Date(1_767_225_600_000L + random.nextInt(1_000));
            default -> new Decimal128(new BigDecimal("10.25"));
        };
    }

    private static ByteBuffer bytes(Document document) {
        BsonDocument bson = document.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
        return new RawBsonDocument(bson, new org.bson.codecs.BsonDocumentCodec()).getByteBuffer().asNIO();
    }
}
