package io.arrears.microbench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar infra/microbench/target/microbench.jar [JMH options]}: runs the microbenchmarks
 * (by default all, one fork, 3 warm-up and 5 measured iterations of 1 s), then prints each figure
 * against its baseline from the same run: the ledger of a 30-day account, a bare HMAC-SHA-256.
 * JMH's own options (-f, -wi, -i, -p days=..., a benchmark's name) override the defaults.
 */
public final class MicroBench {

    private MicroBench() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions given = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(given);
        if (given.getIncludes().isEmpty()) {
            options.include(MicroBench.class.getPackageName() + ".");
        }
        if (!given.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!given.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!given.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!given.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!given.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        ratios(new Runner(options.build()).run(), System.out);
    }

    /** Each result over its baseline's, where the baseline ran, to {@code out} after JMH's own table. */
    private static void ratios(Collection<RunResult> results, PrintStream out) {
        Map<String, Double> scores = new TreeMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            String days = result.getParams().getParam("days");
            scores.put(days == null ? name : name + " days=" + days, result.getPrimaryResult().getScore());
        }
        out.println();
        out.println("Against the baseline of this run (us/op over us/op):");
        scores.forEach((name, score) -> {
            String baseline = name.startsWith("LedgerBenchmark.") ? "LedgerBenchmark.compute days=30"
                    : name.startsWith("EventBenchmark.") ? "EventBenchmark.hmacAlone" : null;
            Double base = baseline == null ? null : scores.get(baseline);
            if (base != null && !baseline.equals(name)) {
                out.printf(Locale.ROOT, "  %-36s %10.3f us  %7.1fx %s%n", name, score, score / base, baseline);
            }
        });
    }
}
