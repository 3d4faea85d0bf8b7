package io.arrears.infra.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What this process had spent at one moment, to tell what a benchmark's phase cost: its CPU time,
 * the part of it the JIT's compilers took, and the bytes each live thread had allocated.
 */
final class ProcessCost {

    /** Linux's USER_HZ, the unit of a thread's times in /proc. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /**
     * What was spent between two moments.
     *
     * @param cpuMillis      the CPU time of the whole process: the store's server and the projections
     *                       included. Per operation it moves less than a rate does when the machine's
     *                       speed drifts
     * @param jitMillis      the CPU time of the JIT's compilers, part of {@code cpuMillis}
     * @param allocatedBytes what the process's threads allocated (those still running at the end). It
     *                       hardly moves with the machine's speed, so it is what an A/B of a change that
     *                       removes work compares first
     */
    record Spent(double cpuMillis, long jitMillis, long allocatedBytes) {
    }

    private final long cpuNanos;
    private final long jitMillis;
    private final Map<Long, Long> allocatedByThread;

    private ProcessCost(long cpuNanos, long jitMillis, Map<Long, Long> allocatedByThread) {
        this.cpuNanos = cpuNanos;
        this.jitMillis = jitMillis;
        this.allocatedByThread = allocatedByThread;
    }

    static ProcessCost now() {
        return new ProcessCost(cpuNanos(), jitMillis(), allocatedByThread());
    }

    /** What was spent from this moment until now; a thread that ended meanwhile is not counted. */
    Spent since() {
        long allocated = 0;
        for (Map.Entry<Long, Long> thread : allocatedByThread().entrySet()) {
            allocated += thread.getValue() - allocatedByThread.getOrDefault(thread.getKey(), 0L);
        }
        return new Spent((cpuNanos() - cpuNanos) / 1e6, jitMillis() - jitMillis, allocated);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The CPU time of the JIT's compiler threads so far, in ms: from Linux's {@code /proc} (the JVM
     * itself tells only their elapsed time, which on busy cores is several times their CPU time);
     * elsewhere 0.
     */
    private static long jitMillis() {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name = Files.readString(task.resolve("comm"));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    String stat = Files.readString(task.resolve("stat"));
                    // After the name in parentheses: state is field 3, utime 14 and stime 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    /** The bytes each live thread has allocated so far, by thread id. */
    private static Map<Long, Long> allocatedByThread() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }
}
