package io.arrears.infra.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a load did: how many operations in how long, their latencies, and what it cost the process;
 * {@link #run} makes one.
 *
 * @param loadCpuNanos the CPU time of the load's own threads (over HTTP, the client's)
 */
record LoadPhase(long operations, double seconds, long p50Micros, long p99Micros, ProcessCost.Spent spent,
                 long loadCpuNanos) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    interface Work {
        void run(int i) throws Exception;
    }

    /**
     * Runs {@code count} pieces of work on {@code threads} threads, thread t taking t, t + threads, ...,
     * until they are done or {@code limit} has passed; every 500 done, a line on {@code progress}.
     */
    static LoadPhase run(int count, int threads, Duration limit, PrintStream progress, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong done = new AtomicLong();
        AtomicLong loadCpu = new AtomicLong();
        long started = System.nanoTime();
        ProcessCost cost = ProcessCost.now();
        long deadline = started + limit.toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            futures.add(pool.submit(() -> {
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                for (int i = first; i < count && System.nanoTime() < deadline; i += threads) {
                    long before = System.nanoTime();
                    work.run(i);
                    latencies.add((System.nanoTime() - before) / 1_000);
                    if (done.incrementAndGet() % 500 == 0) {
                        progress.printf("  %d done%n", done.get());
                    }
                }
                loadCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuBefore);
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ProcessCost.Spent spent = cost.since();
        pool.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new LoadPhase(sorted.length, seconds, sorted[sorted.length / 2], sorted[Math.min(sorted.length - 1,
                sorted.length * 99 / 100)], spent, loadCpu.get());
    }

    double rate() {
        return operations / seconds;
    }

    /** The process's CPU an operation, in ms. */
    double cpuEach() {
        return spent.cpuMillis() / operations;
    }

    /** The load's own threads' CPU an operation, in ms. */
    double loadCpuEach() {
        return loadCpuNanos / 1e6 / operations;
    }

    /** The phase in one line of the report, under the name {@code what}. */
    String line(String what) {
        String latencies = p99Micros == 0 ? "" : String.format(Locale.ROOT, ", p50 %6.1f ms, p99 %6.1f ms",
                p50Micros / 1000.0, p99Micros / 1000.0);
        return String.format(Locale.ROOT, "  %-42s %6d in %6.1f s: %6.0f/s%s, CPU %.2f ms (JIT %.2f), %.0f KB "
                        + "allocated each", what, operations, seconds, rate(), latencies, cpuEach(),
                spent.jitMillis() / (double) operations, spent.allocatedBytes() / 1024.0 / operations);
    }
}
