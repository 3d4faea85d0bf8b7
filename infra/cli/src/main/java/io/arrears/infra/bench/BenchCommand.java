package io.arrears.infra.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code java -jar arrears.jar bench [e2e | index]}: prints figures and ratios, asserts nothing. */
@Command(name = "bench", sortOptions = false,
        description = {"Measures the event store (bench), the ledger end to end (bench e2e) or one long account "
                + "(bench index); prints figures and ratios, asserts nothing.",
                "bench alone measures the event store on the embedded server (memory, then H2 in a temporary directory): "
                + "first time travel on an account of 10,000 events, then appends from one thread and from 8 at once, "
                + "read-back and rebuild with N accounts of C commits of two events each, each R rounds after a "
                + "warm-up; prints medians and the ratios of docs/BENCHMARKS.md. Axon's engine reads back for at most "
                + "30 s a round (its read slows as the store grows), its rate then over what it read."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured", "1:a benchmark failed", "2:usage: an unknown or bad option"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    private boolean help;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "500", description = "1 to 100000 (default 500).")
    private int accounts;

    @Option(names = "--commits", paramLabel = "C", defaultValue = "10", description = "1 to 1000 (default 10).")
    private int commits;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "3", description = "1 to 20 (default 3).")
    private int rounds;

    @Option(names = "--backend", paramLabel = "memory|h2|both", defaultValue = "both",
            description = "Which store backend to measure (default both).")
    private Backend backend;

    /** The embedded store's backends a benchmark runs on. */
    enum Backend {
        MEMORY, H2, BOTH;

        boolean memory() {
            return this != H2;
        }

        boolean h2() {
            return this != MEMORY;
        }
    }

    private final PrintStream out;
    private final PrintStream err;

    public BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        within(null, "--accounts", accounts, 1, 100_000);
        within(null, "--commits", commits, 1, 1_000);
        within(null, "--rounds", rounds, 1, 20);
        new StoreBenchmark(out, err, accounts, commits, rounds).run(backend.memory(), backend.h2());
        return 0;
    }

    @Command(name = "e2e", sortOptions = false, description = {"Starts the ledger in this process on an H2 store in "
            + "a temporary directory, opens N accounts, then records payments through the command gateway, over "
            + "HTTP from a loopback load generator and through the gateway again, each phase at most P payments or "
            + "S seconds, on T threads, then the same payments without a key (refused: the HTTP layer's least "
            + "cost); prints rates, p50/p99 latencies, store commands per payment and the heap in use."})
    int endToEnd(@Option(names = "--accounts", paramLabel = "N", defaultValue = "500",
                         description = "1 to 1000000 (default 500).") int accounts,
                 @Option(names = "--payments", paramLabel = "P", defaultValue = "5000",
                         description = "A phase's payments, 1 to 10000000 (default 5000).") int payments,
                 @Option(names = "--threads", paramLabel = "T", defaultValue = "8",
                         description = "1 to 256 (default 8).") int threads,
                 @Option(names = "--seconds", paramLabel = "S", defaultValue = "60",
                         description = "A phase's longest run, 1 to 3600 (default 60).") int seconds,
                 @Option(names = "--warm-up", paramLabel = "W", defaultValue = "300",
                         description = "At most W seconds of the ledger's work on accounts of its own before the "
                                 + "phases (100, and T more each round), in rounds of payments through the gateway and "
                                 + "over HTTP at once until the JIT's compilers take under a tenth of a round's CPU; "
                                 + "0 to 900 (default 300; 0: a cold JVM).") int warmUp,
                 @Option(names = "--keep-data", description = "Keep the ledger's data directory and print where it "
                         + "is (deleted otherwise).") boolean keepData)
            throws Exception {
        within("e2e", "--accounts", accounts, 1, 1_000_000);
        within("e2e", "--payments", payments, 1, 10_000_000);
        within("e2e", "--threads", threads, 1, 256);
        within("e2e", "--seconds", seconds, 1, 3_600);
        within("e2e", "--warm-up", warmUp, 0, 900);
        // The JVM's own options too: -XX:TieredStopAtLevel=1 (C1 only) changes every figure.
        String jvm = String.join(" ", System.getProperty("java.version"),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())).strip();
        out.printf("End to end: %d accounts, at most %d payments or %d s a phase, %d threads; JVM %s, %d processors%n",
                accounts, payments, seconds, threads, jvm, Runtime.getRuntime().availableProcessors());
        new EndToEndBenchmark(out, err).run(accounts, payments, threads, Duration.ofSeconds(seconds),
                Duration.ofSeconds(warmUp), keepData);
        return 0;
    }

    @Command(name = "index", sortOptions = false, description = {"Grows one account to 1,000, 10,000 and 100,000 "
            + "commits (each length ten times the one before, up to C) and at each length times an append, a load "
            + "from a snapshot and verifying the account."})
    int index(@Option(names = "--commits", paramLabel = "C", defaultValue = "100000",
                      description = "The longest account, 1000 to 1000000 (default 100000).") int commits,
              @Option(names = "--backend", paramLabel = "memory|h2|both", defaultValue = "both",
                      description = "Which store backend to measure (default both).") Backend backend)
            throws Exception {
        within("index", "--commits", commits, 1_000, 1_000_000);
        List<Integer> lengths = new ArrayList<>();
        for (int length = 1_000; length <= commits; length *= 10) {
            lengths.add(length);
        }
        new IndexBenchmark(out, err).run(lengths, backend.memory(), backend.h2());
        return 0;
    }

    /** Refuses a value out of its range, with the help of {@code subcommand} (null: bench itself). */
    private void within(String subcommand, String name, int value, int min, int max) {
        if (value < min || value > max) {
            CommandLine line = subcommand == null ? spec.commandLine()
                    : spec.commandLine().getSubcommands().get(subcommand);
            throw new ParameterException(line, name + " must be from " + min + " to " + max);
        }
    }
}
