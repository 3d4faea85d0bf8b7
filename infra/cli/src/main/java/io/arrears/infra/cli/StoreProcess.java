package io.arrears.infra.cli;

import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.infra.store.EmbeddedMongoServer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar arrears.jar store}: the embedded MongoDB-wire server as a process of its own, so
 * that several ledger processes can share one store on one machine (tests, demonstrations). It does
 * not flush its files before a write is answered, as the embedded default inside the ledger does:
 * production is a replica set.
 */
@Command(name = "store", sortOptions = false,
        description = {"The embedded MongoDB-wire store as a process of its own.",
                "For several ledger processes on one machine: start them with ARREARS_MONGODB_URI=mongodb://127.0.0.1:PORT/arrears.",
                "It runs until it is stopped (SIGTERM or Ctrl-C). Unlike the store inside the ledger, it does not "
                        + "flush its files before it answers a write: production is a replica set."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:usage: an unknown or bad option"})
public final class StoreProcess implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "27017", description = "Default: ${DEFAULT-VALUE}.")
    private int port;

    @ArgGroup
    private Storage storage = new Storage();

    /** Where the store keeps its documents: a directory, or memory only. */
    static final class Storage {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "The store's H2 file lives here (default: data).")
        Path dataDir = Path.of("data");

        @Option(names = "--memory", description = "Keep everything in memory; nothing survives the process.")
        boolean memory;
    }

    private final PrintStream out;

    StoreProcess(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedMongoServer server = storage.memory ? EmbeddedMongoServer.inMemory(port)
                : EmbeddedMongoServer.onDisk(storage.dataDir, ProjectionCatalog.viewsFile(), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("Arrears store listening on " + server.connectionString());
        out.flush();
        stopped.await();
        return 0;
    }
}
