package io.arrears.infra.cli;

import io.arrears.infra.store.EmbeddedMongoServer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar arrears.jar store [--port N] [--data-dir DIR | --memory]}: the embedded
 * MongoDB-wire server as a process of its own, so that several ledger processes can share one store
 * on one machine (tests, demonstrations); they reach it with
 * {@code ARREARS_MONGODB_URI=mongodb://127.0.0.1:N/arrears}. It does not flush its files before a
 * write is answered, as the embedded default inside the ledger does: production is a replica set.
 */
public final class StoreProcess {

    private StoreProcess() {
    }

    public static int run(List<String> args, PrintStream out) throws InterruptedException {
        int port = 27017;
        Path dataDir = Path.of("data");
        boolean memory = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--port" -> port = Integer.parseInt(args.get(++i));
                case "--data-dir" -> dataDir = Path.of(args.get(++i));
                case "--memory" -> memory = true;
                default -> {
                    out.println("usage: java -jar arrears.jar store [--port N] [--data-dir DIR | --memory]");
                    return 2;
                }
            }
        }
        EmbeddedMongoServer server = memory ? EmbeddedMongoServer.inMemory(port)
                : EmbeddedMongoServer.onDisk(dataDir, port);
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
