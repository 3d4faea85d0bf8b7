package io.arrears.infra.eventstore;

import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

/**
 * Documents of the shapes stored payloads take, nested a few deep, from a seeded {@link Random}:
 * names and texts that events hold and a few that stretch a reader (empty, non-Latin, control and
 * combining characters, random UTF-16 units), whole numbers at the edges of 32 and 64 bits,
 * booleans, nulls, documents and lists. An <em>odd</em> document may also hold values JSON has no
 * type for: doubles, dates and decimals.
 */
final class RandomDocuments {

    private static final String[] NAMES = {"accountId", "amountMinor", "currency", "channel", "note", "occurredAt",
            "a-name-longer-than-the-cache-keeps-names", "名前", ""};
    private static final String[] TEXTS = {"CNY", "PHONE", "OUTBOUND", "HB-000123", "", "李伟 owes 1,000.00",
            "a text that is longer than twenty-four bytes and so not cached", "\u0000inside", "e\u0301",
            "\"quoted\" \\ back\tslash\r\n\b\f\u007f\u2028"};

    private RandomDocuments() {
    }

    static Document document(Random random, boolean odd) {
        return document(random, 0, odd);
    }

    /** A text of up to 12 UTF-16 units, each anything from 0 to FFFF: controls, surrogates alone, unassigned. */
    static String anyText(Random random) {
        char[] units = new char[random.nextInt(13)];
        for (int i = 0; i < units.length; i++) {
            units[i] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
        }
        return new String(units);
    }

    private static Document document(Random random, int depth, boolean odd) {
        Document document = new Document();
        int fields = random.nextInt(6);
        for (int f = 0; f < fields; f++) {
            document.append(NAMES[random.nextInt(NAMES.length)] + (random.nextBoolean() ? "" : f),
                    value(random, depth, odd));
        }
        return document;
    }

    private static Object value(Random random, int depth, boolean odd) {
        int kinds = depth < 3 ? 11 : 9;
        int kind = random.nextInt(odd ? kinds + 3 : kinds);
        return switch (kind) {
            case 0 -> TEXTS[random.nextInt(TEXTS.length)];
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> Integer.MIN_VALUE;
            case 6 -> random.nextBoolean() ? Long.MAX_VALUE : (long) Integer.MAX_VALUE + 1;
            case 7 -> anyText(random);
            case 8 -> random.nextInt(1_000);
            case 9 -> document(random, depth + 1, odd);
            case 10 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(random, depth + 1, odd));
                }
                yield list;
            }
            case 11 -> 0.05 * random.nextInt(100);
            case 12 -> new Date(1_767_225_600_000L + random.nextInt(1_000));
            default -> new Decimal128(new BigDecimal("10.25"));
        };
    }
}
