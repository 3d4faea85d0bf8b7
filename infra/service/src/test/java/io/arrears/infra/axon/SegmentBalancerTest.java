package io.arrears.infra.axon;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.arrears.infra.audit.ProjectionSwitch;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection being switched is paused on this node for as long as the switch document says, and
 * takes its segments back at the first tick after the document is gone.
 */
class SegmentBalancerTest {

    private static final String PROCESSOR = "switched";

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private Configuration axon;
    private SegmentBalancer balancer;
    private StreamingEventProcessor processor;

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("arrears");
        TokenStore tokenStore = new InMemoryTokenStore();
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .eventProcessing(processing -> processing
                        .registerTokenStore(PROCESSOR, c -> tokenStore)
                        .registerPooledStreamingEventProcessor(PROCESSOR, c -> c.eventStore(),
                                (c, builder) -> builder.initialSegmentCount(4).tokenClaimInterval(200))
                        .registerEventHandler(c -> new Object() {
                            @EventHandler
                            void on(String event) {
                            }
                        })
                        .assignHandlerInstancesMatching(PROCESSOR, handler -> true))
                .buildConfiguration();
        axon.start();
        processor = axon.eventProcessingConfiguration()
                .eventProcessor(PROCESSOR, StreamingEventProcessor.class).orElseThrow();
        balancer = new SegmentBalancer(database, axon.eventProcessingConfiguration(), tokenStore, "node-a",
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        axon.shutdown();
        client.close();
        server.close();
    }

    @Test
    void aSwitchPausesEverySegmentUntilItsDocumentIsGone() {
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.processingStatus().size() == 4);

        database.getCollection(ProjectionSwitch.SWITCHES).insertOne(new Document("_id", PROCESSOR)
                .append("until", Date.from(Instant.now().plus(Duration.ofMinutes(2)))));
        balancer.balance();
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.processingStatus().isEmpty());
        balancer.balance();
        assertThat(processor.processingStatus()).isEmpty();

        database.getCollection(ProjectionSwitch.SWITCHES).deleteOne(Filters.eq("_id", PROCESSOR));
        balancer.balance();
        // Sooner than any fixed release would have run out: the releases end with the document.
        await().atMost(Duration.ofSeconds(5)).until(() -> processor.processingStatus().size() == 4);
    }
}
