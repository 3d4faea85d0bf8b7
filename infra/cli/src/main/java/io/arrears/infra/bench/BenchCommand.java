package io.arrears.infra.bench;

import java.io.PrintStream;
import java.util.List;

/** {@code java -jar arrears.jar bench [--accounts N] [--commits C] [--rounds R]}: prints figures, asserts nothing. */
public final class BenchCommand {

    static final String USAGE = """
            usage: java -jar arrears.jar bench [--accounts N] [--commits C] [--rounds R] [--backend memory|h2|both]
                   java -jar arrears.jar bench e2e [--accounts N] [--payments P] [--threads T] [--seconds S]
                   java -jar arrears.jar bench index [--commits C] [--backend memory|h2|both]

            Measures the event store on the embedded server (memory, then H2 in a temporary directory):
            first time travel on an account of 10,000 events, then appends from one thread and from 8 at
            once, read-back and rebuild with N accounts of C commits of two events each (default 500 and
            10: 10,000 events), each R rounds after a warm-up (default 3); prints medians and the ratios of
            docs/BENCHMARKS.md. Axon's engine reads back for at most 30 s a round (its read slows as the
            store grows), its rate then over what it read. --backend picks one of the two (default both).

            bench e2e starts the ledger in this process on an H2 store in a temporary directory, opens N
            accounts (default 500), then records payments through the command gateway and over HTTP from a
            loopback load generator, each phase at most P payments (default 5000) or S seconds (default 60),
            on T threads (default 8), and prints rates, p50/p99 latencies and the heap in use.

            bench index grows one account to 1,000, 10,000 and 100,000 commits (C, default 100000, is the
            largest; each length ten times the one before) and at each length times an append, a load
            from a snapshot and verifying the account.
                        """;

    private BenchCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (!args.isEmpty() && args.get(0).equals("e2e")) {
            return endToEnd(args.subList(1, args.size()), out, err);
        }
        if (!args.isEmpty() && args.get(0).equals("index")) {
            return index(args.subList(1, args.size()), out, err);
        }
        int accounts = 500;
        int commits = 10;
        int rounds = 3;
        String backend = "both";
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--help")) {
                    out.print(USAGE);
                    return 0;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("unknown argument or missing value: " + arg);
                }
                if (arg.equals("--backend")) {
                    backend = backend(args.get(++i));
                    continue;
                }
                int value = Integer.parseInt(args.get(++i));
                switch (arg) {
                    case "--accounts" -> accounts = within(arg, value, 1, 100_000);
                    case "--commits" -> commits = within(arg, value, 1, 1_000);
                    case "--rounds" -> rounds = within(arg, value, 1, 20);
                    default -> throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        new StoreBenchmark(out, err, accounts, commits, rounds).run(!backend.equals("h2"), !backend.equals("memory"));
        return 0;
    }

    private static int endToEnd(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int accounts = 500;
        int payments = 5_000;
        int threads = 8;
        int seconds = 60;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("unknown argument or missing value: " + arg);
                }
                int value = Integer.parseInt(args.get(++i));
                switch (arg) {
                    case "--accounts" -> accounts = within(arg, value, 1, 1_000_000);
                    case "--payments" -> payments = within(arg, value, 1, 10_000_000);
                    case "--threads" -> threads = within(arg, value, 1, 256);
                    case "--seconds" -> seconds = within(arg, value, 1, 3_600);
                    default -> throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("bench e2e: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        out.printf("End to end: %d accounts, at most %d payments or %d s a phase, %d threads; JVM %s, %d processors%n",
                accounts, payments, seconds, threads, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        new EndToEndBenchmark(out, err).run(accounts, payments, threads, java.time.Duration.ofSeconds(seconds));
        return 0;
    }

    private static int index(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int commits = 100_000;
        String backend = "both";
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("unknown argument or missing value: " + arg);
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--commits" -> commits = within(arg, Integer.parseInt(value), 1_000, 1_000_000);
                    case "--backend" -> backend = backend(value);
                    default -> throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("bench index: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        List<Integer> lengths = new java.util.ArrayList<>();
        for (int length = 1_000; length <= commits; length *= 10) {
            lengths.add(length);
        }
        new IndexBenchmark(out, err).run(lengths, !backend.equals("h2"), !backend.equals("memory"));
        return 0;
    }

    private static String backend(String value) {
        if (!List.of("memory", "h2", "both").contains(value)) {
            throw new IllegalArgumentException("--backend must be memory, h2 or both");
        }
        return value;
    }

    private static int within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max);
        }
        return value;
    }
}
