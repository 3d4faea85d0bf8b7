package io.arrears.infra.eventstore;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.List;
import java.util.Map;

/**
 * The text the event hashes and snapshot MACs are computed over: a document's relaxed JSON, character
 * for character as {@code Document.toJson} writes it, since every stored hash was computed over
 * that. Written straight into one buffer for the values events hold (strings, 32- and 64-bit whole
 * numbers, booleans, nulls, documents and lists); a document with any other value is written by
 * {@code toJson} itself. Writing it through the driver's writer was a third of the cost of
 * preparing a commit.
 */
final class CanonicalJson {

    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
            .build();
    /** The character types the driver's writer writes as they are; it escapes every other one as \\uXXXX. */
    private static final int WRITTEN_AS_IS = 1 << Character.UPPERCASE_LETTER | 1 << Character.LOWERCASE_LETTER
            | 1 << Character.TITLECASE_LETTER | 1 << Character.OTHER_LETTER | 1 << Character.DECIMAL_DIGIT_NUMBER
            | 1 << Character.LETTER_NUMBER | 1 << Character.OTHER_NUMBER | 1 << Character.SPACE_SEPARATOR
            | 1 << Character.CONNECTOR_PUNCTUATION | 1 << Character.DASH_PUNCTUATION
            | 1 << Character.START_PUNCTUATION | 1 << Character.END_PUNCTUATION
            | 1 << Character.INITIAL_QUOTE_PUNCTUATION | 1 << Character.FINAL_QUOTE_PUNCTUATION
            | 1 << Character.OTHER_PUNCTUATION | 1 << Character.MATH_SYMBOL | 1 << Character.CURRENCY_SYMBOL
            | 1 << Character.MODIFIER_SYMBOL | 1 << Character.OTHER_SYMBOL;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    static String of(Document document) {
        StringBuilder text = new StringBuilder(1024);
        try {
            document(document, text);
        } catch (OtherValue e) {
            return document.toJson(RELAXED);
        }
        return text.toString();
    }

    private static void document(Map<String, Object> document, StringBuilder text) {
        text.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : document.entrySet()) {
            if (!first) {
                text.append(", ");
            }
            first = false;
            string(field.getKey(), text);
            text.append(": ");
            value(field.getValue(), text);
        }
        text.append('}');
    }

    private static void value(Object value, StringBuilder text) {
        if (value instanceof String string) {
            string(string, text);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            text.append(value);
        } else if (value == null) {
            text.append("null");
        } else if (value instanceof Document document) {
            document(document, text);
        } else if (value instanceof List<?> list) {
            text.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    text.append(", ");
                }
                value(list.get(i), text);
            }
            text.append(']');
        } else {
            throw OtherValue.INSTANCE;
        }
    }

    /**
     * A string as the driver's writer escapes it: quotes, backslashes and controls, and every
     * character of a type it does not write as is (a surrogate, a format character).
     */
    private static void string(String string, StringBuilder text) {
        text.append('"');
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            if (c >= ' ' && c < 0x7f) {
                if (c == '"' || c == '\\') {
                    text.append('\\');
                }
                text.append(c);
            } else {
                switch (c) {
                    case '\b' -> text.append("\\b");
                    case '\f' -> text.append("\\f");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\t' -> text.append("\\t");
                    default -> {
                        if ((WRITTEN_AS_IS & 1 << Character.getType(c)) != 0) {
                            text.append(c);
                        } else {
                            text.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                    .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                        }
                    }
                }
            }
        }
        text.append('"');
    }
}
