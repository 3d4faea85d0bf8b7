package io.arrears.infra.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.audit.ChainVerifier;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.infra.store.h2.ViewsFile;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.event.ContactLogged;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One account grown to 1,000, 10,000 and 100,000 commits (one event each, appended as the ledger
 * appends: MACs, keyed hashes, the group commit's sync): at each length, the time of an append, of a
 * load from a snapshot (the snapshot and the events after it) and of verifying the account, so that
 * a cost growing with the account's length shows as a growing figure.
 */
final class IndexBenchmark {

    private static final AuditKeyring KEYS = AuditKeyring.generate("bench");
    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("LONG-LIVED-1");
    /** Appends timed one by one just before each length is reached. */
    private static final int APPENDS_TIMED = 500;
    private static final int LOADS_TIMED = 25;
    /** Events after the snapshot a load reads, as a cache miss some commands after a snapshot would. */
    private static final int EVENTS_AFTER_SNAPSHOT = 10;

    private final PrintStream out;
    private final PrintStream progress;

    IndexBenchmark(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    void run(List<Integer> lengths, boolean memory, boolean h2) throws Exception {
        out.printf("Account index: one account of up to %,d commits; JVM %s, %d processors%n",
                lengths.get(lengths.size() - 1), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        out.println("| backend | commits | append, median (p99) | append to a new account, median | load from a snapshot, median | verify the account | verify per commit |");
        out.println("|---|---|---|---|---|---|---|");
        if (memory) {
            try (EmbeddedMongoServer server = EmbeddedMongoServer.inMemory()) {
                measure("memory", server, lengths);
            }
        }
        if (h2) {
            Path dir = Files.createTempDirectory("arrears-bench-index");
            try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dir, ViewsFile.NONE)) {
                measure("H2", server, lengths);
            }
        }
    }

    private void measure(String backend, EmbeddedMongoServer server, List<Integer> lengths) {
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("bench-index");
            MongoCommitEventStorageEngine engine = SerializationConfiguration.storedFormEngine(database, KEYS,
                    server::awaitDurable);
            engine.ensureSealed();
            ChainVerifier verifier = new ChainVerifier(database, KEYS, Clock.systemUTC());
            long sequence = 0;
            for (int length : lengths) {
                List<Long> appendNanos = new ArrayList<>(APPENDS_TIMED);
                for (; sequence < length; sequence++) {
                    DomainEventMessage<?> event = event(ACCOUNT, sequence);
                    long started = System.nanoTime();
                    engine.appendEvents(List.of(event));
                    if (sequence >= length - APPENDS_TIMED) {
                        appendNanos.add(System.nanoTime() - started);
                    }
                    if (sequence % 10_000 == 0 && sequence > 0) {
                        progress.printf("%s: %,d commits%n", backend, sequence);
                    }
                }
                // The same store with a short account: what the store's size costs, apart from the account's length.
                AccountId shortAccount = new AccountId("SHORT-" + length);
                List<Long> shortNanos = new ArrayList<>(APPENDS_TIMED);
                for (long shortSequence = 0; shortSequence < APPENDS_TIMED; shortSequence++) {
                    DomainEventMessage<?> event = event(shortAccount, shortSequence);
                    long started = System.nanoTime();
                    engine.appendEvents(List.of(event));
                    shortNanos.add(System.nanoTime() - started);
                }
                long snapshotAt = sequence - 1 - EVENTS_AFTER_SNAPSHOT;
                engine.storeSnapshot(new GenericDomainEventMessage<>("CollectionAccount", ACCOUNT.value(), snapshotAt,
                        payload(ACCOUNT, snapshotAt)));
                List<Long> loadNanos = new ArrayList<>(LOADS_TIMED);
                for (int i = 0; i < LOADS_TIMED; i++) {
                    long started = System.nanoTime();
                    long from = engine.readSnapshot(ACCOUNT.value()).orElseThrow().getSequenceNumber() + 1;
                    long read = engine.readEvents(ACCOUNT.value(), from).asStream().count();
                    loadNanos.add(System.nanoTime() - started);
                    if (read != EVENTS_AFTER_SNAPSHOT) {
                        throw new IllegalStateException("the load read " + read + " events after the snapshot");
                    }
                }
                long started = System.nanoTime();
                ChainVerifier.Result verified = verifier.verifyAccount(ACCOUNT.value());
                double verifyMillis = (System.nanoTime() - started) / 1e6;
                if (!verified.ok() || verified.commitsChecked() != length) {
                    throw new IllegalStateException("verify: " + verified);
                }
                out.printf(Locale.ROOT, "| %s | %,d | %.2f ms (%.2f) | %.2f ms | %.2f ms | %.0f ms | %.1f µs |%n", backend,
                        length, percentile(appendNanos, 50), percentile(appendNanos, 99), percentile(shortNanos, 50),
                        percentile(loadNanos, 50),
                        verifyMillis, verifyMillis * 1000 / length);
            }
        }
    }

    private static double percentile(List<Long> nanos, int percent) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100)) / 1e6;
    }

    private static DomainEventMessage<?> event(AccountId account, long sequence) {
        return new GenericDomainEventMessage<>("CollectionAccount", account.value(), sequence,
                payload(account, sequence), MetaData.with("actorId", "bench"));
    }

    private static ContactLogged payload(AccountId account, long sequence) {
        return new ContactLogged(account, "C-" + sequence, ContactChannel.PHONE, ContactDirection.OUTBOUND,
                ContactOutcome.NO_ANSWER, START.plusSeconds(sequence), "agent-2", null);
    }
}
