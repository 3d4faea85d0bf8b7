package io.arrears.infra.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.arrears.infra.audit.ProjectionCopies;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.infra.store.h2.ViewsFile;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.money.Money;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.bson.Document;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The event store measured on the embedded server, memory and H2 backends, each figure the median of
 * several rounds on a fresh database, against a baseline run in the same process: append (our engine,
 * Axon's {@code MongoEventStorageEngine}, raw inserts of our engine's own documents, one commit an
 * insert), from one thread and from {@link #WRITERS} at once; read-back from position 0; rebuild of
 * every projection; and time travel on one account of 10,000 events.
 */
public final class StoreBenchmark {

    /** Our engine appends as the ledger does: MACs and keyed hashes. */
    static final AuditKeyring KEYS = AuditKeyring.generate("bench");

    private final PrintStream out;
    private final PrintStream progress;
    private final int accounts;
    private final int commitsPerAccount;
    private final int rounds;

    public StoreBenchmark(PrintStream out, PrintStream progress, int accounts, int commitsPerAccount, int rounds) {
        this.out = out;
        this.progress = progress;
        this.accounts = accounts;
        this.commitsPerAccount = commitsPerAccount;
        this.rounds = rounds;
    }

    /** Threads appending at once in the concurrent append figures, each with accounts of its own. */
    static final int WRITERS = 8;
    /**
     * How long Axon's engine may read back in a round. Its every batch sorts by timestamp, which the
     * embedded server does not index, so its read slows as the store grows (6,000 events: 100-110 s,
     * 10,000: 470-490 s); past this it stops, and its rate is what it read over the time it took.
     */
    static final Duration AXON_READ_BUDGET = Duration.ofSeconds(30);

    private static final String APPEND_OURS = "append ours";
    private static final String APPEND_OURS_DURABLE = "append ours+fsync";
    private static final String APPEND_AXON = "append axon";
    private static final String INSERT_RAW = "insert raw";
    private static final String APPEND_OURS_WRITERS = "append ours, " + WRITERS + " writers";
    private static final String APPEND_AXON_WRITERS = "append axon, " + WRITERS + " writers";
    private static final String INSERT_RAW_WRITERS = "insert raw, " + WRITERS + " writers";
    private static final String READ_OURS = "read ours";
    private static final String READ_AXON = "read axon";
    private static final String READ_RAW = "read raw";
    private static final String READ_AXON_SHARE = "read axon, share of the events";
    private static final String REBUILD = "rebuild";

    /** One backend's figures, each a median over the rounds, in milliseconds. */
    record Figures(String backend, long events, double oursMs, double oursDurableMs, double axonMs, double rawMs,
                   double readOursMs, double readAxonMs, double readAxonShare, double readRawMs, double rebuildMs,
                   double oursWritersMs, double axonWritersMs, double rawWritersMs) {
    }

    public void run(boolean memory, boolean h2) {
        out.printf("Event store benchmark: %d accounts × %d commits of 2 events (one commit per append), "
                + "%d rounds, median of the rounds; JVM %s, %d processors%n%n", accounts, commitsPerAccount, rounds,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        Path dir = temporaryDirectory();
        TimeTravelReadings timeTravel = new TimeTravelReadings(progress, rounds);
        Supplier<EmbeddedMongoServer> memoryServers = EmbeddedMongoServer::inMemory;
        Supplier<EmbeddedMongoServer> h2Servers = () -> EmbeddedMongoServer.onDisk(dir.resolve("round-" + System.nanoTime()),
                ViewsFile.NONE);
        // Time travel first: it has no baseline, and once Axon's engine has run in this JVM the
        // shared Axon code paths the reading goes through are compiled for two kinds of stored event
        // instead of the service's one (measured: a median 10-15 ms higher).
        List<TimeTravelReadings.Travel> travels = new ArrayList<>();
        if (memory) {
            travels.add(timeTravel.measure("memory", memoryServers));
        }
        if (h2) {
            travels.add(timeTravel.measure("h2", h2Servers));
        }
        // Then our engine and the raw baseline on each backend, and only then Axon's engine, for the
        // same reason.
        Map<String, Supplier<EmbeddedMongoServer>> backends = new java.util.LinkedHashMap<>();
        if (memory) {
            backends.put("memory", memoryServers);
        }
        if (h2) {
            backends.put("h2", h2Servers);
        }
        Map<String, List<Map<String, Double>>> samples = new HashMap<>();
        backends.forEach((backend, servers) -> samples.put(backend, measureOurs(backend, servers)));
        backends.forEach((backend, servers) -> measureAxon(backend, servers, samples.get(backend)));
        List<Figures> all = backends.keySet().stream().map(backend -> figures(backend, samples.get(backend))).toList();
        for (Figures f : all) {
            print(f);
        }
        for (TimeTravelReadings.Travel travel : travels) {
            out.printf(Locale.ROOT, "%s backend, time travel on an account of 10,000 events, %d readings: median %.1f ms, "
                    + "p99 %.1f ms (target median < 50 ms)%n", travel.backend(), travel.readingsMs().size(),
                    travel.median(), travel.p99());
        }
    }

    private void print(Figures f) {
        double events = f.events();
        out.printf(Locale.ROOT, "%s backend, %d events%n", f.backend(), f.events());
        out.printf(Locale.ROOT, "  append   ours %8.0f ev/s   ours+fsync %8.0f ev/s   axon %8.0f ev/s   raw %8.0f ev/s%n",
                rate(events, f.oursMs()), rate(events, f.oursDurableMs()), rate(events, f.axonMs()),
                rate(events, f.rawMs()));
        out.printf(Locale.ROOT, "           ours / axon = %.2f (target >= 1.5)   ours / raw = %.2f (target >= 0.60)%n",
                f.axonMs() / f.oursMs(), f.rawMs() / f.oursMs());
        out.printf(Locale.ROOT, "  append, %d writers at once: ours %8.0f ev/s   axon %8.0f ev/s   raw %8.0f ev/s%n", WRITERS,
                rate(events, f.oursWritersMs()), rate(events, f.axonWritersMs()), rate(events, f.rawWritersMs()));
        out.printf(Locale.ROOT, "           ours / axon = %.2f   ours / raw = %.2f%n",
                f.axonWritersMs() / f.oursWritersMs(), f.rawWritersMs() / f.oursWritersMs());
        out.printf(Locale.ROOT, "  read     ours %8.0f ev/s   axon %8.0f ev/s   raw sorted %8.0f ev/s%n",
                rate(events, f.readOursMs()), rate(events, f.readAxonMs()), rate(events, f.readRawMs()));
        out.printf(Locale.ROOT, "           ours / raw = %.2f (target >= 0.50)   ours / axon = %s%.2f%n",
                f.readRawMs() / f.readOursMs(), f.readAxonShare() < 1 ? ">= " : "", f.readAxonMs() / f.readOursMs());
        if (f.readAxonShare() < 1) {
            out.printf(Locale.ROOT, "           (axon's read stopped after %d s, %.0f %% of the events read: its rate over those)%n",
                    AXON_READ_BUDGET.toSeconds(), f.readAxonShare() * 100);
        }
        out.printf(Locale.ROOT, "  rebuild  every projection from 0: %.0f ev/s%n%n", rate(events, f.rebuildMs()));
    }

    private static double rate(double events, double millis) {
        return events * 1000 / millis;
    }

    /** Our engine and the raw baseline on one backend: a warm-up round, then {@code rounds} measured. */
    private List<Map<String, Double>> measureOurs(String backend, Supplier<EmbeddedMongoServer> servers) {
        List<Map<String, Double>> samples = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            try (EmbeddedMongoServer server = servers.get();
                 MongoClient client = MongoClients.create(server.connectionString())) {
                MongoDatabase database = client.getDatabase("bench");
                List<List<DomainEventMessage<?>>> commits = commits();
                long events = events(commits);
                Map<String, Double> s = new HashMap<>();
                int r = round;
                Step step = (name, work) -> s.put(name, step(backend, r, name, work));
                MongoCommitEventStorageEngine ours = SerializationConfiguration.storedFormEngine(database, KEYS);
                step.run(APPEND_OURS, () -> commits.forEach(ours::appendEvents));
                MongoDatabase durableDb = client.getDatabase("bench-durable");
                MongoCommitEventStorageEngine durable = SerializationConfiguration.storedFormEngine(durableDb, KEYS,
                        server::awaitDurable);
                step.run(APPEND_OURS_DURABLE, () -> commits.forEach(durable::appendEvents));
                List<Document> stored = database.getCollection(CommitSchema.COMMITS).find()
                        .sort(Sorts.ascending("_id")).into(new ArrayList<>());
                MongoCollection<Document> raw = client.getDatabase("bench-raw").getCollection("commits");
                step.run(INSERT_RAW, () -> stored.forEach(d -> raw.insertMany(List.of(d))));

                List<List<List<DomainEventMessage<?>>>> byWriter = byWriter(commits, c -> c.get(0).getAggregateIdentifier());
                MongoDatabase writersDb = client.getDatabase("bench-writers");
                MongoCommitEventStorageEngine oursWriters = SerializationConfiguration.storedFormEngine(writersDb, KEYS);
                step.run(APPEND_OURS_WRITERS, () -> concurrently(byWriter, oursWriters::appendEvents));
                List<List<Document>> storedByWriter = byWriter(stored, d -> d.getString("aggregateId"));
                MongoCollection<Document> rawWriters = client.getDatabase("bench-raw-writers").getCollection("commits");
                step.run(INSERT_RAW_WRITERS, () -> concurrently(storedByWriter, d -> rawWriters.insertMany(List.of(d))));

                step.run(READ_OURS, () -> count(ours, events));
                step.run(READ_RAW, () -> raw.find().sort(Sorts.ascending("_id")).forEach(d -> d.getList("events", Object.class)));
                step.run(REBUILD, () -> rebuild(database, ours));
                if (round > 0) {
                    samples.add(s);
                }
            }
        }
        return samples;
    }

    /** Axon's engine on one backend, into the samples of {@link #measureOurs}: the same rounds. */
    private void measureAxon(String backend, Supplier<EmbeddedMongoServer> servers, List<Map<String, Double>> samples) {
        for (int round = 0; round <= rounds; round++) {
            try (EmbeddedMongoServer server = servers.get();
                 MongoClient client = MongoClients.create(server.connectionString())) {
                List<List<DomainEventMessage<?>>> commits = commits();
                long events = events(commits);
                Map<String, Double> s = round > 0 ? samples.get(round - 1) : new HashMap<>();
                int r = round;
                Step step = (name, work) -> s.put(name, step(backend, r, name, work));
                MongoEventStorageEngine axon = axonEngine(client, "bench-axon");
                step.run(APPEND_AXON, () -> commits.forEach(axon::appendEvents));
                MongoEventStorageEngine axonWriters = axonEngine(client, "bench-axon-writers");
                List<List<List<DomainEventMessage<?>>>> byWriter = byWriter(commits, c -> c.get(0).getAggregateIdentifier());
                step.run(APPEND_AXON_WRITERS, () -> concurrently(byWriter, axonWriters::appendEvents));
                long[] read = new long[1];
                double millis = step(backend, r, READ_AXON, () -> read[0] = countWithin(axon, events, AXON_READ_BUDGET));
                // A read stopped at its budget stands for the whole at the rate it went: faster than the
                // whole would have gone, so ours / axon is at least what is printed.
                s.put(READ_AXON, millis * events / read[0]);
                s.put(READ_AXON_SHARE, (double) read[0] / events);
            }
        }
    }

    private static long events(List<List<DomainEventMessage<?>>> commits) {
        return commits.stream().mapToLong(List::size).sum();
    }

    private Figures figures(String backend, List<Map<String, Double>> samples) {
        return new Figures(backend, events(commits()), median(samples, APPEND_OURS),
                median(samples, APPEND_OURS_DURABLE), median(samples, APPEND_AXON), median(samples, INSERT_RAW),
                median(samples, READ_OURS), median(samples, READ_AXON), median(samples, READ_AXON_SHARE),
                median(samples, READ_RAW),
                median(samples, REBUILD), median(samples, APPEND_OURS_WRITERS), median(samples, APPEND_AXON_WRITERS),
                median(samples, INSERT_RAW_WRITERS));
    }

    private interface Step {
        void run(String name, Runnable work);
    }

    private static MongoEventStorageEngine axonEngine(MongoClient client, String database) {
        MongoEventStorageEngine axon = MongoEventStorageEngine.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, database).build())
                .eventSerializer(StoredForm.serializer())
                .snapshotSerializer(StoredForm.serializer()).build();
        axon.ensureIndexes();
        return axon;
    }

    /** Items dealt to {@link #WRITERS} lists by account, each account's in their order. */
    private static <T> List<List<T>> byWriter(List<T> items, Function<T, String> account) {
        List<List<T>> lists = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            lists.add(new ArrayList<>());
        }
        items.forEach(item -> lists.get(Math.floorMod(account.apply(item).hashCode(), WRITERS)).add(item));
        return lists;
    }

    /** One thread a list, each doing its list's work in order; returns when all are done. */
    private static <T> void concurrently(List<List<T>> lists, Consumer<T> work) {
        ExecutorService pool = Executors.newFixedThreadPool(lists.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<T> list : lists) {
                done.add(pool.submit(() -> list.forEach(work)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a writer failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** Reads every event from position 0 through the engine's stream and checks the count. */
    private static void count(EventStorageEngine engine, long expected) {
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(null, false)) {
            long read = stream.map(EventMessage::getPayload).count();
            if (read != expected) {
                throw new IllegalStateException("read " + read + " events of " + expected);
            }
        }
    }

    /** Reads from position 0 until the end or the budget, whichever is first: how many events it read. */
    private static long countWithin(EventStorageEngine engine, long expected, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> events = stream.iterator();
            long read = 0;
            while (System.nanoTime() - deadline < 0 && events.hasNext()) {
                events.next().getPayload();
                read++;
            }
            if (read > expected || (read < expected && System.nanoTime() - deadline < 0)) {
                throw new IllegalStateException("read " + read + " events of " + expected);
            }
            return read;
        }
    }

    private static void rebuild(MongoDatabase database, EventStorageEngine engine) {
        List<AnnotationEventHandlerAdapter> copies = ProjectionCatalog.ALL.stream()
                .map(p -> new AnnotationEventHandlerAdapter(p.into(database, p.collection() + "_bench"))).toList();
        ProjectionCopies.replay(engine, copies, new ProjectionCopies.Replay(null, 0), events -> { });
    }

    private List<List<DomainEventMessage<?>>> commits() {
        List<List<DomainEventMessage<?>>> commits = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            AccountId account = new AccountId("BENCH-%06d".formatted(a));
            commits.add(List.of(BenchEvents.event(account, 0, BenchEvents.opened(account)), BenchEvents.event(account, 1, new ContactLogged(account, "C-0",
                    ContactChannel.PHONE, ContactDirection.OUTBOUND, ContactOutcome.CONVERSATION, BenchEvents.START, "agent-1",
                    "will pay"))));
        }
        for (int c = 1; c < commitsPerAccount; c++) {
            for (int a = 0; a < accounts; a++) {
                AccountId account = new AccountId("BENCH-%06d".formatted(a));
                long owed = 1_000_000 - 100L * c;
                commits.add(List.of(
                        BenchEvents.event(account, 2L * c, new PaymentRecorded(account, "PAY-" + c, Money.parse("1.00", "CNY"),
                                BenchEvents.DUE.plusDays(c), "ALIPAY", new Allocation(0, 0, 0, 100, 0),
                                new Balance(owed, 0, 0, 0, 0), false)),
                        BenchEvents.event(account, 2L * c + 1, new ContactLogged(account, "C-" + c, ContactChannel.PHONE,
                                ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, BenchEvents.START.plusSeconds(c), "agent-2",
                                null))));
            }
        }
        return commits;
    }

    private double step(String backend, int round, String name, Runnable work) {
        double millis = time(work);
        progress.printf(Locale.ROOT, "%s round %d%s: %s %.0f ms%n", backend, round, round == 0 ? " (warm-up)" : "",
                name, millis);
        return millis;
    }

    static double time(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e6;
    }

    private static double median(List<Map<String, Double>> samples, String step) {
        List<Double> values = samples.stream().map(s -> s.get(step)).sorted().toList();
        return values.get(values.size() / 2);
    }

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("arrears-bench");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
