package io.arrears.infra.mongo;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the ledger keeps its data. {@code uri} comes from {@code ARREARS_MONGODB_URI}; without it
 * the embedded server runs with its files in {@code dataDir} ({@code ARREARS_DATA_DIR}).
 *
 * @param embeddedBackend {@code h2} (files, the default) or {@code memory} (tests)
 * @param gapTimeout      how long a reserved event position may stay empty before readers close it
 * @param writeTimeout    on a replica set, how long a write may wait for a majority before it fails
 */
@ConfigurationProperties(prefix = "arrears.store")
public record StoreProperties(String uri, Path dataDir, String embeddedBackend, String database,
                              Duration gapTimeout, Duration writeTimeout) {

    public StoreProperties {
        uri = uri == null || uri.isBlank() ? null : uri;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        embeddedBackend = embeddedBackend == null ? "h2" : embeddedBackend;
        database = database == null || database.isBlank() ? "arrears" : database;
        gapTimeout = gapTimeout == null ? Duration.ofSeconds(5) : gapTimeout;
        writeTimeout = writeTimeout == null ? Duration.ofSeconds(10) : writeTimeout;
    }

    public boolean embedded() {
        return uri == null;
    }
}
