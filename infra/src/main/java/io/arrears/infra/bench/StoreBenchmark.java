package io.arrears.infra.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.arrears.command.account.WorkflowPolicy;
import io.arrears.infra.audit.ProjectionCopies;
import io.arrears.infra.audit.TimeTravelController;
import io.arrears.infra.axon.SerializationConfiguration;
import io.arrears.infra.eventstore.CommitPositions;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.money.Money;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.bson.Document;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The event store measured on the embedded server, memory and H2 backends, each figure the median of
 * several rounds on a fresh database, against a baseline run in the same process: append (our engine,
 * Axon's {@code MongoEventStorageEngine}, raw {@code insertOne} of our engine's own documents), read-back
 * from position 0, rebuild of every projection, and time travel on one account of 10,000 events.
 */
public final class StoreBenchmark {

    private static final LocalDate DUE = LocalDate.of(2026, 3, 1);
    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");

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

    /** One backend's figures, each a median over the rounds, in milliseconds. */
    record Figures(String backend, long events, double oursMs, double oursDurableMs, double axonMs, double rawMs,
                   double readOursMs, double readAxonMs, double readRawMs, double rebuildMs, double travelMedianMs,
                   double travelP99Ms) {
    }

    public void run(boolean memory, boolean h2) {
        out.printf("Event store benchmark: %d accounts × %d commits of 2 events (one commit per append), "
                + "%d rounds, median of the rounds; JVM %s, %d processors%n%n", accounts, commitsPerAccount, rounds,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<Figures> all = new ArrayList<>();
        if (memory) {
            all.add(measure("memory", EmbeddedMongoServer::inMemory));
        }
        if (h2) {
            Path dir = temporaryDirectory();
            all.add(measure("h2", () -> EmbeddedMongoServer.onDisk(dir.resolve("round-" + System.nanoTime()))));
        }
        for (Figures f : all) {
            print(f);
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
        out.printf(Locale.ROOT, "  read     ours %8.0f ev/s   axon %8.0f ev/s   raw sorted %8.0f ev/s%n",
                rate(events, f.readOursMs()), rate(events, f.readAxonMs()), rate(events, f.readRawMs()));
        out.printf(Locale.ROOT, "           ours / raw = %.2f (target >= 0.50)   ours / axon = %.2f%n",
                f.readRawMs() / f.readOursMs(), f.readAxonMs() / f.readOursMs());
        out.printf(Locale.ROOT, "  rebuild  every projection from 0: %.0f ev/s%n", rate(events, f.rebuildMs()));
        out.printf(Locale.ROOT, "  time travel, 10,000 events: median %.1f ms, p99 %.1f ms (target median < 50 ms)%n%n",
                f.travelMedianMs(), f.travelP99Ms());
    }

    private static double rate(double events, double millis) {
        return events * 1000 / millis;
    }

    private Figures measure(String backend, java.util.function.Supplier<EmbeddedMongoServer> servers) {
        List<double[]> samples = new ArrayList<>();
        long events = 0;
        for (int round = 0; round <= rounds; round++) {
            try (EmbeddedMongoServer server = servers.get();
                 MongoClient client = MongoClients.create(server.connectionString())) {
                MongoDatabase database = client.getDatabase("bench");
                List<List<DomainEventMessage<?>>> commits = commits();
                long count = commits.stream().mapToLong(List::size).sum();
                events = count;
                double[] s = new double[10];
                MongoCommitEventStorageEngine ours = SerializationConfiguration.storedFormEngine(database);
                s[0] = step(backend, round, "append ours", () -> commits.forEach(ours::appendEvents));
                MongoDatabase durableDb = client.getDatabase("bench-durable");
                MongoCommitEventStorageEngine durable = MongoCommitEventStorageEngine.builder().database(durableDb)
                        .commitBarrier(server.commitBarrier())
                        .eventSerializer(SerializationConfiguration.storedFormSerializer())
                        .snapshotSerializer(SerializationConfiguration.storedFormSerializer()).build();
                durable.ensureIndexes();
                s[1] = step(backend, round, "append ours+fsync", () -> commits.forEach(durable::appendEvents));
                MongoEventStorageEngine axon = MongoEventStorageEngine.builder()
                        .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, "bench-axon").build())
                        .eventSerializer(SerializationConfiguration.storedFormSerializer())
                        .snapshotSerializer(SerializationConfiguration.storedFormSerializer()).build();
                axon.ensureIndexes();
                s[2] = step(backend, round, "append axon", () -> commits.forEach(axon::appendEvents));
                List<Document> stored = database.getCollection(MongoCommitEventStorageEngine.COMMITS).find()
                        .sort(Sorts.ascending("_id")).into(new ArrayList<>());
                MongoCollection<Document> raw = client.getDatabase("bench-raw").getCollection("commits");
                s[3] = step(backend, round, "insert raw", () -> stored.forEach(d -> raw.insertMany(List.of(d))));
                s[4] = step(backend, round, "read ours", () -> count(ours, count));
                s[5] = step(backend, round, "read axon", () -> count(axon, count));
                s[6] = step(backend, round, "read raw", () -> raw.find().sort(Sorts.ascending("_id")).forEach(d -> d.getList("events", Object.class)));
                s[7] = step(backend, round, "rebuild", () -> rebuild(database, ours));
                double[] travel = timeTravel(client.getDatabase("bench-travel"));
                progress.printf(Locale.ROOT, "%s round %d: time travel median %.1f ms%n", backend, round, travel[0]);
                s[8] = travel[0];
                s[9] = travel[1];
                if (round > 0) {
                    samples.add(s);
                }
            }
        }
        return new Figures(backend, events, median(samples, 0), median(samples, 1), median(samples, 2),
                median(samples, 3), median(samples, 4), median(samples, 5), median(samples, 6), median(samples, 7),
                median(samples, 8), median(samples, 9));
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

    private static void rebuild(MongoDatabase database, EventStorageEngine engine) {
        List<AnnotationEventHandlerAdapter> copies = ProjectionCopies.all(database).stream()
                .map(p -> new AnnotationEventHandlerAdapter(p.into().apply(p.collection() + "_bench"))).toList();
        ProjectionCopies.replay(engine, copies, new ProjectionCopies.Replay(null, 0), events -> { });
    }

    /** One account of 10,000 events; 50 readings as of instants spread over its life: median and p99. */
    private static double[] timeTravel(MongoDatabase database) {
        MongoCommitEventStorageEngine engine = SerializationConfiguration.storedFormEngine(database);
        AccountId account = new AccountId("TT-1");
        Instant before = Instant.now();
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        batch.add(event(account, 0, opened(account)));
        for (int sequence = 1; sequence < 10_000; sequence++) {
            batch.add(event(account, sequence, new ContactLogged(account, "C-" + sequence, ContactChannel.SMS,
                    ContactDirection.OUTBOUND, ContactOutcome.DELIVERED, START.plusSeconds(sequence), "agent-1", null)));
            if (batch.size() == 100) {
                engine.appendEvents(batch);
                batch = new ArrayList<>();
            }
        }
        engine.appendEvents(batch);
        TimeTravelController travel = new TimeTravelController(engine, new CommitPositions(database),
                WorkflowPolicy.DEFAULT);
        List<Double> millis = new ArrayList<>();
        long span = Instant.now().toEpochMilli() - before.toEpochMilli();
        for (int i = 1; i <= 50; i++) {
            String asOf = before.plusMillis(span * i / 50).toString();
            millis.add(time(() -> travel.asOfRecorded(account.value(), asOf)));
        }
        millis.sort(Comparator.naturalOrder());
        return new double[]{millis.get(millis.size() / 2), millis.get(millis.size() * 99 / 100)};
    }

    private List<List<DomainEventMessage<?>>> commits() {
        List<List<DomainEventMessage<?>>> commits = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            AccountId account = new AccountId("BENCH-%06d".formatted(a));
            commits.add(List.of(event(account, 0, opened(account)), event(account, 1, new ContactLogged(account, "C-0",
                    ContactChannel.PHONE, ContactDirection.OUTBOUND, ContactOutcome.CONVERSATION, START, "agent-1",
                    "will pay"))));
        }
        for (int c = 1; c < commitsPerAccount; c++) {
            for (int a = 0; a < accounts; a++) {
                AccountId account = new AccountId("BENCH-%06d".formatted(a));
                long owed = 1_000_000 - 100L * c;
                commits.add(List.of(
                        event(account, 2L * c, new PaymentRecorded(account, "PAY-" + c, Money.parse("1.00", "CNY"),
                                DUE.plusDays(c), "ALIPAY", new Allocation(0, 0, 0, 100, 0),
                                new Balance(owed, 0, 0, 0, 0), false)),
                        event(account, 2L * c + 1, new ContactLogged(account, "C-" + c, ContactChannel.PHONE,
                                ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, START.plusSeconds(c), "agent-2",
                                null))));
            }
        }
        return commits;
    }

    private static AccountOpened opened(AccountId account) {
        return new AccountOpened(account, "B-" + account.value(), "HUABEI", "CNY", DUE, DUE,
                new Balance(1_000_000, 0, 0, 0, 0),
                new Terms(5, 3, PenaltyBase.PRINCIPAL_AND_INTEREST, 2_400, Terms.DEFAULT_WATERFALL),
                new Borrower(null, null, null, null, "Asia/Shanghai"), Stage.PREPARATION, 0);
    }

    private static DomainEventMessage<?> event(AccountId account, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("CollectionAccount", account.value(), sequence, payload,
                MetaData.with("actorId", "bench"));
    }

    private double step(String backend, int round, String name, Runnable work) {
        double millis = time(work);
        progress.printf(Locale.ROOT, "%s round %d%s: %s %.0f ms%n", backend, round, round == 0 ? " (warm-up)" : "",
                name, millis);
        return millis;
    }

    private static double time(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e6;
    }

    private static double median(List<double[]> samples, int index) {
        List<Double> values = samples.stream().map(s -> s[index]).sorted().toList();
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
