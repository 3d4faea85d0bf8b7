package io.arrears.infra.audit;

import com.mongodb.client.MongoDatabase;
import io.arrears.infra.eventstore.AnchorSink;
import io.arrears.infra.eventstore.Anchors;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.ChainSealer;
import io.arrears.infra.eventstore.CommitBarrier;
import io.arrears.infra.eventstore.DirectoryAnchorSink;
import io.arrears.infra.mongo.StoreProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The evidence beyond each commit's MAC: the global chain, its anchors and where they go
 * ({@code arrears.audit.*}).
 */
@Configuration(proxyBeanMethods = false)
public class EvidenceConfiguration {

    /**
     * How old a commit its stream does not list must be before the sealer takes its writer for dead
     * and lists it; a live writer lists its commit within milliseconds.
     */
    static final Duration REPAIR_AFTER = Duration.ofSeconds(30);

    @Bean
    public ChainSealer chainSealer(MongoDatabase database, AuditKeyring auditKeyring, CommitBarrier commitBarrier) {
        return new ChainSealer(database, auditKeyring, commitBarrier, REPAIR_AFTER, Clock.systemUTC());
    }

    /**
     * The anchors' directory: {@code arrears.audit.anchors-dir}, else {@code anchors} in the data
     * directory; a store in memory anchors into a temporary directory deleted when the ledger stops
     * ({@link TemporaryAnchorSink}).
     */
    @Bean
    public AnchorSink anchorSink(StoreProperties store, @Value("${arrears.audit.anchors-dir:}") String anchorsDir) {
        if (!anchorsDir.isBlank()) {
            return new DirectoryAnchorSink(Path.of(anchorsDir));
        }
        if (store.embedded() && "memory".equals(store.embeddedBackend())) {
            return TemporaryAnchorSink.create();
        }
        return new DirectoryAnchorSink(store.dataDir().resolve("anchors"));
    }

    @Bean
    public Anchors anchors(MongoDatabase database, AnchorSink anchorSink, AuditKeyring auditKeyring,
                           CommitBarrier commitBarrier) {
        return new Anchors(database, anchorSink, auditKeyring, commitBarrier, Clock.systemUTC());
    }

    /** Off only where a test seals and anchors by hand ({@code arrears.audit.schedule-enabled=false}). */
    @Bean
    @ConditionalOnProperty(name = "arrears.audit.schedule-enabled", havingValue = "true", matchIfMissing = true)
    public EvidenceSchedule evidenceSchedule(ChainSealer chainSealer, Anchors anchors,
                                             @Value("${arrears.audit.seal-every:1s}") Duration sealEvery,
                                             @Value("${arrears.audit.anchor-every:60s}") Duration anchorEvery) {
        return new EvidenceSchedule(chainSealer, anchors, sealEvery, anchorEvery);
    }
}
