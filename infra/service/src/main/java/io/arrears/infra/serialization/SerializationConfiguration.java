package io.arrears.infra.serialization;

import com.mongodb.client.MongoDatabase;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitBarrier;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.eventstore.StoredForm;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Duration;

/**
 * The event store's stored form ({@link StoredForm}: Jackson, never XStream) for everything Axon
 * serializes (events, messages, tokens, snapshots), and the upcasters of this ledger's events.
 */
@Configuration(proxyBeanMethods = false)
public class SerializationConfiguration {

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
                                                                 AuditKeyring keyring) {
        return storedFormEngine(database, keyring, CommitBarrier.NONE);
    }

    /** The same, acknowledging an append only once {@code commitBarrier} says it is durable. */
    public static MongoCommitEventStorageEngine storedFormEngine(MongoDatabase database,
                                                                 AuditKeyring keyring,
                                                                 CommitBarrier commitBarrier) {
        MongoCommitEventStorageEngine engine = MongoCommitEventStorageEngine.builder()
                .database(database)
                .keyring(keyring)
                .commitBarrier(commitBarrier)
                .gapTimeout(Duration.ofSeconds(5))
                .eventSerializer(StoredForm.serializer())
                .snapshotSerializer(StoredForm.serializer())
                .upcasterChain(upcasters())
                .build();
        engine.ensureIndexes();
        return engine;
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return StoredForm.serializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
        return StoredForm.serializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return StoredForm.serializer();
    }
}
