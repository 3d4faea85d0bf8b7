package io.arrears.infra.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JSON form payloads are stored in: Jackson, never XStream, so the store holds BSON a person can
 * read, with dates as ISO-8601 strings. Its settings are part of the events' frozen contract.
 */
public final class StoredForm {

    private StoredForm() {
    }

    /**
     * Only record components (fields) are written, so a derived method such as {@code isSettled()}
     * never leaks into the stored form; instants read back in their one canonical spelling.
     */
    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("canonical-instants")
                        .addDeserializer(Instant.class, new CanonicalInstantDeserializer()))
                .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    public static JacksonSerializer serializer() {
        return new ClassesKnown(JacksonSerializer.builder().objectMapper(mapper()));
    }

    /**
     * Remembers the class each stored type resolved to. Jackson's type factory asks the JVM for the
     * class by its name every time ({@code Class.forName}), for every payload and every metadata read:
     * 1 % of the CPU of the accrual run at 100,000 accounts (docs/BENCHMARKS.md, issue 18, nineteenth
     * session). A type whose class is not found is not remembered.
     */
    private static final class ClassesKnown extends JacksonSerializer {

        private final ConcurrentMap<String, Class<?>> classes = new ConcurrentHashMap<>();

        ClassesKnown(Builder builder) {
            super(builder);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class classForType(SerializedType type) {
            Class<?> known = classes.get(type.getName());
            if (known != null) {
                return known;
            }
            Class<?> found = super.classForType(type);
            if (found != UnknownSerializedType.class && found != Void.class) {
                classes.put(type.getName(), found);
            }
            return found;
        }
    }
}
