package io.arrears.infra.accrual;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.arrears.command.account.AccountOutcome;
import io.arrears.command.account.LedgerClock;
import io.arrears.infra.axon.AccountCache;
import io.arrears.infra.eventstore.ReadAhead;
import io.arrears.infra.mongo.IdPages;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.audit.AuditMetadata;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.audit.Role;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.query.account.AccountViewProjection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static com.mongodb.client.model.Filters.eq;

/**
 * The daily accrual over the whole portfolio: every open account, in account id order, a page at
 * a time, through the ordinary {@link AccruePenalty} command (idempotent per date). The run's
 * progress lives in {@link AccrualRuns}, so several nodes starting the same date run it once, and
 * a run whose node died is taken over where it stopped.
 */
public class PortfolioAccrual implements AutoCloseable {

    public static final int PAGE_SIZE = 200;
    /** The most accounts a run accrues at once ({@code arrears.accrual.parallelism}). */
    public static final int PARALLELISM_MAX = 1024;
    static final Duration LEASE = Duration.ofMinutes(2);
    /** Dates back from today whose abandoned runs a node takes over. */
    static final int RESUME_DAYS_MAX = 3;
    private static final Logger log = LoggerFactory.getLogger(PortfolioAccrual.class);
    private static final Caller SCHEDULER = new Caller("accrual-run", Role.SERVICE, "arrears-scheduler");

    private final MongoCollection<Document> views;
    private final AccrualRuns runs;
    private final CommandGateway commandGateway;
    private final Function<List<String>, ReadAhead> readAhead;
    private final LedgerClock clock;
    private final String node;
    private final Counter accrued;
    private final Counter unchanged;
    private final Counter failed;
    private final Timer pageTimer;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(daemon("accrual-run"));
    private final ExecutorService workers;

    /**
     * @param readAhead   reads ahead the streams of a page's accounts that loading them for their
     *                    accrual would read one by one, until closed
     * @param parallelism accounts accrued at once, 1 to {@link #PARALLELISM_MAX}. Each accrual waits for
     *                    its durable append, and the group commit makes one flush of the appends that
     *                    wait: the more at once, the fewer flushes an account and the longer each waits
     *                    (docs/BENCHMARKS.md, issue 18, eighteenth session)
     */
    public PortfolioAccrual(MongoDatabase database, AccrualRuns runs, CommandGateway commandGateway,
                            Function<List<String>, ReadAhead> readAhead, LedgerClock clock, String node,
                            int parallelism, MeterRegistry meters) {
        if (parallelism < 1 || parallelism > PARALLELISM_MAX) {
            throw new IllegalArgumentException("arrears.accrual.parallelism must be from 1 to " + PARALLELISM_MAX
                    + ", not " + parallelism);
        }
        this.workers = Executors.newFixedThreadPool(parallelism, daemon("accrual-worker"));
        this.views = database.getCollection(AccountViewProjection.COLLECTION);
        this.runs = runs;
        this.commandGateway = commandGateway;
        this.readAhead = readAhead;
        this.clock = clock;
        this.node = node;
        this.accrued = Counter.builder("arrears.accrual.accounts").tag("outcome", "accrued")
                .description("Accounts the portfolio accrual run posted evenings for").register(meters);
        this.unchanged = Counter.builder("arrears.accrual.accounts").tag("outcome", "unchanged")
                .description("Accounts the portfolio accrual run found already accrued").register(meters);
        this.failed = Counter.builder("arrears.accrual.accounts").tag("outcome", "failed")
                .description("Accounts whose accrual failed in the portfolio run").register(meters);
        this.pageTimer = Timer.builder("arrears.accrual.page")
                .description("Time to accrue one page of accounts").register(meters);
    }

    /** A run's state, and whether this call started it. */
    public record Start(AccrualRun run, boolean started) {
    }

    /**
     * Starts the run for {@code asOf} in the background if no node has it yet, and answers its state:
     * the run this node just claimed, or the one another node holds or finished.
     */
    public Start start(LocalDate asOf, String trigger) {
        LocalDate today = clock.today();
        if (asOf.isAfter(today)) {
            throw new IllegalArgumentException("asOf may not be after today, " + today + " in the ledger's calendar");
        }
        Optional<AccrualRun> claimed = runs.claim(asOf, node, trigger, clock.now(), LEASE);
        if (claimed.isEmpty()) {
            return new Start(runs.find(asOf).orElseThrow(), false);
        }
        runner.submit(() -> process(claimed.get()));
        return new Start(claimed.get(), true);
    }

    public Optional<AccrualRun> find(LocalDate asOf) {
        return runs.find(asOf);
    }

    /** The nightly run: the evening that has just ended in the ledger's calendar. */
    public void nightly() {
        start(clock.today().minusDays(1), "schedule");
    }

