package io.arrears.infra.bench;

import java.io.PrintStream;
import java.util.List;

/** {@code java -jar arrears.jar bench [--accounts N] [--commits C] [--rounds R]}: prints figures, asserts nothing. */
public final class BenchCommand {

    static final String USAGE = """
            usage: java -jar arrears.jar bench [--accounts N] [--commits C] [--rounds R] [--backend memory|h2|both]

            Measures the event store on the embedded server (memory, then H2 in a temporary directory),
            with N accounts of C commits of two events each (default 500 and 10: 10,000 events), R rounds
            after a warm-up (default 3), and prints medians and the ratios of docs/BENCHMARKS.md. --backend
            picks one of the two (default both).
            """;

    private BenchCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
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
                    backend = args.get(++i);
                    if (!List.of("memory", "h2", "both").contains(backend)) {
                        throw new IllegalArgumentException("--backend must be memory, h2 or both");
                    }
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

    private static int within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max);
        }
        return value;
    }
}
