package io.arrears.infra.axon;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.mongo.IdPages;
import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.query.account.AccountViewProjection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.Document;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static com.mongodb.client.model.Filters.eq;

/**
 * The ledger's own gauges: how far each processor's segments on this node are behind the head of
 * the event store, and the portfolio by stage (accounts, and what they owe by currency), refreshed
 * from the account view every minute. Also the health of each processor.
 */
public class LedgerMetrics implements HealthIndicator {

    static final int PAGE_SIZE = 1_000;
    /** A portfolio refresh is at least this many times its own length apart from the next. */
    static final long REFRESH_PACE = 100;
    private final MongoDatabase database;
    private final EventProcessingConfiguration processing;
    private final MultiGauge accountsByStage;
    private final MultiGauge owedByStage;
    private final Timer portfolioRefresh;
    private final Pacer refreshPacer = new Pacer(REFRESH_PACE);

    /** A processor's whole segment space, in units every segment's share divides (masks stay below 2^16). */
    private static final long WHOLE = 1L << 16;

    public LedgerMetrics(MongoDatabase database, EventProcessingConfiguration processing, MeterRegistry meters) {
        this.database = database;
        this.processing = processing;
        this.accountsByStage = MultiGauge.builder("arrears.accounts")
                .description("Accounts by collection stage and status, from the account view").register(meters);
        this.owedByStage = MultiGauge.builder("arrears.outstanding.minor")
                .description("Everything owed by stage, in minor units of each currency").register(meters);
        // The refresh reads every account view, a page at a time: its length grows with the portfolio.
        this.portfolioRefresh = Timer.builder("arrears.portfolio.refresh")
                .description("Reading the account views for the portfolio gauges").register(meters);
        for (String processor : ProjectionCatalog.processors()) {
            Gauge.builder("arrears.processor.lag", () -> lag(processor).orElse(0))
                    .description("Positions the slowest segment this node holds is behind the event store's head")
                    .tag("processor", processor).register(meters);
        }
    }

    /**
     * Whether this node holds every segment of every processor and each has handled the event at the
     * store's head: the read models show everything written so far.
     */
    public boolean allCaughtUp() {
        return ProjectionCatalog.processors().stream().allMatch(processor -> processing
                .eventProcessor(processor, StreamingEventProcessor.class).map(streaming -> {
                    long share = streaming.processingStatus().values().stream()
                            .mapToLong(status -> WHOLE / (status.getSegment().getMask() + 1L)).sum();
                    return share == WHOLE && lag(processor).orElse(1) == 0;
                }).orElse(false));
    }

    /** Positions between the store's head and the slowest segment of the processor on this node. */
    OptionalLong lag(String processor) {
        return processing.eventProcessor(processor, StreamingEventProcessor.class).map(streaming -> {
            long head = head();
            OptionalLong slowest = streaming.processingStatus().values().stream()
                    .map(EventTrackerStatus::getCurrentPosition).filter(OptionalLong::isPresent)
                    .mapToLong(OptionalLong::getAsLong).min();
            return slowest.isPresent() ? OptionalLong.of(Math.max(0, head - slowest.getAsLong())) : OptionalLong.empty();
        }).orElse(OptionalLong.empty());
    }

    private long head() {
        Document counter = database.getCollection(CommitSchema.COUNTERS)
                .find(eq("_id", CommitSchema.POSITION_COUNTER)).first();
        return counter == null ? -1 : ((Number) counter.get("value")).longValue() - 1;
    }

    /**
     * Every minute, unless the last refresh took more than 1 % of the time since it began: the refresh
     * reads every account view (on the embedded store, 100,000 views in 2.4-4.5 s), so a large
     * portfolio's gauges are refreshed less often rather than its reads kept busy.
     */
    @Scheduled(initialDelay = 5_000, fixedDelay = 60_000)
    public void scheduledRefresh() {
        long started = System.nanoTime();
        if (refreshPacer.due(started)) {
            refreshPortfolio();
            refreshPacer.ran(started, System.nanoTime());
        }
    }

    public void refreshPortfolio() {
        portfolioRefresh.record(this::readPortfolio);
    }

    private void readPortfolio() {
        Map<List<String>, Long> accounts = new HashMap<>();
        Map<List<String>, Long> owed = new HashMap<>();
        MongoCollection<Document> views = database.getCollection(AccountViewProjection.COLLECTION);
        IdPages.forEach(views, null, Projections.include("_id", "stage", "status", "currency", "balance"), PAGE_SIZE,
                page -> {
                    for (Document view : page) {
                        accounts.merge(List.of(view.getString("stage"), view.getString("status")), 1L, Long::sum);
                        Document balance = view.get("balance", Document.class);
                        long owedMinor = 0;
                        for (String part : List.of("principalMinor", "interestMinor", "feesMinor", "penaltyMinor")) {
                            owedMinor += ((Number) balance.get(part)).longValue();
                        }
                        owed.merge(List.of(view.getString("stage"), view.getString("currency")), owedMinor,
                                Long::sum);
                    }
                    return true;
                });
        accountsByStage.register(accounts.entrySet().stream().map(e -> MultiGauge.Row.of(
                Tags.of("stage", e.getKey().get(0), "status", e.getKey().get(1)), e.getValue())).toList(), true);
        owedByStage.register(owed.entrySet().stream().map(e -> MultiGauge.Row.of(
                Tags.of("stage", e.getKey().get(0), "currency", e.getKey().get(1)), e.getValue())).toList(), true);
    }

    /** Up while every processor runs without error; each with its segments here and its lag. */
    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, ?> entry : processing.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor processor) {
                boolean running = processor.isRunning() && !processor.isError();
                up &= running;
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("running", processor.isRunning());
                status.put("error", processor.isError());
                status.put("segmentsHere", processor.processingStatus().size());
                lag(entry.getKey()).ifPresent(lag -> status.put("lag", lag));
                details.put(entry.getKey(), status);
            }
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
