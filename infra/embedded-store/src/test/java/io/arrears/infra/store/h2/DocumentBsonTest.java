package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The stored BSON is the encoder's, byte for byte, whatever the document holds and however large it
 * grows; the document read from it is the decoder's, type for type; so are the fields read of it, and
 * the BSON changed field by field is the encoder's of the document changed.
 */
class DocumentBsonTest {

    private static final String[] TEXTS = {"", "CNY", "HB-000123", "李伟 owes 1,000.00", "e\u0301", "\u0000inside",
            "a text long enough to make the array grow more than once when it starts small"};

    @Test
    void randomDocumentsAreWrittenAsTheEncoderWritesThem() {
        Random random = new Random(41);
        for (int i = 0; i < 5_000; i++) {
            Document document = document(random, 0, i % 10 == 0);
            byte[] expected = DocumentBson.byEncoder(document);
            assertThat(DocumentBson.of(document, 0)).as(document.toString()).isEqualTo(expected);
            assertThat(DocumentBson.of(document, expected.length)).as(document.toString()).isEqualTo(expected);
        }
    }

    @Test
    void randomDocumentsAreReadAsTheDecoderReadsThem() {
        Random random = new Random(43);
        for (int i = 0; i < 5_000; i++) {
            byte[] bson = DocumentBson.byEncoder(document(random, 0, i % 10 == 0));
            Document decoded = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
            Document read = DocumentBson.document(bson);
            assertThat(read).as(decoded.toString()).isEqualTo(decoded);
            assertThat(DocumentBson.byEncoder(read)).isEqualTo(bson);
        }
    }

    @Test
    void bytesThatAreNotADocumentAreRefusedAsTheDecoderRefusesThem() {
        byte[] bson = DocumentBson.byEncoder(new Document("currency", "CNY").append("paid", true));
        byte[] cut = Arrays.copyOf(bson, bson.length - 3);
        byte[] badBoolean = bson.clone();
        badBoolean[bson.length - 2] = 7;

        for (byte[] bad : List.of(cut, badBoolean)) {
            assertThatThrownBy(() -> DocumentBson.document(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(catchThrowable(() -> BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bad)))
                            .getMessage());
        }
    }

    @Test
    void fieldsReadAreTheDecodersAndTheOthersAreSteppedOver() {
        Random random = new Random(53);
        for (int i = 0; i < 2_000; i++) {
            Document document = document(random, 0, i % 10 == 0);
            byte[] bson = DocumentBson.byEncoder(document);
            Set<String> names = new HashSet<>();
            document.keySet().forEach(name -> {
                if (random.nextBoolean()) {
                    names.add(name);
                }
            });
            names.add("absent");
            Document expected = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
            expected.keySet().retainAll(names);
            assertThat(DocumentBson.fields(bson, names)).as(document.toString()).isEqualTo(expected);
        }
    }

    @Test
    void aDocumentChangedFieldByFieldIsTheEncodersDocumentChanged() {
        Random random = new Random(59);
        int refused = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] bson = DocumentBson.byEncoder(document(random, 0, false));
            // As read back: a name with a lone surrogate is stored with a '?' in its place.
            Document document = DocumentBson.document(bson);
            List<String> names = new ArrayList<>(document.keySet());
            names.addAll(List.of("new", "newer"));
            Map<String, FieldChange> changes = new LinkedHashMap<>();
            Document expected = new Document(document);
            boolean refuses = false;
            for (String name : names) {
                switch (random.nextInt(4)) {
                    case 0 -> {
                        Object value = value(random, 1, false);
                        changes.put(name, new FieldChange.Put(value));
                        expected.put(name, value);
                    }
                    case 1 -> {
                        List<Object> values = Arrays.asList(value(random, 1, false), text(random));
                        changes.put(name, new FieldChange.Append(values));
                        if (!expected.containsKey(name)) {
                            expected.put(name, new ArrayList<>(values));
                        } else if (expected.get(name) instanceof Collection<?> list) {
                            List<Object> appended = new ArrayList<>(list);
                            appended.addAll(values);
                            expected.put(name, appended);
                        } else {
                            refuses = true;
                        }
                    }
                    case 2 -> {
                        changes.put(name, new FieldChange.Remove());
                        expected.remove(name);
                    }
                    default -> {
                        // Left as it is.
                    }
                }
            }
            byte[] changed = DocumentBson.changed(bson, changes);
            if (refuses) {
                refused++;
                assertThat(changed).as(document.toString()).isNull();
            } else {
                assertThat(changed).as(document.toString()).isEqualTo(DocumentBson.byEncoder(expected));
            }
        }
        assertThat(refused).isBetween(100, 2_900);
        Document odd = new Document("rate", new Decimal128(new BigDecimal("0.05"))).append("payments", List.of());
        assertThat(DocumentBson.changed(DocumentBson.byEncoder(odd),
                Map.of("payments", new FieldChange.Append(List.of("P1"))))).isNull();
    }

    private static Document document(Random random, int depth, boolean odd) {
        Document document = new Document();
        for (int f = random.nextInt(6); f > 0; f--) {
            // BSON ends a name at a zero byte, so no stored document has one in a name.
            document.put(text(random).replace('\u0000', '0') + f, value(random, depth, odd));
        }
        return document;
    }

    private static Object value(Random random, int depth, boolean odd) {
        int kinds = depth < 3 ? 12 : 9;
        int kind = random.nextInt(odd ? kinds + 5 : kinds);
        return switch (kind) {
            case 0 -> text(random);
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> random.nextDouble() * 1e6;
            case 6 -> Instant.ofEpochMilli(1_767_225_600_000L + random.nextInt());
            case 7 -> new ObjectId();
            case 8 -> random.nextBoolean() ? Long.MIN_VALUE : (long) random.nextInt(100);
            case 9 -> document(random, depth + 1, odd);
            case 10 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(14); i > 0; i--) {
                    list.add(value(random, depth + 1, odd));
                }
                yield list;
            }
            case 11 -> new LinkedHashSet<>(List.of(text(random), random.nextInt(3)));
            case 12 -> new Decimal128(new BigDecimal("10.25"));
            case 13 -> UUID.randomUUID();
            case 14 -> new BinData(new byte[] {1, 2, 3});
            case 15 -> new BsonTimestamp(random.nextLong());
            default -> MinKey.getInstance();
        };
    }

    /** A text events hold, or up to 8 random UTF-16 units: controls, lone surrogates, unassigned. */
    private static String text(Random random) {
        if (random.nextBoolean()) {
            return TEXTS[random.nextInt(TEXTS.length)];
        }
        char[] units = new char[random.nextInt(9)];
        for (int i = 0; i < units.length; i++) {
            units[i] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
        }
        return new String(units);
    }
}
