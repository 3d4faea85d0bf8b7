package io.arrears.infra.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitBarrier;
import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/** The MongoDB the ledger talks to: a replica set from {@code ARREARS_MONGODB_URI}, or the embedded server. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
public class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    /** Null when a replica set is configured: then nothing is started in-process. */
    @Bean(destroyMethod = "close")
    public EmbeddedStore embeddedStore(StoreProperties properties) {
        if (!properties.embedded()) {
            log.info("Using the MongoDB at ARREARS_MONGODB_URI; no embedded server is started");
            return new EmbeddedStore(null);
        }
        return new EmbeddedStore("memory".equals(properties.embeddedBackend())
                ? EmbeddedMongoServer.inMemory()
                : EmbeddedMongoServer.onDisk(properties.dataDir(), ProjectionCatalog.viewsFile()));
    }

    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(StoreProperties properties, EmbeddedStore embeddedStore, MeterRegistry meters) {
        String uri = embeddedStore.server() != null ? embeddedStore.server().connectionString() : properties.uri();
        return MongoClients.create(settings(properties, uri)
                // mongodb_driver_commands_seconds{command,collection}: what the ledger asks of its store.
                .addCommandListener(new MongoMetricsCommandListener(meters))
                .build());
    }

    /**
     * How the ledger talks to its store. On a replica set, acknowledged means durable: a majority
     * has the write in its journal, and a write a majority does not confirm within
     * {@code arrears.store.write-timeout} fails (503) instead of blocking a command forever;
     * retryable writes let the driver retry a write once across a failover.
     */
    static MongoClientSettings.Builder settings(StoreProperties properties, String uri) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .retryWrites(true)
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS));
        if (!properties.embedded()) {
            settings.writeConcern(WriteConcern.MAJORITY.withJournal(true)
                    .withWTimeout(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        return settings;
    }

    @Bean
    public MongoDatabase mongoDatabase(MongoClient client, StoreProperties properties) {
        String database = properties.embedded() ? properties.database()
                : java.util.Objects.requireNonNullElse(new ConnectionString(properties.uri()).getDatabase(),
                properties.database());
        return client.getDatabase(database)
                .withCodecRegistry(new CodecsByClass(MongoClientSettings.getDefaultCodecRegistry()));
    }

    @Bean
    public CommitBarrier commitBarrier(EmbeddedStore embeddedStore) {
        return embeddedStore.server() == null ? CommitBarrier.NONE : embeddedStore.server()::awaitDurable;
    }

    /** The keys the event store's evidence is made with (see {@link AuditKeys}). */
    @Bean
    public AuditKeyring auditKeyring(StoreProperties properties,
                                     @Value("${arrears.audit.keys:}") String keys,
                                     @Value("${arrears.audit.keys-file:}") String keysFile) {
        return AuditKeys.forLedger(keys, keysFile, properties);
    }

    @Bean
    public StoreHealthIndicator storeHealthIndicator(MongoDatabase database) {
        return new StoreHealthIndicator(database);
    }

    /** Holds the embedded server when there is one, so Spring closes it after the client. */
    public record EmbeddedStore(EmbeddedMongoServer server) implements AutoCloseable {

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
