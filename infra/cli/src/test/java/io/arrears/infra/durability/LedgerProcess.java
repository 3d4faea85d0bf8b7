package io.arrears.infra.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged ledger as a real operating-system process on the embedded default, started the way
 * the README starts it, for crash and restart tests. The build passes the jar's path as the
 * system property {@code arrears.jar}.
 */
final class LedgerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    final int port;

    private LedgerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LedgerProcess start(Path dataDir, Path log) {
        LedgerProcess ledger = launch(null, log, List.of("--arrears.store.data-dir=" + dataDir));
        ledger.awaitHealthy();
        return ledger;
    }

    /**
     * A ledger node on a shared store ({@code ARREARS_MONGODB_URI}), not yet known to be healthy, so
     * that several can start at once; {@link #awaitHealthy()} then waits for each.
     */
    static LedgerProcess launch(String storeUri, Path log, List<String> arguments) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-jar", jar(),
                "--server.port=" + port,
                "--arrears.store.gap-timeout=2s"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("ARREARS_MONGODB_URI");
        if (storeUri != null) {
            builder.environment().put("ARREARS_MONGODB_URI", storeUri);
        }
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        try {
            return new LedgerProcess(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The store as a process of its own in memory ({@code arrears.jar store --memory}), listening on the returned port. */
    static LedgerProcess store(Path log) {
        return store(log, List.of("--memory"));
    }

    /** The same on the H2 file backend the ledger runs by default, with its file in {@code dataDir}. */
    static LedgerProcess store(Path log, Path dataDir) {
        return store(log, List.of("--data-dir", dataDir.toString()));
    }

    private static LedgerProcess store(Path log, List<String> backend) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar(), "store"));
        command.addAll(backend);
        command.addAll(List.of("--port", String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            LedgerProcess store = new LedgerProcess(builder.start(), port);
            store.awaitListening();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("the store did not listen within " + START_TIMEOUT);
    }

    private static String jar() {
        String jar = System.getProperty("arrears.jar");
        if (jar == null || !Path.of(jar).toFile().isFile()) {
            throw new IllegalStateException("run through 'verify' so that the packaged jar exists: " + jar);
        }
        return jar;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    void awaitHealthy() {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the ledger process exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base()
                        + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // The port is not open yet: the process is still starting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the ledger did not become healthy within " + START_TIMEOUT);
    }


    /** SIGKILL: no shutdown hook, no flush, like a power cut to the process. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: a graceful stop. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
