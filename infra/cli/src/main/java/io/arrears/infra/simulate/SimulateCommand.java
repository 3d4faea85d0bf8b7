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

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code java -jar arrears.jar simulate --accounts N --days D --seed S}: runs the ledger in this
 * process on the service's store settings (so a service started afterwards on the same data shows the
 * portfolio), simulates the D days up to yesterday (or --until), waits for the read models, and prints the
 * portfolio reports as the report endpoints answer them.
 */
public final class SimulateCommand {

    static final String USAGE = """
            usage: java -jar arrears.jar simulate --accounts N --days D --seed S [options] [--spring.property=value ...]

            Simulates a collections portfolio through the ledger's real command path, in this process, on
            the same store as the service (ARREARS_DATA_DIR, default ./data, or ARREARS_MONGODB_URI); the
            ledger must not be running on the embedded store at the same time. The simulated days end
            yesterday. The same seed gives the same portfolio and the same reports.

              --accounts N       accounts handed over during the period (1 to 100000)
              --days D           days simulated (1 to 730)
              --seed S           the random seed (a whole number, 0 or more); account ids are SIM-<seed>-<n>
              --threads T        accounts worked at once (default 8)
              --accrual-every K  the nightly accrual runs every K days and on each month end (default 7;
                                 every payment posts the evenings before it in any case)
              --until DATE       the last simulated day (default: yesterday in the ledger's time zone)
            exit codes: 0 done, 2 bad arguments or this seed already simulated into this store
            """;

    private final PrintStream out;
    private final PrintStream err;

    public SimulateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    record Options(int accounts, int days, long seed, int threads, int accrualEvery, LocalDate until,
                   List<String> springArgs) {
    }

    public int run(List<String> args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options == null) {
            out.print(USAGE);
            return 0;
        }
        SimulationClock clock = new SimulationClock(Instant.now());
        Clock eventClock = GenericEventMessage.clock;
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ArrearsApplication.class)
                .web(WebApplicationType.NONE)
                .properties("arrears.accrual.schedule-enabled=false", "logging.level.root=ERROR")
                .initializers(c -> c.getBeanFactory().registerSingleton("simulationClock", clock))
                .run(options.springArgs().toArray(String[]::new))) {
            LedgerClock ledgerClock = context.getBean(LedgerClock.class);
            LocalDate yesterday = LocalDate.ofInstant(Instant.now(), ledgerClock.zone()).minusDays(1);
            if (options.until() != null && options.until().isAfter(yesterday)) {
                err.println("simulate: --until may not be after yesterday, " + yesterday);
                return 2;
            }
            LocalDate lastDay = options.until() == null ? yesterday : options.until();
            String first = "SIM-%d-%06d".formatted(options.seed(), 1);
            if (context.getBean(MongoCommitEventStorageEngine.class).lastSequenceNumberFor(first).isPresent()) {
                err.println("simulate: seed " + options.seed() + " is already simulated into this store (" + first
                        + " exists); choose another --seed or data directory");
                return 2;
            }
            // Events are stamped with the simulated moment they happen, as the ledger's clock is.
            GenericEventMessage.clock = clock;
            PortfolioSimulation simulation = new PortfolioSimulation(context.getBean(CommandGateway.class), clock,
                    ledgerClock.zone(), new PortfolioSimulation.Settings(options.accounts(), options.days(),
                    options.seed(), options.threads(), options.accrualEvery()));
            long started = System.nanoTime();
            PortfolioSimulation.Result result = simulation.run(lastDay, this::progress);
            long simulatedMillis = (System.nanoTime() - started) / 1_000_000;
            err.println();
            awaitReadModels(context.getBean(LedgerMetrics.class));
            long caughtUpMillis = (System.nanoTime() - started) / 1_000_000;
            out.printf(Locale.ROOT, "Simulated %d accounts over %d days (%s to %s), seed %d: %d commands in %.1f s "
                            + "(%d a second, answered in %.1f ms p50, %.1f ms p99); read models caught up after %.1f s."
                            + "%n", options.accounts(), options.days(), result.firstDay(), result.lastDay(),
                    options.seed(), result.commands(), simulatedMillis / 1000.0,
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

    static Options parse(List<String> args) {
        Integer accounts = null;
        Integer days = null;
        Long seed = null;
        int threads = 8;
        int accrualEvery = 7;
        LocalDate until = null;
        List<String> springArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (arg.startsWith("--") && arg.contains("=")) {
                springArgs.add(arg);
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("unknown argument or missing value: " + arg);
            }
            String value = args.get(++i);
            switch (arg) {
                case "--accounts" -> accounts = number(arg, value, 1, 100_000);
                case "--days" -> days = number(arg, value, 1, 730);
                case "--seed" -> seed = seed(value);
                case "--threads" -> threads = number(arg, value, 1, 64);
                case "--accrual-every" -> accrualEvery = number(arg, value, 1, 31);
                case "--until" -> until = date(arg, value);
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        if (accounts == null || days == null || seed == null) {
            throw new IllegalArgumentException("--accounts, --days and --seed are required");
        }
        return new Options(accounts, days, seed, threads, accrualEvery, until, springArgs);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date such as 2026-06-30");
        }
    }

    private static long seed(String value) {
        try {
            long seed = Long.parseLong(value);
            if (seed >= 0) {
                return seed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("--seed must be a whole number, 0 or more");
    }
}
