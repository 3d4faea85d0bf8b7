package io.arrears.infra.durability;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.infra.store.h2.ViewsFile;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledged means durable on the embedded H2 store, under the timing that once lost writes: the
 * store and the engine alone ({@link AppendingProcess}) write only tokens for longer than H2's old
 * one-second background commit, then burst appends, and are killed with SIGKILL at a random
 * acknowledgement; reopened, the store holds every acknowledged event. Rounds run on one data
 * directory, so each also recovers from the kill before. {@code -Dcrash.rounds=N} (the soak profile
 * runs 20; the default build 3).
 */
class AcknowledgedAppendsIT {

    private static final int ROUNDS = Integer.getInteger("crash.rounds", 3);
    private static final long IDLE_MILLIS = 1_200;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedAppendSurvivesAKillAfterIdlingThenBursting() throws Exception {
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        long acknowledged = -1;
        for (int round = 1; round <= ROUNDS; round++) {
            int acksBeforeKill = 20 + random.nextInt(400);
            acknowledged = killAfter(acksBeforeKill);
            try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, ViewsFile.NONE);
                 MongoClient client = MongoClients.create(server.connectionString())) {
                MongoCommitEventStorageEngine engine = AppendingProcess.engine(client.getDatabase("crash"), server);
                List<Long> stored = engine.readEvents(AppendingProcess.ACCOUNT).asStream()
                        .map(DomainEventMessage::getSequenceNumber).toList();
                assertThat(stored).as("round %d: acknowledged up to %d, killed after %d acknowledgements", round,
                        acknowledged, acksBeforeKill).hasSizeGreaterThan((int) acknowledged);
                assertThat(stored).startsWith(LongStream.rangeClosed(0, acknowledged).boxed().toArray(Long[]::new));
            }
        }
        assertThat(acknowledged).isPositive();
    }

    /** Runs the process until it has acknowledged {@code acks} appends this round, kills it, and returns the last. */
    private long killAfter(int acks) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                AppendingProcess.class.getName(), dataDir.toString(), String.valueOf(IDLE_MILLIS))
                .redirectErrorStream(true).start();
        long last = -1;
        boolean idled = false;
        int seen = 0;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (seen < acks && (line = lines.readLine()) != null) {
                if (line.equals(AppendingProcess.IDLE_DONE)) {
                    idled = true;
                } else if (line.startsWith(AppendingProcess.ACK)) {
                    last = Long.parseLong(line.substring(AppendingProcess.ACK.length()));
                    seen++;
                } else if (output.length() < 20_000) {
                    output.append(line).append('\n');
                }
            }
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(idled).as("the process idled first; its output:%n%s", output).isTrue();
        assertThat(seen).as("acknowledgements before the kill; the process said:%n%s", output).isEqualTo(acks);
        return last;
    }
}
