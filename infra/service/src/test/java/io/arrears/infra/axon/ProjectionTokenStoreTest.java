package io.arrears.infra.axon;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.query.projection.ProjectionWrites;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A processor stores its token before the projections' batched writes would go: they go first. */
class ProjectionTokenStoreTest {

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> views;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        views = client.getDatabase("token-test").getCollection("views");
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aTokenIsStoredOnlyAfterTheWritesOfTheEventsItCovers() {
        List<Document> inTheStoreWhenTheTokenWasStored = new ArrayList<>();
        InMemoryTokenStore tokens = new InMemoryTokenStore() {
            @Override
            public void storeToken(TrackingToken token, String processorName, int segment) {
                inTheStoreWhenTheTokenWasStored.add(views.find(new Document("_id", "A-1")).first());
                super.storeToken(token, processorName, segment);
            }
        };
        ProjectionTokenStore store = new ProjectionTokenStore(tokens);
        store.initializeTokenSegments("account-view", 1);
        store.fetchToken("account-view", 0);

        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("e1"));
        // A work package registers its token first, so it runs before anything the handlers register.
        unitOfWork.onPrepareCommit(u -> store.storeToken(new GlobalSequenceTrackingToken(7), "account-view", 0));
        ProjectionWrites.into(views).replace(new Document("_id", "A-1").append("lastSequence", 3));
        unitOfWork.commit();

        assertThat(inTheStoreWhenTheTokenWasStored).hasSize(1);
        assertThat(inTheStoreWhenTheTokenWasStored.get(0)).as("the write was in the store before the token")
                .isEqualTo(new Document("_id", "A-1").append("lastSequence", 3));
        assertThat(tokens.fetchToken("account-view", 0)).isEqualTo(new GlobalSequenceTrackingToken(7));
    }
}
