package io.arrears.infra.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.infra.eventstore.CommitBarrier;
import io.arrears.infra.store.h2.LedgerH2Backend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default: an in-process MongoDB wire-protocol server on the loopback interface, which
 * the ledger reaches through the MongoDB driver exactly as it reaches a replica set.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String FILE_NAME = "arrears.mv";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final MongoServer server;
    private final H2Backend h2Backend;
    private final InetSocketAddress address;

    private EmbeddedMongoServer(MongoServer server, H2Backend h2Backend, int port) {
        this.server = server;
        this.h2Backend = h2Backend;
        server.bind(new InetSocketAddress("127.0.0.1", port));
        this.address = server.getLocalAddress();
    }

    /** A server whose data lives in {@code dataDir} and survives restarts and kill -9. */
    public static EmbeddedMongoServer onDisk(Path dataDir) {
        return onDisk(dataDir, 0);
    }

    /** On a fixed loopback port, for the store run as a process of its own ({@code arrears.jar store}). */
    public static EmbeddedMongoServer onDisk(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        H2Backend backend = new LedgerH2Backend(MVStore.open(file.toString()));
        EmbeddedMongoServer embedded = new EmbeddedMongoServer(new MongoServer(backend), backend, port);
        log.info("Embedded MongoDB-wire server on {} with its data in {}", embedded.connectionString(), file);
        return embedded;
    }

    /** A server that keeps everything in memory, for tests. */
    public static EmbeddedMongoServer inMemory() {
        return inMemory(0);
    }

    public static EmbeddedMongoServer inMemory(int port) {
        return new EmbeddedMongoServer(new MongoServer(new MemoryBackend()), null, port);
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public CommitBarrier commitBarrier() {
        return h2Backend == null ? CommitBarrier.NONE : new GroupCommit(h2Backend.getMvStore());
    }

    @Override
    public void close() {
        server.shutdownNow();
        if (h2Backend != null) {
            h2Backend.close();
        }
    }
}
