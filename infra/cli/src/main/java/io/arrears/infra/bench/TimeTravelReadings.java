package io.arrears.infra.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.audit.TimeTravelController;
import io.arrears.infra.eventstore.CommitPositions;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.event.ContactLogged;
import org.axonframework.eventhandling.DomainEventMessage;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Time travel measured for {@link StoreBenchmark}: one account of an opening and 9,999 contacts,
 * replayed as of instants spread over its life, each round on a fresh store.
 */
final class TimeTravelReadings {

    /** Readings of one account as of instants spread over its life, in a round of the time-travel figure. */
    static final int READINGS = 50;

    /** Time travel on one backend: every reading of the measured rounds, in milliseconds, sorted. */
    record Travel(String backend, List<Double> readingsMs) {

        double median() {
            return readingsMs.get(readingsMs.size() / 2);
        }

        double p99() {
            return readingsMs.get(Math.min(readingsMs.size() - 1, readingsMs.size() * 99 / 100));
        }
    }

    private final PrintStream progress;
    private final int rounds;

    TimeTravelReadings(PrintStream progress, int rounds) {
        this.progress = progress;
        this.rounds = rounds;
    }

    /** A warm-up round and {@code rounds} rounds of {@link #READINGS} readings, each on a fresh store. */
    Travel measure(String backend, Supplier<EmbeddedMongoServer> servers) {
        List<Double> measured = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            try (EmbeddedMongoServer server = servers.get();
                 MongoClient client = MongoClients.create(server.connectionString())) {
                List<Double> readings = timeTravel(client.getDatabase("bench-travel"));
                List<Double> sorted = readings.stream().sorted().toList();
                progress.printf(Locale.ROOT, "%s round %d%s: time travel median %.1f ms%n", backend, round,
                        round == 0 ? " (warm-up)" : "", sorted.get(sorted.size() / 2));
                if (round > 0) {
                    measured.addAll(readings);
                }
            }
        }
        measured.sort(Comparator.naturalOrder());
        return new Travel(backend, measured);
    }

    /** One account of 10,000 events; readings as of instants spread over its life, in milliseconds. */
    private static List<Double> timeTravel(MongoDatabase database) {
        MongoCommitEventStorageEngine engine = SerializationConfiguration.storedFormEngine(database,
                StoreBenchmark.KEYS);
        AccountId account = new AccountId("TT-1");
        Instant before = Instant.now();
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        batch.add(BenchEvents.event(account, 0, BenchEvents.opened(account)));
        for (int sequence = 1; sequence < 10_000; sequence++) {
            batch.add(BenchEvents.event(account, sequence, new ContactLogged(account, "C-" + sequence,
                    ContactChannel.SMS, ContactDirection.OUTBOUND, ContactOutcome.DELIVERED,
                    BenchEvents.START.plusSeconds(sequence), "agent-1", null)));
            if (batch.size() == 100) {
                engine.appendEvents(batch);
                batch = new ArrayList<>();
            }
        }
        engine.appendEvents(batch);
        // By recorded instant: the zone, which dates stage moves for a value date, is not read.
        TimeTravelController travel = new TimeTravelController(engine, new CommitPositions(database)::positionOf,
                ZoneOffset.UTC);
        List<Double> millis = new ArrayList<>();
        long span = Instant.now().toEpochMilli() - before.toEpochMilli();
        for (int i = 1; i <= READINGS; i++) {
            String asOf = before.plusMillis(span * i / READINGS).toString();
            millis.add(StoreBenchmark.time(() -> travel.asOfRecorded(account.value(), asOf)));
        }
        return millis;
    }
}