    /**
     * Takes over recent runs whose node stopped renewing the lease, for example because it crashed,
     * and starts the last night's run if no node ever did (every node was down at the time): the
     * run documents, not a timer, are what is remembered across restarts.
     */
    public void resumeAbandoned() {
        LocalDate today = clock.today();
        LocalDate lastNight = today.minusDays(1);
        if (runs.find(lastNight).isEmpty()) {
            log.warn("No accrual run for {} on record; starting it now", lastNight);
            start(lastNight, "catch-up");
        }
        for (int back = 0; back < RESUME_DAYS_MAX; back++) {
            LocalDate date = today.minusDays(back);
            runs.find(date).filter(run -> !run.done()).flatMap(run -> runs.claim(date, node, run.trigger(),
                    clock.now(), LEASE)).ifPresent(run -> {
                        log.warn("Accrual run {} was abandoned by {}; continuing after account '{}'", date,
                                run.owner(), run.cursor());
                        runner.submit(() -> process(run));
                    });
        }
    }

    /**
     * Accrues a page at a time, with the next page's accruals queued behind the current page's, so the
     * workers do not wait for a page's last accounts before they start on the next. Before a page is
     * queued its accounts' streams are read ahead, while the page before it accrues, so the workers
     * find them in memory and do not wait for them. The run's cursor moves past a page once every
     * account of it has accrued.
     */
    private void process(AccrualRun claimed) {
        AccrualRun run = claimed;
        long startedNanos = System.nanoTime();
        long collectedNanos = startedNanos;
        Deque<PageInFlight> inFlight = new ArrayDeque<>();
        try {
            List<String> first = openAccountsAfter(run.cursor());
            if (!first.isEmpty()) {
                inFlight.add(queue(run, first));
            }
            while (!inFlight.isEmpty()) {
                List<String> next = openAccountsAfter(inFlight.getLast().lastAccount());
                if (!next.isEmpty()) {
                    inFlight.add(queue(run, next));
                }
                PageInFlight page = inFlight.remove();
                try {
                    run = collect(run, page.accounts(), page.outcomes());
                } finally {
                    page.ahead().close();
                }
                long now = System.nanoTime();
                pageTimer.record(now - collectedNanos, TimeUnit.NANOSECONDS);
                collectedNanos = now;
                if (!runs.progress(run, node, clock.now(), LEASE)) {
                    log.warn("Accrual run {} was taken over by another node; this node stops", run.asOf());
                    return;
                }
                double seconds = (System.nanoTime() - startedNanos) / 1e9;
                log.info("Accrual run {}: {} accounts ({} accrued, {} failed), {} accounts/s", run.asOf(),
                        run.accounts(), run.accrued(), run.failed(), Math.round(run.accounts() / Math.max(seconds, 1e-3)));
            }
            runs.finish(run, node, clock.now());
            log.info("Accrual run {} done: {} accounts, {} accrued, {} failed, in {} ms", run.asOf(), run.accounts(),
                    run.accrued(), run.failed(), (System.nanoTime() - startedNanos) / 1_000_000);
        } catch (Exception e) {
            log.error("Accrual run {} stopped after account '{}'; its lease lapses and a node takes it over",
                    run.asOf(), run.cursor(), e);
        } finally {
            for (PageInFlight page : inFlight) {
                page.outcomes().forEach(outcome -> outcome.cancel(false));
                page.ahead().close();
            }
        }
    }

    /** A page handed to the workers, with its accounts' streams read ahead. */
    private record PageInFlight(List<String> accounts, ReadAhead ahead, List<Future<Boolean>> outcomes) {

        String lastAccount() {
            return accounts.get(accounts.size() - 1);
        }
    }

    private PageInFlight queue(AccrualRun run, List<String> accounts) {
        ReadAhead ahead = readAhead.apply(accounts);
        return new PageInFlight(accounts, ahead, submit(run, accounts));
    }

    /** Hands each account of the page to the workers: its accrual, and whether it posted anything. */
    private List<Future<Boolean>> submit(AccrualRun run, List<String> page) {
        Map<String, Object> metadata = new HashMap<>(SCHEDULER.asMetadata());
        metadata.put(AuditMetadata.CORRELATION_ID, "accrual-run-" + run.asOf());
        metadata.put(AccountCache.VISITS_ONCE, true);
        List<Future<Boolean>> outcomes = new ArrayList<>(page.size());
        for (String accountId : page) {
            outcomes.add(workers.submit(() -> {
                AccountOutcome outcome = commandGateway.sendAndWait(GenericCommandMessage
                        .asCommandMessage(new AccruePenalty(new AccountId(accountId), run.asOf()))
                        .andMetaData(MetaData.from(metadata)));
                return !outcome.repeated();
            }));
        }
        return outcomes;
    }

    /** Waits for the page's accruals and counts them: the run as it stands after the page. */
    private AccrualRun collect(AccrualRun run, List<String> page, List<Future<Boolean>> outcomes)
            throws InterruptedException {
        long accruedNow = 0;
        long failedNow = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            try {
                if (outcomes.get(i).get()) {
                    accruedNow++;
                    accrued.increment();
                } else {
                    unchanged.increment();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                failedNow++;
                failed.increment();
                log.warn("Accrual of account {} as of {} failed", page.get(i), run.asOf(), e.getCause());
            }
        }
        return run.after(page.get(page.size() - 1), page.size(), accruedNow, failedNow);
    }

    private List<String> openAccountsAfter(String cursor) {
        return IdPages.after(views, cursor, eq("status", AccountStatus.OPEN.name()), Projections.include("_id"),
                PAGE_SIZE).stream().map(view -> view.getString("_id")).toList();
    }

    @Override
    public void close() {
        runner.shutdownNow();
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
