package io.arrears.infra.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.infra.store.h2.LedgerH2Backend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: an in-process MongoDB wire-protocol server on the loopback interface, which
 * the ledger reaches through the MongoDB driver exactly as it reaches a replica set.
 *
 * <p>On disk, H2's MVStore is opened with its auto-commit off (both the background one every second
 * and the one a writer's thread runs when unsaved pages pass a size), so that the store's one
 * {@link GroupCommit} is the only thing that ever commits it: before every acknowledged append, and
 * every {@value #COMMIT_EVERY_MILLIS} ms for the writes that wait for no acknowledgement (tokens,
 * projections). H2's own background commit serialises pages and writes them in two steps; a group
 * commit between the two could find nothing unsaved and sync a file that lacked the latest writes.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String FILE_NAME = "arrears.mv";
    /** How often writes that no append waits for are committed to the file. */
    static final long COMMIT_EVERY_MILLIS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final MongoServer server;
    private final H2Backend h2Backend;
    private final GroupCommit groupCommit;
    private final ScheduledExecutorService committer;
    private final InetSocketAddress address;

    private EmbeddedMongoServer(MongoServer server, H2Backend h2Backend, int port) {
        this.server = server;
        this.h2Backend = h2Backend;
        if (h2Backend == null) {
            this.groupCommit = null;
            this.committer = null;
        } else {
            this.groupCommit = new GroupCommit(h2Backend.getMvStore());
            this.committer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "arrears-store-commit");
                thread.setDaemon(true);
                return thread;
            });
            committer.scheduleWithFixedDelay(this::commitUnsaved, COMMIT_EVERY_MILLIS, COMMIT_EVERY_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
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
        H2Backend backend = new LedgerH2Backend(new MVStore.Builder().fileName(file.toString())
                .autoCommitDisabled().autoCommitBufferSize(0).open());
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

    private void commitUnsaved() {
        try {
            groupCommit.commitUnsaved();
        } catch (RuntimeException e) {
            // Tried again on the next tick; an append meanwhile fails loudly on its own commit.
            log.error("Committing the embedded store's file failed", e);
        }
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** The H2 file store, or null in memory. */
    MVStore fileStore() {
        return h2Backend == null ? null : h2Backend.getMvStore();
    }

    /**
     * Returns once every write acknowledged before the call is on stable storage: the event store's
     * commit barrier. In memory there is nothing to wait for.
     */
    public void awaitDurable() {
        if (h2Backend != null) {
            groupCommit.awaitDurable();
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
        if (h2Backend != null) {
            committer.shutdownNow();
            h2Backend.close();
        }
    }
}
