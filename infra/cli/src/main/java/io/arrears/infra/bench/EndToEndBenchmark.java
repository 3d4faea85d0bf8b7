package io.arrears.infra.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.arrears.command.account.LedgerClock;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.accrual.AccrualRun;
import io.arrears.infra.accrual.PortfolioAccrual;
import io.arrears.infra.axon.LedgerMetrics;
import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.command.RecordPayment;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code RecordPayment} end to end on the ledger in this process (H2 store in a temporary directory,
 * durable acknowledgements, projections running): through the command gateway, then over HTTP from a
 * loopback load generator, then through the gateway again, each bounded in count and time (the two
 * gateway phases bracket the HTTP one, in time and in the accounts' length); the same request without
 * a key, the HTTP layer's least; then the portfolio accrual run over every account; and the heap once
 * the accounts are open and paid. Each thread pays its own accounts, so no two requests contend for
 * one account. The baseline, measured first in the same run, is raw single-document inserts into the
 * same store from as many threads; after each phase, how long the projections took to catch up.
 */
final class EndToEndBenchmark {

    /** How long the raw insert baseline runs, after its warm-up. */
    private static final Duration RAW_INSERTS = Duration.ofSeconds(10);
    /** A manageable flag of HotSpot: how much of the heap may stay free after a collection before it shrinks. */
    private static final String MAX_HEAP_FREE_RATIO = "MaxHeapFreeRatio";
    private static final Duration RAW_INSERTS_WARM_UP = Duration.ofSeconds(20);
    /** Accounts the ledger's warm-up opens before its first round, apart from the phases' own. */
    private static final int WARM_UP_ACCOUNTS = 100;
    /** A warm-up round's payments, through the gateway and over HTTP at once; an accrual run follows. */
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(10);
    /** The compilers' share of a warm-up round's CPU below which the JIT counts as settled. */
    private static final double JIT_SETTLED = 0.10;
    /** How long a phase's projections may take to catch up before the benchmark gives up on them. */
    private static final Duration CATCH_UP_MAX = Duration.ofMinutes(5);

    private final PrintStream out;
    private final PrintStream progress;

    EndToEndBenchmark(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    /**
     * @param warmUp   how long the ledger's work runs on accounts of its own before the phases are
     *                 measured, as the baseline's inserts run before theirs; zero measures a cold JVM
     * @param keepData leave the ledger's data directory for a look afterwards ({@code audit verify}),
     *                 instead of deleting it: at 100,000 accounts it holds gigabytes
     */
    void run(int accounts, int payments, int threads, Duration limit, Duration warmUp, boolean keepData)
            throws Exception {
        Path rawDir = Files.createTempDirectory("arrears-e2e-raw");
        LoadPhase raw;
        try {
            raw = rawInserts(rawDir, threads);
        } finally {
            FileSystemUtils.deleteRecursively(rawDir);
        }
        Path dir = Files.createTempDirectory("arrears-e2e");
        try {
            runLedger(dir, raw, accounts, payments, threads, limit, warmUp);
        } finally {
            if (keepData) {
                out.printf("  the ledger's data directory is kept: %s%n", dir);
            } else {
                FileSystemUtils.deleteRecursively(dir);
            }
        }
    }

    private void runLedger(Path dir, LoadPhase raw, int accounts, int payments, int threads, Duration limit,
                           Duration warmUp) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (ConfigurableApplicationContext ledger = new SpringApplicationBuilder(ArrearsApplication.class)
                .properties("arrears.accrual.schedule-enabled=false", "logging.level.root=ERROR")
                .run("--server.port=0", "--arrears.store.data-dir=" + dir);
             LedgerPayments pay = new LedgerPayments(ledger.getBean(CommandGateway.class),
                     ((WebServerApplicationContext) ledger).getWebServer().getPort(),
                     ledger.getBean(LedgerClock.class).today())) {
            CommandGateway gateway = ledger.getBean(CommandGateway.class);
            MeterRegistry meters = ledger.getBean(MeterRegistry.class);
            LocalDate today = pay.today();
            LedgerMetrics metrics = ledger.getBean(LedgerMetrics.class);
            if (!warmUp.isZero()) {
                warmUp(gateway, pay, ledger.getBean(PortfolioAccrual.class), today, threads, warmUp);
                reportCatchUp(metrics);
            }
            long heapBefore = usedHeapAfterGc();
            StoreCounters store = new StoreCounters(meters, out);
            LoadPhase opening = load(accounts, threads, limit.multipliedBy(4), i -> gateway.sendAndWait(opening(id(i), i,
                    today)));
            report("open accounts (command gateway)", opening);
            store.report(opening.operations());
            reportCatchUp(metrics);
            LoadPhase bus = load(payments, threads, limit, i -> pay.throughGateway(id(i % accounts), "BUS-" + i));
            report("RecordPayment through the command gateway", bus);
            store.report(bus.operations());
            reportCatchUp(metrics);
            out.printf(Locale.ROOT, "    payments through the gateway over raw inserts (%.0f/s): %.2f %%%n", raw.rate(),
                    100 * bus.rate() / raw.rate());
            LoadPhase overHttp = load(payments, threads, limit, i -> pay.overHttp(id(i % accounts), "HTTP-" + i));
            report("RecordPayment over HTTP (loopback)", overHttp);
            store.report(overHttp.operations());
            reportCatchUp(metrics);
            out.printf(Locale.ROOT, "    payments over HTTP over payments through the gateway: %.2f%n",
                    overHttp.rate() / bus.rate());
            out.printf(Locale.ROOT, "    of the HTTP payment's CPU, the load's own threads (the client) %.2f ms, the rest "
                            + "%.2f ms%n", overHttp.loadCpuEach(),
                    overHttp.cpuEach() - overHttp.loadCpuEach());
            LoadPhase busAgain = load(payments, threads, limit, i -> pay.throughGateway(id(i % accounts), "BUS2-" + i));
            report("RecordPayment through the gateway again", busAgain);
            store.report(busAgain.operations());
            reportCatchUp(metrics);
            out.printf(Locale.ROOT, "    payments over HTTP over payments through the gateway again (after it, on "
                    + "accounts as much longer than the HTTP phase's as those were than the first's): %.2f%n",
                    overHttp.rate() / busAgain.rate());
            reportHttpFloor(pay, (bus.cpuEach() + busAgain.cpuEach()) / 2, accounts, payments, threads, limit);
            LoadPhase accrual = accrue(ledger.getBean(PortfolioAccrual.class), today);
            report("the portfolio accrual run (accounts)", accrual);
            store.report(accrual.operations());
            reportCatchUp(metrics);
            Timer refresh = meters.find("arrears.portfolio.refresh").timer();
            if (refresh != null && refresh.count() > 0) {
                out.printf(Locale.ROOT, "  portfolio gauges read every account view %d times: mean %.0f ms, max of the last two minutes %.0f ms%n",
                        refresh.count(), refresh.mean(TimeUnit.MILLISECONDS), refresh.max(TimeUnit.MILLISECONDS));
            }
            long heapAfter = usedHeapAfterGc();
            out.printf(Locale.ROOT, "  heap in use after a full GC: %.1f MiB before opening, %.1f MiB with %d accounts "
                            + "open and paid (%d bytes an account)%n%n", heapBefore / 1048576.0, heapAfter / 1048576.0,
                    accounts, (heapAfter - heapBefore) / accounts);
        }
    }

    /**
     * The least the HTTP layer costs a request on these cores: the same payments without a key, which
     * Spring Security refuses with 401 before any handler runs (Tomcat, the servlet filters, the
     * problem document, and the client). A payment over HTTP costs at least a gateway payment's CPU
     * ({@code gateway}, ms: the mean of the two gateway phases, whose accounts bracket the HTTP phase's
     * in length) and this more, so while the cores are the bound, HTTP over the gateway can be at most
     * their ratio. The refused requests run twice, the first time unmeasured: the warm-up sent none.
     */
    private void reportHttpFloor(LedgerPayments pay, double gateway, int accounts, int payments, int threads,
                                 Duration limit) throws Exception {
        load(payments, threads, limit, i -> pay.refusedOverHttp(id(i % accounts), "REFUSED-" + i));
        LoadPhase refused = load(payments, threads, limit, i -> pay.refusedOverHttp(id(i % accounts), "REFUSED-" + i));
        report("the same payment without a key: 401 (loopback)", refused);
        double floor = refused.cpuEach();
        out.printf(Locale.ROOT, "    of a refused request's CPU, the client %.2f ms; HTTP over the gateway at most "
                        + "%.2f / (%.2f + %.2f) = %.2f while the cores are the bound%n",
                refused.loadCpuEach(), gateway, gateway, floor, gateway / (gateway + floor));
    }

    /**
     * The ledger's work on accounts of its own, unmeasured, until the JIT has compiled what the phases
     * run: openings, then rounds until the compilers take less than {@link #JIT_SETTLED} of a round's
     * CPU or {@code most} has passed. A round opens a few more accounts, pays for
     * {@link #WARM_UP_ROUND} through the gateway and over HTTP at once (each thread alternating), and
     * runs an accrual of one more evening. On 2 cores C2 needs minutes of this load: many methods run
     * once or a few times a payment and reach its thresholds slowly. Both kinds of payment run at once
     * because HotSpot drops a method from C2's queue once it has not run for 50 ms
     * ({@code TieredCompileTaskTimeout}): with a half round of each kind, the HTTP layer's methods
     * waited in the queue behind the store's busier ones, left it during each gateway half, and were
     * still C1's profiling code when the HTTP phase began. The openings keep opening's events in the
     * type profiles the phases' payments meet.
     */
    private void warmUp(CommandGateway gateway, LedgerPayments pay, PortfolioAccrual accrual, LocalDate today,
                        int threads, Duration most) throws Exception {
        ProcessCost before = ProcessCost.now();
        long started = System.nanoTime();
        long deadline = started + most.toNanos();
        LoadPhase opening = load(WARM_UP_ACCOUNTS, threads, most, i -> gateway.sendAndWait(opening(warmUpId(i), i,
                today)));
        int opened = WARM_UP_ACCOUNTS;
        // Payment ids go on from round to round: a round's threads do not stop at the same index.
        AtomicLong paymentIds = new AtomicLong();
        AtomicLong bus = new AtomicLong();
        AtomicLong overHttp = new AtomicLong();
        int rounds = 0;
        double jitShare = 1;
        while (jitShare >= JIT_SETTLED && System.nanoTime() < deadline) {
            ProcessCost round = ProcessCost.now();
            int first = opened;
            load(threads, threads, most, i -> gateway.sendAndWait(opening(warmUpId(first + i), first + i, today)));
            opened += threads;
            int accounts = opened;
            load(Integer.MAX_VALUE, threads, WARM_UP_ROUND, i -> {
                AccountId account = warmUpId(i % accounts);
                String paymentId = "WARM-" + paymentIds.getAndIncrement();
                if (i / threads % 2 == 0) {
                    pay.throughGateway(account, paymentId);
                    bus.incrementAndGet();
                } else {
                    pay.overHttp(account, paymentId);
                    overHttp.incrementAndGet();
                }
            });
            // The accounts opened 30 days ago: each round posts the next evening, until the day before.
            accrue(accrual, today.minusDays(Math.max(1, 29 - rounds)));
            ProcessCost.Spent spent = round.since();
            jitShare = spent.jitMillis() / Math.max(1.0, spent.cpuMillis());
            rounds++;
        }
        out.printf(Locale.ROOT, "  warm-up on accounts of its own: %d opened, then %d rounds of %d s (%d more opened, "
                        + "%d payments through the gateway and %d over HTTP at once, an accrual run each) in %.1f s; "
                        + "JIT compiling %.1f s, %.0f %% of the last round's CPU%s%n", opening.operations(), rounds,
                WARM_UP_ROUND.toSeconds(), opened - WARM_UP_ACCOUNTS, bus.get(), overHttp.get(),
                (System.nanoTime() - started) / 1e9, before.since().jitMillis() / 1000.0, 100 * jitShare,
                jitShare < JIT_SETTLED ? "" : " (not settled within --warm-up)");
    }

    private static OpenAccount opening(AccountId id, int i, LocalDate today) {
        return new OpenAccount(id, "B-" + id.value(), "HUABEI", "CNY", today.minusDays(30), today.minusDays(30),
                new Balance(10_000_000, 0, 0, 0, 0), new Terms(5, 3, PenaltyBase.PRINCIPAL, 2_400,
                Terms.DEFAULT_WATERFALL), new Borrower("Borrower " + i, "+86138" + i, null, null, "Asia/Shanghai"));
    }

    /**
     * The store's capacity, the baseline: single-document inserts into the embedded store on H2 in
     * {@code dir} (the ledger's default) before the ledger runs, after a warm-up of the same, from one
     * thread and from {@code threads} at once; the faster of the two. The store serializes its writes,
     * so one thread is often the faster.
     */
    private LoadPhase rawInserts(Path dir, int threads) throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dir, ProjectionCatalog.viewsFile());
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> scratch = client.getDatabase("arrears").getCollection("bench_raw_inserts");
            AtomicInteger next = new AtomicInteger();
            load(Integer.MAX_VALUE, threads, RAW_INSERTS_WARM_UP, i -> scratch.insertOne(rawDocument(next.getAndIncrement())));
            LoadPhase one = load(Integer.MAX_VALUE, 1, RAW_INSERTS, i -> scratch.insertOne(rawDocument(next.getAndIncrement())));
            report("raw single-document inserts, 1 thread", one);
            LoadPhase many = load(Integer.MAX_VALUE, threads, RAW_INSERTS,
                    i -> scratch.insertOne(rawDocument(next.getAndIncrement())));
            report("raw single-document inserts, " + threads + " threads", many);
            return one.rate() >= many.rate() ? one : many;
        }
    }

    /** A document the size of a payment's fields. */
    private static Document rawDocument(int i) {
        return new Document("_id", i).append("accountId", id(i % 1000).value()).append("paymentId", "RAW-" + i)
                .append("amountMinor", 100L).append("valueDate", "2026-12-01").append("channel", "ALIPAY");
    }

    /**
     * The portfolio accrual run for {@code asOf} over every account, as the nightly schedule starts it:
     * its accounts and how long it took (it has no latencies of its own to report).
     */
    private LoadPhase accrue(PortfolioAccrual accrual, LocalDate asOf) {
        long started = System.nanoTime();
        ProcessCost before = ProcessCost.now();
        accrual.start(asOf, "bench");
        AccrualRun run = accrual.find(asOf).orElseThrow();
        while (!run.done()) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            run = accrual.find(asOf).orElseThrow();
        }
        if (run.failed() > 0) {
            throw new IllegalStateException("the accrual run failed for " + run.failed() + " accounts");
        }
        return new LoadPhase(run.accounts(), (System.nanoTime() - started) / 1e9, 0, 0, before.since(), 0);
    }

    /** How long after the phase the projections had handled every event it stored. */
    private void reportCatchUp(LedgerMetrics metrics) {
        long started = System.nanoTime();
        long deadline = started + CATCH_UP_MAX.toNanos();
        while (!metrics.allCaughtUp()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the projections did not catch up within " + CATCH_UP_MAX);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        out.printf(Locale.ROOT, "    projections caught up %.2f s after the phase%n", (System.nanoTime() - started) / 1e9);
    }

    private static AccountId id(int i) {
        return new AccountId("E2E-%06d".formatted(i));
    }

    private static AccountId warmUpId(int i) {
        return new AccountId("WARM-%06d".formatted(i));
    }

    private LoadPhase load(int count, int threads, Duration limit, LoadPhase.Work work) throws Exception {
        return LoadPhase.run(count, threads, limit, progress, work);
    }

    private void report(String what, LoadPhase phase) {
        out.println(phase.line(what));
    }

    /**
     * The heap in use after a full collection, which leaves the heap as large as it was. G1 gives
     * memory back after a full collection (all but MaxHeapFreeRatio of it free); the phase after it
     * grew the heap again into memory the system handed it a page at a time, and all 16 clients
     * slowed at once for its first seconds (a probe: the slow payments not in a pause came in bursts,
     * right after each of the heap's expansions). That is this bench's doing, not the ledger's.
     */
    private static long usedHeapAfterGc() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String freeRatio = vm.getVMOption(MAX_HEAP_FREE_RATIO).getValue();
        vm.setVMOption(MAX_HEAP_FREE_RATIO, "100");
        try {
            System.gc();
        } finally {
            vm.setVMOption(MAX_HEAP_FREE_RATIO, freeRatio);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
