package io.arrears.infra.simulate;

import io.arrears.command.account.LedgerClock;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.axon.LedgerMetrics;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.query.report.PortfolioReports;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code java -jar arrears.jar simulate --accounts N --days D --seed S}: runs the ledger in this
 * process on the service's store settings (so a service started afterwards on the same data shows the
 * portfolio), simulates the D days up to yesterday (or --until), waits for the read models, and prints the
 * portfolio reports as the report endpoints answer them.
 */
@Command(name = "simulate", sortOptions = false,
        description = {"Simulates a collections portfolio through the ledger and prints its reports.",
                "It drives the ledger's real command path, in this process, on the same store as the service (ARREARS_DATA_DIR, default ./data, or ARREARS_MONGODB_URI); the "
                + "ledger must not be running on the embedded store at the same time. The simulated days end "
                + "yesterday. The same seed gives the same portfolio and the same reports.",
                "Arguments of the form --spring.property=value go to the ledger it runs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the ledger failed to start or its read models did not catch up",
                "2:bad arguments, or this seed already simulated into this store"})
public final class SimulateCommand implements Callable<Integer> {

    private static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Option(names = "--accounts", required = true, paramLabel = "N",
            description = "Accounts handed over during the period (1 to 100000).")
    private int accounts;

    @Option(names = "--days", required = true, paramLabel = "D", description = "Days simulated (1 to 730).")
    private int days;

    @Option(names = "--seed", required = true, paramLabel = "S",
            description = "The random seed (a whole number, 0 or more); account ids are SIM-<seed>-<n>.")
    private long seed;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "8",
            description = "Accounts worked at once (1 to 64, default 8).")
    private int threads;

    @Option(names = "--accrual-every", paramLabel = "K", defaultValue = "7",
            description = "The nightly accrual runs every K days and on each month end (1 to 31, default 7; every "
                    + "payment posts the evenings before it in any case).")
    private int accrualEvery;

    @Option(names = "--until", paramLabel = "DATE",
            description = "The last simulated day, such as 2026-06-30 (default: yesterday in the ledger's time zone).")
    private LocalDate until;

    @Unmatched
    private List<String> springArgs = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    public SimulateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        within("--accounts", accounts, 1, 100_000);
        within("--days", days, 1, 730);
        within("--threads", threads, 1, 64);
        within("--accrual-every", accrualEvery, 1, 31);
        if (seed < 0) {
            throw new ParameterException(spec.commandLine(), "--seed must be a whole number, 0 or more");
        }
        for (String arg : springArgs) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new ParameterException(spec.commandLine(), "unknown argument: " + arg);
            }
        }
        SimulationClock clock = new SimulationClock(Instant.now());
        Clock eventClock = GenericEventMessage.clock;
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ArrearsApplication.class)
                .web(WebApplicationType.NONE)
                .properties("arrears.accrual.schedule-enabled=false", "logging.level.root=ERROR")
                .initializers(c -> c.getBeanFactory().registerSingleton("simulationClock", clock))
                .run(springArgs.toArray(String[]::new))) {
            LedgerClock ledgerClock = context.getBean(LedgerClock.class);
            LocalDate yesterday = LocalDate.ofInstant(Instant.now(), ledgerClock.zone()).minusDays(1);
            if (until != null && until.isAfter(yesterday)) {
                err.println("simulate: --until may not be after yesterday, " + yesterday);
                return USAGE;
            }
            LocalDate lastDay = until == null ? yesterday : until;
            String first = "SIM-%d-%06d".formatted(seed, 1);
            if (context.getBean(MongoCommitEventStorageEngine.class).lastSequenceNumberFor(first).isPresent()) {
                err.println("simulate: seed " + seed + " is already simulated into this store (" + first
                        + " exists); choose another --seed or data directory");
                return USAGE;
            }
            // Events are stamped with the simulated moment they happen, as the ledger's clock is.
            GenericEventMessage.clock = clock;
            PortfolioSimulation simulation = new PortfolioSimulation(context.getBean(CommandGateway.class), clock,
                    ledgerClock.zone(), new PortfolioSimulation.Settings(accounts, days, seed, threads, accrualEvery));
            long started = System.nanoTime();
            PortfolioSimulation.Result result = simulation.run(lastDay, this::progress);
            long simulatedMillis = (System.nanoTime() - started) / 1_000_000;
            err.println();
            awaitReadModels(context.getBean(LedgerMetrics.class));
            long caughtUpMillis = (System.nanoTime() - started) / 1_000_000;
            out.printf(Locale.ROOT, "Simulated %d accounts over %d days (%s to %s), seed %d: %d commands in %.1f s "
                            + "(%d a second, answered in %.1f ms p50, %.1f ms p99); read models caught up after %.1f s."
                            + "%n", accounts, days, result.firstDay(), result.lastDay(), seed, result.commands(), simulatedMillis / 1000.0,
                    result.commands() * 1000 / Math.max(1, simulatedMillis), result.p50Micros() / 1000.0,
                    result.p99Micros() / 1000.0, caughtUpMillis / 1000.0);
            result.rejected().forEach((reason, count) -> out.printf("  refused by the ledger's rules: %s × %d%n",
                    reason, count));
            out.println();
            report(new PortfolioReports(context.getBean(com.mongodb.client.MongoDatabase.class), ledgerClock.zone()),
                    result);
            return 0;
        } finally {
            GenericEventMessage.clock = eventClock;
        }
    }

    private void report(PortfolioReports reports, PortfolioSimulation.Result result) {
        LocalDate asOf = result.lastDay();
        int months = (int) ChronoUnit.MONTHS.between(result.firstDay().withDayOfMonth(1), asOf.withDayOfMonth(1)) + 1;
        LocalDate from = asOf.withDayOfMonth(1);
        out.println("Aging as of " + asOf + "  (GET /api/v1/reports/aging?asOf=" + asOf + ")");
        out.println(TextTable.of(reports.aging(asOf).csv()));
        out.println("Roll rates  (GET /api/v1/reports/roll-rates?asOf=" + asOf + "&months=" + months + ")");
        out.println(TextTable.of(reports.rollRates(asOf, months).csv()));
        out.println("Performance " + from + " to " + asOf + "  (GET /api/v1/reports/performance?from=" + from
                + "&to=" + asOf + ")");
        out.println(TextTable.of(reports.performance(from, asOf).csv()));
        out.println("Contacts " + from + " to " + asOf + "  (GET /api/v1/reports/contacts?from=" + from + "&to=" + asOf
                + ")");
        out.print(TextTable.of(reports.contacts(from, asOf).csv()));
    }

    private void progress(PortfolioSimulation.Progress progress) {
        int width = 30;
        int filled = progress.day() * width / progress.days();
        err.printf(Locale.ROOT, "\r[%s%s] day %d/%d, %d commands, %d refused", "#".repeat(filled),
                ".".repeat(width - filled), progress.day(), progress.days(), progress.commands(), progress.rejected());
        err.flush();
    }

    private void awaitReadModels(LedgerMetrics metrics) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!metrics.allCaughtUp()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the read models did not catch up within 10 minutes");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private void within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), name + " must be a whole number from " + min + " to " + max);
        }
    }
}
