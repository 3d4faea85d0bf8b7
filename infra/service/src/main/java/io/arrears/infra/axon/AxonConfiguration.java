package io.arrears.infra.axon;

import com.mongodb.client.MongoDatabase;
import io.arrears.command.account.AccountTargets;
import io.arrears.command.account.CollectionAccount;
import io.arrears.command.account.ContactPolicy;
import io.arrears.command.account.ContactPreset;
import io.arrears.command.account.LedgerClock;
import io.arrears.command.account.LedgerTimeline;
import io.arrears.command.account.WorkflowPolicy;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitBarrier;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.mongo.StoreProperties;
import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.kernel.audit.AuditMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Assembles Axon without Axon Server: our commit-document storage engine, the MongoDB token store,
 * pooled streaming processors that share segments through it, and a dead-letter queue per
 * processing group, all in the same MongoDB.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AxonConfiguration.LedgerProperties.class)
public class AxonConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AxonConfiguration.class);

    /** Events after which a new snapshot of an account is taken, at least ... */
    static final int SNAPSHOT_AFTER_EVENTS = 100;
    /** ... and at least this share of all its events ({@link SnapshotSpacing}). */
    static final int SNAPSHOT_AFTER_SHARE = 4;
    static final int COMMAND_RETRIES_MAX = 5;
    static final int COMMAND_RETRY_INTERVAL_MS = 20;
    /**
     * Without it, every event asked the dead-letter queue (a query) whether its account's sequence
     * was dead-lettered. A segment's cache starts from the queue as it is when the segment is claimed,
     * and only the node holding a segment dead-letters its sequences.
     */
    static final EventProcessingConfigurer.DeadLetteringInvokerConfiguration DEAD_LETTERED_SEQUENCES_CACHED =
            (config, builder) -> builder.enableSequenceIdentifierCache();
    /** How often a node looks for events that other nodes appended. */
    static final long FOREIGN_EVENTS_POLL_MS = 100;
    /**
     * The newest events the event store keeps in memory for the projections that trail it. A cached
     * event keeps its commit's bytes, its tree and its payload once a projection has read them: Axon's
     * default of 10,000 held about 45 MB more than this after a full GC, on any node that had taken
     * 10,000 events (docs/BENCHMARKS.md). The projections trail by 0.1-0.2 s, a few hundred events at
     * the benchmark's rates; one further behind reads from the store instead.
     */
    static final int CACHED_EVENTS = 2_000;

    /**
     * @param timezone the ledger's calendar: which date "today" is
     */
    @ConfigurationProperties(prefix = "arrears.ledger")
    public record LedgerProperties(String timezone) {

        public LedgerProperties {
            timezone = timezone == null ? "Asia/Shanghai" : timezone;
        }
    }

    /** The system clock, unless the context was given another (the simulator moves its own through the days). */
    @Bean
    public LedgerClock ledgerClock(LedgerProperties properties, ObjectProvider<Clock> clock) {
        return new LedgerClock(clock.getIfAvailable(Clock::systemUTC), ZoneId.of(properties.timezone()));
    }

    /**
     * The contact policy every contact is judged by: {@code arrears.contact.preset} names one of
     * DEFAULT (docs/DESIGN.md §4), US_REG_F or CN_COLLECTION_STANDARD.
     */
    @Bean
    public ContactPolicy contactPolicy(@Value("${arrears.contact.preset:DEFAULT}") String preset) {
        ContactPolicy policy = new ContactPolicy(ContactPreset.named(preset));
        log.info("Contact policy preset {} version {}", policy.preset().id(), policy.preset().version());
        return policy;
    }

    /**
     * Stage thresholds by DPD, whether a broken promise escalates, and a plan's grace days after a
     * missed instalment ({@code arrears.workflow.*}).
     */
    @Bean
    public WorkflowPolicy workflowPolicy(@Value("${arrears.workflow.early-from-dpd:1}") int earlyFromDpd,
                                         @Value("${arrears.workflow.middle-from-dpd:31}") int middleFromDpd,
                                         @Value("${arrears.workflow.late-from-dpd:61}") int lateFromDpd,
                                         @Value("${arrears.workflow.broken-promise-escalates:true}") boolean escalates,
                                         @Value("${arrears.workflow.plan-grace-days:7}") int planGraceDays) {
        return new WorkflowPolicy(earlyFromDpd, middleFromDpd, lateFromDpd, escalates, planGraceDays);
    }

    /** Axon's metrics without its capacity gauge, whose memory grows with throughput. */
    @Bean
    public GlobalMetricRegistry globalMetricRegistry(MeterRegistry meterRegistry) {
        return new BoundedMetricRegistry(meterRegistry);
    }

    /** Correlation and causation ids, as Axon names them (see {@link AuditMetadata}). */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /**
     * Who acted, in which role, for which client, by which command under which rules: copied from
     * each command onto its events.
     */
    @Bean
    public CorrelationDataProvider callerProvider() {
        return new SimpleCorrelationDataProvider(AuditMetadata.ACTOR_ID, AuditMetadata.ACTOR_ROLE,
                AuditMetadata.CLIENT_ID, AuditMetadata.COMMAND, AuditMetadata.RULES);
    }

    /** The version of the rules a command is decided by, as its events record it. */
    static String rulesVersion(ContactPolicy contactPolicy, WorkflowPolicy workflowPolicy) {
        return LedgerTimeline.RULES_VERSION + " contact:" + contactPolicy.preset().id() + "/"
                + contactPolicy.preset().version() + " stages:" + workflowPolicy.earlyFromDpd() + "/"
                + workflowPolicy.middleFromDpd() + "/" + workflowPolicy.lateFromDpd();
    }

    /**
     * Another node may append to an account between our load and our append; the unique index then
     * refuses ours. Such a conflict, and only that, is retried with a fresh load.
     */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, ContactPolicy contactPolicy,
                                         WorkflowPolicy workflowPolicy) {
        String rules = rulesVersion(contactPolicy, workflowPolicy);
        ScheduledExecutorService retryExecutor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .dispatchInterceptors(messages -> (index, message) -> message.andMetaData(java.util.Map.of(
                        AuditMetadata.COMMAND, message.getPayloadType().getSimpleName(), AuditMetadata.RULES, rules)))
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(retryExecutor)
                        .retryInterval(COMMAND_RETRY_INTERVAL_MS)
                        .maxRetryCount(COMMAND_RETRIES_MAX)
                        .nonTransientFailurePredicate(failure -> !isConcurrencyConflict(failure))
                        .build())
                .build();
    }

    private static boolean isConcurrencyConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    @Bean
    public MongoTemplate axonMongoTemplate(MongoDatabase database) {
        return DefaultMongoTemplate.builder().mongoDatabase(database)
                .trackingTokensCollectionName(ProjectionCatalog.TOKENS).build();
    }

    /**
     * The snapshots an account is loaded from: only those of its current shape; one of another
     * revision is never loaded, the account is replayed instead. The engine applies it (an
     * aggregate's own snapshot filter reaches only an engine Axon builds itself). It compares the
     * aggregate type as stored, which Axon names by the class's simple name; the builder's
     * type(Class) would give the full name and match no snapshot at all.
     */
    static SnapshotFilter accountSnapshots() {
        return RevisionSnapshotFilter.builder().type(CollectionAccount.class.getSimpleName())
                .revision(CollectionAccount.SNAPSHOT_REVISION).build();
    }

    @Bean
    public MongoCommitEventStorageEngine eventStorageEngine(MongoDatabase database, CommitBarrier commitBarrier,
                                                            StoreProperties store,
                                                            @Qualifier("eventSerializer") Serializer eventSerializer,
                                                            Serializer serializer, MeterRegistry meters,
                                                            AuditKeyring auditKeyring) {
        Timer appendLatency = Timer.builder("arrears.eventstore.append")
                .description("Time to append a commit until it is durable").register(meters);
        DistributionSummary appendSize = DistributionSummary.builder("arrears.eventstore.append.events")
                .description("Events per appended commit").register(meters);
        MongoCommitEventStorageEngine engine = MongoCommitEventStorageEngine.builder()
                .database(database)
                .keyring(auditKeyring)
                .commitBarrier(commitBarrier)
                .gapTimeout(store.gapTimeout())
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .upcasterChain(SerializationConfiguration.upcasters())
                .snapshotFilter(accountSnapshots())
                .snapshotObserver(Counter.builder("arrears.eventstore.snapshots.rejected")
                        .description("Snapshots discarded because they do not verify; the account was replayed")
                        .register(meters)::increment)
                .appendObserver((events, nanos) -> {
                    appendLatency.record(nanos, TimeUnit.NANOSECONDS);
                    appendSize.record(events);
                })
                .build();
        engine.ensureIndexes();
        engine.ensureSealed();
        return engine;
    }

    @Bean
    public EventStore eventStore(EventStorageEngine storageEngine) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .fetchDelay(FOREIGN_EVENTS_POLL_MS)
                .timeUnit(TimeUnit.MILLISECONDS)
                .cachedEvents(CACHED_EVENTS)
                .build();
    }

    /** Who this node is: the owner of its segment claims, and of its leases ({@link NodeIdentity}). */
    @Bean
    public NodeIdentity nodeIdentity(@Value("${server.port:8080}") int port) {
        return NodeIdentity.of(port);
    }

    /**
     * Segment claims are owned by the node's claim owner, so a restarted node takes its own back; a
     * batch's projection writes are sent before its token ({@link ProjectionTokenStore}).
     */
    @Bean
    public TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer, NodeIdentity node) {
        return new ProjectionTokenStore(MongoTokenStore.builder()
                .nodeId(node.claimOwner())
                .mongoTemplate(axonMongoTemplate)
                .serializer(serializer)
                .claimTimeout(Duration.ofSeconds(10))
                .ensureIndexes(true)
                .build());
    }

    /**
     * Spring's snapshotter only knows aggregates declared as Spring beans; the account is plain and
     * configured here, so it gets a snapshotter of its own. Snapshots are taken after the append,
     * on the committing thread.
     */
    private static Snapshotter accountSnapshotter(org.axonframework.config.Configuration config) {
        return AggregateSnapshotter.builder()
                .eventStore(config.eventStore())
                .aggregateFactories(new GenericAggregateFactory<>(AnnotatedAggregateMetaModelFactory.inspectAggregate(
                        CollectionAccount.class, config.parameterResolverFactory(),
                        config.handlerDefinition(CollectionAccount.class))))
                .parameterResolverFactory(config.parameterResolverFactory())
                .handlerDefinition(config.handlerDefinition(CollectionAccount.class))
                .build();
    }

    /** Processor lag, the portfolio by stage, and processor health ({@code /actuator/prometheus}, health). */
    @Bean
    public LedgerMetrics processors(MongoDatabase database,
                                    org.axonframework.config.EventProcessingConfiguration processing,
                                    MeterRegistry meters) {
        return new LedgerMetrics(database, processing, meters);
    }

    /** Shares the projections' segments among the nodes on this store. */
    @Bean
    public SegmentBalancer segmentBalancer(MongoDatabase database,
                                           org.axonframework.config.EventProcessingConfiguration processing,
                                           TokenStore tokenStore, NodeIdentity node) {
        return new SegmentBalancer(database, processing, tokenStore, node.claimOwner(), Clock.systemUTC());
    }

    /** The events as the projections read them: woken at once, after the linger ({@link ProjectionFeed}). */
    @Bean
    public ProjectionFeed projectionFeed(@Value("${arrears.projections.linger}") Duration linger) {
        return new ProjectionFeed(linger);
    }

    /**
     * The accounts kept between commands instead of being loaded each time
     * ({@code arrears.accounts.cached-max}; 0: none are).
     */
    @Bean
    public Cache accountCache(@Value("${arrears.accounts.cached-max:10000}") int cachedMax) {
        return cachedMax > 0 ? new AccountCache(cachedMax) : NoCache.INSTANCE;
    }

    @Bean
    public ConfigurerModule ledgerConfigurerModule(MongoTemplate axonMongoTemplate, Serializer serializer,
                                                   MongoDatabase database, ProjectionFeed projectionFeed,
                                                   Cache accountCache) {
        return configurer -> {
            AggregateConfigurer<CollectionAccount> accounts = AggregateConfigurer
                    .defaultConfiguration(CollectionAccount.class)
                    .configureCommandTargetResolver(config -> new AccountTargets())
                    .configureSnapshotTrigger(config -> new SnapshotSpacing(
                            accountSnapshotter(config), SNAPSHOT_AFTER_EVENTS, SNAPSHOT_AFTER_SHARE));
            // Another node's append makes ours collide on the unique index; the failed unit of work
            // evicts the stale entry and the gateway's retry loads the account afresh.
            if (accountCache != NoCache.INSTANCE) {
                accounts.configureCache(config -> accountCache);
            }
            configurer.configureAggregate(accounts);
            configurer.eventProcessing()
                    // Segments and batch sizes are set per processor in application.yml: Spring applies
                    // those after this, over anything set here.
                    .usingPooledStreamingEventProcessors((config, builder) -> builder
                            .messageSource(projectionFeed.over(config.eventStore()))
                            .enableCoordinatorClaimExtension())
                    .registerDeadLetterQueueProvider(processingGroup -> config ->
                            MongoSequencedDeadLetterQueue.builder()
                                    .processingGroup(processingGroup)
                                    .mongoTemplate(axonMongoTemplate)
                                    .serializer(serializer)
                                    .build());
            for (ProjectionCatalog.Projection projection : ProjectionCatalog.ALL) {
                configurer.eventProcessing().registerDeadLetteringEventHandlerInvokerConfiguration(
                        projection.processor(), DEAD_LETTERED_SEQUENCES_CACHED);
            }
        };
    }
}
