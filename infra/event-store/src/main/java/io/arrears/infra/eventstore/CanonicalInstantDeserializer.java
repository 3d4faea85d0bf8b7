package io.arrears.infra.eventstore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.Instant;

/**
 * An instant in the form the stored events write it, read by position: Jackson's own deserializer
 * parses with a {@code DateTimeFormatter}, which was a ninth of reading events back. Every other
 * form, and every other token, goes to Jackson's deserializer as before.
 */
final class CanonicalInstantDeserializer extends StdScalarDeserializer<Instant> {

    CanonicalInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant canonical = CanonicalInstants.parse(parser.getText());
            if (canonical != null) {
                return canonical;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
}
