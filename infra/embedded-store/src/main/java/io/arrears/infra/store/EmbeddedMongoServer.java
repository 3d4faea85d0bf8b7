package io.arrears.infra.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.infra.store.h2.KeptWriteBufferStore;
import io.arrears.infra.store.h2.LedgerH2Backend;
import io.arrears.infra.store.h2.ViewsFile;
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
 * <p>On disk it keeps two H2 MVStore files: the record ({@value #FILE_NAME}) and the views
 * ({@link ViewsFile}: the collections the opener says can be derived again). Both are opened with
 * H2's auto-commit off (the background one every second and the one a writer's thread runs when
 * unsaved pages pass a size), so that each file's {@link GroupCommit} is the only thing that ever
 * commits it. The record's commits before every acknowledged append, and every
 * {@value #COMMIT_EVERY_MILLIS} ms for the writes that wait for no acknowledgement; the views' only
 * every {@value #COMMIT_EVERY_MILLIS} ms, so an append's commit does not serialise the pages the
 * projections dirtied. H2's own background commit serialises pages and writes them in two steps; a
 * group commit between the two could find nothing unsaved and sync a file that lacked the latest
 * writes.
 *
 * <p>That background thread is also what compacts an H2 file: it rewrites the live pages of chunks
 * that are mostly dead, so their space can be used again. Without it a file only grows: every commit
 * writes a chunk with the B-tree pages it changed, and a chunk stays while any page in it is live (a
 * page of events is live forever). After 100,000 accounts opened and accrued once, the record was
 * 2,459 MiB with 18 % of its chunk bytes live. So each tick first compacts: in each file below
 * {@value #TARGET_FILL_RATE} % live, it rewrites up to {@value #COMPACT_BYTES} bytes of live pages
 * out of the emptiest chunks, which a commit then writes anew; the record's {@value #COMPACT_STEP_BYTES}
 * bytes at a time, each step committed before the next.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    public static final String FILE_NAME = "arrears.mv";
    /** How often the views, and the record's writes that no append waits for, are committed to their files. */
    static final long COMMIT_EVERY_MILLIS = 1_000;
    /** The share of a file's chunk bytes that are live, below which a tick compacts the file. */
    static final int TARGET_FILL_RATE = 50;
    /** Bytes of live pages a tick rewrites in a file at most. */
    static final int COMPACT_BYTES = 1 << 20;
    /** Bytes of live pages of the record rewritten in one step under its lock, committed before the next. */
    static final int COMPACT_STEP_BYTES = 1 << 18;
    /**
     * H2's cache of each file's pages, in MiB (H2's default is 16). Every page a commit writes enters
     * it, so in the accrual run at 100,000 accounts under a heap of 512 MiB pages lived long enough to
     * be promoted and died in G1's old generation: the old generation grew by 4.7-6.3 MiB a young
     * collection with 16, by 1.5-3.2 MiB with 4, and the heap in use with every account open was
     * 119-157 MiB against 154-172 MiB (docs/BENCHMARKS.md, issue 18's seventeenth session).
     */
    static final int PAGE_CACHE_MIB = 4;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final MongoServer server;
    private final LedgerH2Backend h2Backend;
    private final GroupCommit recordCommit;
    private final GroupCommit viewsCommit;
    private final ScheduledExecutorService committer;
    private final InetSocketAddress address;

    private EmbeddedMongoServer(MongoServer server, LedgerH2Backend h2Backend, int port) {
        this.server = server;
        this.h2Backend = h2Backend;
        if (h2Backend == null) {
            this.recordCommit = null;
            this.viewsCommit = null;
            this.committer = null;
        } else {
            this.recordCommit = new GroupCommit(h2Backend.record());
            this.viewsCommit = new GroupCommit(h2Backend.views());
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

    /**
     * A server whose data lives in {@code dataDir} and survives restarts and kill -9, the collections
     * {@code views} names in a file of their own.
     */
    public static EmbeddedMongoServer onDisk(Path dataDir, ViewsFile views) {
        return onDisk(dataDir, views, 0);
    }

    /** On a fixed loopback port, for the store run as a process of its own ({@code arrears.jar store}). */
    public static EmbeddedMongoServer onDisk(Path dataDir, ViewsFile views, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        LedgerH2Backend backend = new LedgerH2Backend(open(file), open(dataDir.resolve(ViewsFile.FILE_NAME)), views);
        EmbeddedMongoServer embedded = new EmbeddedMongoServer(new MongoServer(backend), backend, port);
        log.info("Embedded MongoDB-wire server on {} with its data in {}", embedded.connectionString(), file);
        return embedded;
    }

    private static MVStore open(Path file) {
        return new MVStore.Builder()
                .adoptFileStore(KeptWriteBufferStore.open(file.toAbsolutePath().toString(), PAGE_CACHE_MIB))
                .autoCommitDisabled().autoCommitBufferSize(0).open();
    }

    /** A server that keeps everything in memory, for tests. */
    public static EmbeddedMongoServer inMemory() {
        return inMemory(0);
    }

    public static EmbeddedMongoServer inMemory(int port) {
        return new EmbeddedMongoServer(new MongoServer(new MemoryBackend()), null, port);
    }

    /** The record first: the views may hold nothing the record's file lacks. */
    private void commitUnsaved() {
        try {
            compact();
            recordCommit.awaitDurable();
            viewsCommit.awaitDurable();
        } catch (RuntimeException e) {
            // Tried again on the next tick; an append meanwhile fails loudly on its own commit.
            log.error("Committing the embedded store's file failed", e);
        }
    }

    /**
     * Rewrites a bounded part of the emptiest chunks of each file whose chunks are too little live.
     * The record's in steps, each committed: H2 rewrites under the file's lock, which an append's
     * commit needs. In one step of 1 MiB a file, a tick's compaction took 85 ms (median of the ticks of
     * a gateway phase, up to 134 ms), and the payments in flight waited for it once a second. No append waits
     * for the views' lock, and each commit of theirs writes every page the projections changed since
     * the last: theirs goes in one step, written by the tick's commit.
     */
    void compact() {
        MVStore record = h2Backend.record();
        int rewritten = 0;
        while (rewritten < COMPACT_BYTES && record.compact(TARGET_FILL_RATE, COMPACT_STEP_BYTES)) {
            rewritten += COMPACT_STEP_BYTES;
            recordCommit.awaitDurable();
        }
        h2Backend.views().compact(TARGET_FILL_RATE, COMPACT_BYTES);
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    /** The record's H2 file store, or null in memory. */
    MVStore fileStore() {
        return h2Backend == null ? null : h2Backend.record();
    }

    /** The views' H2 file store, or null in memory. */
    MVStore viewsStore() {
        return h2Backend == null ? null : h2Backend.views();
    }

    /**
     * Returns once every write acknowledged before the call is on stable storage: the event store's
     * commit barrier. In memory there is nothing to wait for.
     */
    public void awaitDurable() {
        if (h2Backend != null) {
            recordCommit.awaitDurable();
        }
    }

    /**
     * Stops taking clients, stops the committer and lets a tick in progress finish (an interrupt would
     * close H2's file channel under it), then shuts the server down, which closes its clients and then
     * the files, committing what is left. The server closes the files itself: stopped before the
     * committer, it closed them under a tick ("This store is closed").
     */
    @Override
    public void close() {
        server.stopListening();
        if (h2Backend != null) {
            committer.shutdown();
            try {
                committer.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.shutdownNow();
    }
}
