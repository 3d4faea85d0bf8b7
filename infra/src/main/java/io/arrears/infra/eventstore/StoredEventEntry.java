package io.arrears.infra.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A stored event as Axon reads it: its payload and metadata as Jackson trees the serializer reads
 * directly, built when it reads them, its timestamp read once. Axon's entry parses the timestamp
 * text with a formatter each time it is asked, which was a fifth of replaying an account; stored
 * timestamps are {@link Instant#toString()}'s, read here by position, and anything else still goes
 * through Axon's parser.
 */
final class StoredEventEntry extends GenericDomainEventEntry<JsonNode> {

    /** Nanoseconds a fraction's last digit counts, by the number of digits (1 to 9). */
    private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000,
            100, 10, 1};
    private static final SerializedType METADATA_TYPE = new SimpleSerializedType(MetaData.class.getName(), null);

    private final Instant timestamp;
    private final SerializedObject<JsonNode> payload;
    private final SerializedObject<JsonNode> metaData;

    StoredEventEntry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                     String timestamp, String payloadType, String payloadRevision, LazyTree payload,
                     LazyTree metaData) {
        super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timestamp, payloadType, payloadRevision,
                null, null);
        this.timestamp = parse(timestamp);
        this.payload = new Stored(payload, new SimpleSerializedType(payloadType, payloadRevision));
        this.metaData = new Stored(metaData, METADATA_TYPE);
    }

    /**
     * As a {@link JsonNode}: Axon's entry would say {@code ObjectNode}, which its Jackson serializer
     * does not read as a tree but writes out as JSON bytes and parses again.
     */
    private record Stored(LazyTree tree, SerializedType type) implements SerializedObject<JsonNode> {

        @Override
        public Class<JsonNode> getContentType() {
            return JsonNode.class;
        }

        @Override
        public SerializedType getType() {
            return type;
        }

        @Override
        public JsonNode getData() {
            return tree.tree();
        }
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    @Override
    public SerializedObject<JsonNode> getPayload() {
        return payload;
    }

    @Override
    public SerializedObject<JsonNode> getMetaData() {
        return metaData;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} as {@link Instant#toString()} writes it; Axon's parser otherwise. */
    static Instant parse(String text) {
        int length = text.length();
        boolean shaped = length >= 20 && length <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':'
                && text.charAt(length - 1) == 'Z' && (length == 20 || (length >= 22 && text.charAt(19) == '.'));
        if (shaped) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int fraction = length == 20 ? 0 : digits(text, 20, length - 1);
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
                    && second >= 0 && second < 60 && fraction >= 0) {
                try {
                    long epochDay = LocalDate.of(year, month, day).toEpochDay();
                    int nanos = length == 20 ? 0 : fraction * NANOS_PER_DIGIT[length - 21];
                    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
                } catch (DateTimeException e) {
                    // not a date after all (February 30th): Axon's parser says why
                }
            }
        }
        return DateTimeUtils.parseInstant(text);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
