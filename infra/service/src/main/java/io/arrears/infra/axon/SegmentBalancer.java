package io.arrears.infra.axon;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.arrears.infra.audit.ProjectionSwitch;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Shares each projection's segments between the ledger nodes. Every node records a heartbeat in
 * {@code ledger_nodes}; a node that holds more than its fair share (segments ÷ live nodes, rounded
 * up) releases one segment for a while, so a node that joined claims it. A node that stops beating
 * stops counting, its claims lapse (the token store's claim timeout), and the others take them.
 */
public class SegmentBalancer {

    public static final String NODES = "ledger_nodes";
    static final Duration HEARTBEAT_LIVE = Duration.ofSeconds(15);
    static final Duration RELEASE_FOR = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final MongoDatabase database;
    private final MongoCollection<Document> nodes;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final String nodeId;
    private final Clock clock;
    private final Set<String> pausedHere = ConcurrentHashMap.newKeySet();

    public SegmentBalancer(MongoDatabase database, EventProcessingConfiguration processing, TokenStore tokenStore,
                           String nodeId, Clock clock) {
        this.database = database;
        this.nodes = database.getCollection(NODES);
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /**
     * A projection being switched over to a rebuilt copy ({@code ProjectionSwitch}) is paused on every
     * node: each of its segments, held here or not, is released until the switch document's end, so
     * none is claimed again however long the switch takes. Once the document is gone the releases are
     * ended at the next tick; a switch that died ends them at its document's {@code until}.
     */
    private void pauseSwitchingProcessors(Instant now) {
        for (Map.Entry<String, org.axonframework.eventhandling.EventProcessor> entry
                : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof StreamingEventProcessor processor)) {
                continue;
            }
            Optional<Instant> until = ProjectionSwitch.pausedUntil(database, entry.getKey(), now);
            if (until.isPresent()) {
                pausedHere.add(entry.getKey());
                releaseEverySegment(processor, Duration.between(now, until.get()));
            } else if (pausedHere.remove(entry.getKey())) {
                releaseEverySegment(processor, Duration.ZERO);
            }
        }
    }

    private void releaseEverySegment(StreamingEventProcessor processor, Duration releaseFor) {
        for (int segment : tokenStore.fetchSegments(processor.getName())) {
            processor.releaseSegment(segment, releaseFor.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Scheduled(initialDelay = 2_000, fixedDelay = 5_000)
    public void balance() {
        Instant now = clock.instant();
        nodes.replaceOne(Filters.eq("_id", nodeId), new Document("_id", nodeId).append("seenAt", Date.from(now)),
                new ReplaceOptions().upsert(true));
        pauseSwitchingProcessors(now);
        long live = Math.max(1, nodes.countDocuments(Filters.gte("seenAt", Date.from(now.minus(HEARTBEAT_LIVE)))));
        if (live == 1) {
            return;
        }
        for (Map.Entry<String, StreamingEventProcessor> entry
                : processing.eventProcessors().entrySet().stream()
                .filter(e -> e.getValue() instanceof StreamingEventProcessor)
                .map(e -> Map.entry(e.getKey(), (StreamingEventProcessor) e.getValue())).toList()) {
            StreamingEventProcessor processor = entry.getValue();
            int segments = tokenStore.fetchSegments(processor.getName()).length;
            long fairShare = (segments + live - 1) / live;
            if (processor.processingStatus().size() > fairShare) {
                int segment = processor.processingStatus().keySet().stream().max(Integer::compare).orElseThrow();
                log.info("Processor {} holds {} segments, more than its share {} of {} nodes; releasing segment {}",
                        entry.getKey(), processor.processingStatus().size(), fairShare, live, segment);
                processor.releaseSegment(segment, RELEASE_FOR.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
