package io.arrears.infra.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * What the ledger asked of its store in a benchmark phase, from the driver's command timers and the
 * event store's append timer: the time waited by command and collection, the appends and how long
 * each took until durable, and the store commands each of the phase's commands cost. Projections
 * and processors are included: they run while the phase does, and catch up a little after it.
 */
final class StoreCounters {

    /** Kinds of store command listed after each phase, most frequent first. */
    private static final int STORE_COMMANDS_SHOWN = 10;
    /** Kinds of store command whose time is listed after each phase, longest first. */
    private static final int STORE_TIMES_SHOWN = 6;

    private final MeterRegistry meters;
    private final PrintStream out;
    private Map<String, Long> commandsBefore;
    private Map<String, Long> microsBefore;
    private long appendsBefore;
    private double appendMillisBefore;

    /** Counts from now on. */
    StoreCounters(MeterRegistry meters, PrintStream out) {
        this.meters = meters;
        this.out = out;
        start();
    }

    /** Prints what the store did for a phase of {@code operations} commands, and counts the next phase from now. */
    void report(long operations) {
        Map<String, Long> waited = since(microsBefore, storeMicros());
        out.printf(Locale.ROOT, "    store time a command: %s%n", waited.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(STORE_TIMES_SHOWN)
                .map(e -> String.format(Locale.ROOT, "%s %.2f ms", e.getKey(), e.getValue() / 1000.0 / operations))
                .collect(Collectors.joining(", ")));
        Timer appends = meters.find("arrears.eventstore.append").timer();
        if (appends != null) {
            long count = appends.count() - appendsBefore;
            double millis = appends.totalTime(TimeUnit.MILLISECONDS) - appendMillisBefore;
            out.printf(Locale.ROOT, "    appends: %d, %.1f ms each until durable%n", count, millis / Math.max(1, count));
        }
        Map<String, Long> commands = since(commandsBefore, storeCommands());
        long total = commands.values().stream().mapToLong(Long::longValue).sum();
        String frequent = commands.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(STORE_COMMANDS_SHOWN)
                .map(entry -> String.format(Locale.ROOT, "%s %.1f", entry.getKey(), entry.getValue() / (double) operations))
                .collect(Collectors.joining(", "));
        out.printf(Locale.ROOT, "    store commands a command: %.1f (%s)%n", total / (double) operations, frequent);
        start();
    }

    private void start() {
        commandsBefore = storeCommands();
        microsBefore = storeMicros();
        Timer appends = meters.find("arrears.eventstore.append").timer();
        if (appends != null) {
            appendsBefore = appends.count();
            appendMillisBefore = appends.totalTime(TimeUnit.MILLISECONDS);
        }
    }

    private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> now) {
        Map<String, Long> delta = new HashMap<>();
        now.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0L)));
        return delta;
    }

    /** Commands the ledger has sent its store so far, by command and collection. */
    private Map<String, Long> storeCommands() {
        return byCommand(Timer::count);
    }

    /** The time the ledger has waited on its store so far, in microseconds, by command and collection. */
    private Map<String, Long> storeMicros() {
        return byCommand(timer -> (long) timer.totalTime(TimeUnit.MICROSECONDS));
    }

    /** A figure of the driver's command timers so far, summed by command and collection. */
    private Map<String, Long> byCommand(ToLongFunction<Timer> figure) {
        Map<String, Long> sums = new HashMap<>();
        for (Timer timer : meters.find("mongodb.driver.commands").timers()) {
            sums.merge(timer.getId().getTag("command") + " " + timer.getId().getTag("collection"),
                    figure.applyAsLong(timer), Long::sum);
        }
        return sums;
    }
}
