package io.arrears.infra.serialization;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Instant;

/**
 * Jackson for everything Axon serializes (events, messages, tokens, snapshots), never XStream, so
 * the store holds BSON a person can read. Dates are ISO-8601 strings.
 */
@Configuration(proxyBeanMethods = false)
public class SerializationConfiguration {

    /**
     * The mapper of the stored form: its settings are part of the events' frozen contract. Only
     * record components (fields) are written, so a derived method such as {@code isSettled()} never
     * leaks into the stored form.
     */
    public static ObjectMapper storedFormMapper() {
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

    /**
     * Every upcaster, oldest revision first: how an event changes without rewriting what is stored
     * (docs/EVENTS.md).
     */
    public static EventUpcasterChain upcasters() {
        return new EventUpcasterChain(new StageEscalatedUpcaster());
    }

    /**
     * The event store as tools and tests outside the service read it: the stored form, every
     * upcaster, the default gap timeout, and no commit barrier (they do not acknowledge appends to
     * anyone).
     */
    public static MongoCommitEventStorageEngine storedFormEngine(MongoDatabase database) {
        return storedFormEngine(database, null);
    }

    /** The same, writing commits with MACs and keyed hashes under {@code keyring} (unkeyed when null). */
    public static MongoCommitEventStorageEngine storedFormEngine(MongoDatabase database,
                                                                 io.arrears.infra.eventstore.AuditKeyring keyring) {
        return storedFormEngine(database, keyring, io.arrears.infra.eventstore.CommitBarrier.NONE);
    }

    /** The same, acknowledging an append only once {@code commitBarrier} says it is durable. */
    public static MongoCommitEventStorageEngine storedFormEngine(MongoDatabase database,
                                                                 io.arrears.infra.eventstore.AuditKeyring keyring,
                                                                 io.arrears.infra.eventstore.CommitBarrier commitBarrier) {
        MongoCommitEventStorageEngine engine = MongoCommitEventStorageEngine.builder()
                .database(database)
                .keyring(keyring)
                .commitBarrier(commitBarrier)
                .gapTimeout(java.time.Duration.ofSeconds(5))
                .eventSerializer(storedFormSerializer())
                .snapshotSerializer(storedFormSerializer())
                .upcasterChain(upcasters())
                .build();
        engine.ensureIndexes();
        return engine;
    }

    public static JacksonSerializer storedFormSerializer() {
        return JacksonSerializer.builder().objectMapper(storedFormMapper()).build();
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return storedFormSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
        return storedFormSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return storedFormSerializer();
    }
}
