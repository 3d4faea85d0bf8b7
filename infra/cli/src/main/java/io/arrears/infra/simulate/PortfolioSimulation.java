package io.arrears.infra.simulate;

import io.arrears.kernel.audit.AuditMetadata;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.audit.Role;
import io.arrears.kernel.rejection.InvalidField;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.RuleViolation;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Drives a portfolio through the ledger's command bus day by day: on each simulated day every
 * account lives its day (on worker threads, each account's commands in order), then the nightly
 * accrual posts the day's evening on every open account. The ledger's clock is the simulation's,
 * standing at the end of the day, so the ledger sees each day as today.
 */
final class PortfolioSimulation {

    private static final Caller SIMULATOR = new Caller("simulator", Role.SERVICE, "arrears-simulator");

    /**
     * @param accrualEvery the nightly accrual runs every this many days, and on every month end and
     *                     the last day (facts post the evenings before them whenever they come)
     */
    record Settings(int accounts, int days, long seed, int threads, int accrualEvery) {
    }

    /** Where the simulation stands after a day. */
    record Progress(int day, int days, long commands, long rejected) {
    }

    /** @param p50Micros and {@code p99Micros}: how long the ledger took to answer a command */
    record Result(LocalDate firstDay, LocalDate lastDay, long commands, Map<String, Long> rejected, long p50Micros,
                  long p99Micros) {
    }

    private final CommandGateway commandGateway;
    private final SimulationClock clock;
    private final ZoneId zone;
    private final Settings settings;
    private final LongAdder commands = new LongAdder();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final Queue<Long> latencies = new ConcurrentLinkedQueue<>();

    PortfolioSimulation(CommandGateway commandGateway, SimulationClock clock, ZoneId zone, Settings settings) {
        this.commandGateway = commandGateway;
        this.clock = clock;
        this.zone = zone;
        this.settings = settings;
    }

    /** Simulates the {@code days} days up to and including {@code lastDay}. */
    Result run(LocalDate lastDay, Consumer<Progress> progress) throws InterruptedException {
        LocalDate firstDay = lastDay.minusDays(settings.days() - 1L);
        SplittableRandom seed = new SplittableRandom(settings.seed());
        List<SimulatedAccount> accounts = new ArrayList<>(settings.accounts());
        for (int i = 1; i <= settings.accounts(); i++) {
            accounts.add(new SimulatedAccount("SIM-%d-%06d".formatted(settings.seed(), i), seed.split(), firstDay,
                    settings.days(), zone));
        }
        SimulatedAccount.Ledger ledger = this::send;
        ExecutorService workers = Executors.newFixedThreadPool(settings.threads());
        try {
            for (int day = 0; day < settings.days(); day++) {
                LocalDate today = firstDay.plusDays(day);
                clock.set(today.atTime(LocalTime.of(23, 30)).atZone(zone).toInstant());
                forEach(workers, accounts, account -> account.live(today, ledger));
                boolean nightly = (day + 1) % settings.accrualEvery() == 0 || today.equals(lastDay)
                        || today.getMonth() != today.plusDays(1).getMonth();
                if (nightly) {
                    forEach(workers, accounts, account -> account.accrue(today, ledger));
                }
                progress.accept(new Progress(day + 1, settings.days(), commands.sum(), rejectedCount()));
            }
        } finally {
            workers.shutdownNow();
        }
        Map<String, Long> reasons = new TreeMap<>();
        rejected.forEach((reason, count) -> reasons.put(reason, count.get()));
        long[] micros = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(firstDay, lastDay, commands.sum(), reasons, percentile(micros, 50), percentile(micros, 99));
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }

    private long rejectedCount() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private static void forEach(ExecutorService workers, List<SimulatedAccount> accounts,
                                Consumer<SimulatedAccount> action) throws InterruptedException {
        List<Future<?>> done = new ArrayList<>(accounts.size());
        for (SimulatedAccount account : accounts) {
            done.add(workers.submit(() -> action.accept(account)));
        }
        for (Future<?> future : done) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the simulation failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** Sends a command as the simulator; a refusal by the ledger's rules is counted and answered with null. */
    private <R> R send(Object command) {
        Map<String, Object> metadata = new HashMap<>(SIMULATOR.asMetadata());
        metadata.put(AuditMetadata.CORRELATION_ID, "simulation-" + settings.seed());
        commands.increment();
        long started = System.nanoTime();
        try {
            return commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(MetaData.from(metadata)));
        } catch (RuntimeException e) {
            String reason = reason(e instanceof CommandExecutionException ? e.getCause() : e);
            if (reason == null) {
                throw e;
            }
            rejected.computeIfAbsent(command.getClass().getSimpleName() + ": " + reason, r -> new AtomicLong())
                    .incrementAndGet();
            return null;
        } finally {
            latencies.add((System.nanoTime() - started) / 1_000);
        }
    }

    private static String reason(Throwable cause) {
        if (cause instanceof RuleViolation violation) {
            return violation.rule();
        }
        if (cause instanceof InvalidField invalid) {
            return invalid.field();
        }
        if (cause instanceof InvalidRequest invalid) {
            return invalid.getMessage();
        }
        return null;
    }
}
