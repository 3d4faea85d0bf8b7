package io.arrears.query.projection;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of events reads each document once and writes the batch in one command when its unit of
 * work commits (or when a token is about to be stored); outside a unit of work every write is direct.
 */
class ProjectionWritesTest {

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> views;
    private final List<String> commands = new ArrayList<>();

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(event.getCommandName());
                    }
                }).build());
        views = client.getDatabase("writes-test").getCollection("views");
        views.insertOne(new Document("_id", "A-1").append("count", 0));
        commands.clear();
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    /** What a projection's handler does for one event: read the account, count the event, write it back. */
    private void countEvent(String accountId) {
        ProjectionWrites writes = ProjectionWrites.into(views);
        Document view = writes.find(accountId).orElse(new Document("_id", accountId).append("count", 0));
        writes.replace(new Document("_id", accountId).append("count", view.getInteger("count") + 1));
        writes.raise(accountId + "/head", "lastSequence", view.getInteger("count"));
    }

    @Test
    void aBatchReadsEachDocumentOnceAndWritesOnceWhenItCommits() {
        BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("e1"),
                GenericEventMessage.asEventMessage("e2"), GenericEventMessage.asEventMessage("e3")));
        // The handler runs once for each event of the batch, as a processor runs it.
        batch.executeWithResult(() -> {
            countEvent("A-1");
            countEvent("A-2");
            return null;
        });
        // One command per kind of write (replaces, then the $max updates), after the batch's last event.
        assertThat(commands).as("two finds, then the batch's writes")
                .containsExactly("find", "find", "update", "update");

        assertThat(views.find(new Document("_id", "A-1")).first().getInteger("count")).isEqualTo(3);
        assertThat(views.find(new Document("_id", "A-2")).first().getInteger("count")).isEqualTo(3);
        assertThat(views.find(new Document("_id", "A-1/head")).first().getLong("lastSequence")).isEqualTo(2);
    }

    @Test
    void aBatchsFirstReadFetchesTheDocumentsOfAllItsAccountsInOneRoundTrip() {
        views.insertOne(new Document("_id", "A-3").append("count", 5));
        commands.clear();
        BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(List.of(payment("A-1"), payment("A-2"),
                payment("A-3"), payment("A-1")));
        batch.executeWithResult(() -> {
            countEvent(((DomainEventMessage<?>) CurrentUnitOfWork.get().getMessage()).getAggregateIdentifier());
            return null;
        });

        assertThat(commands).as("one find for the three accounts, then the batch's writes")
                .containsExactly("find", "update", "update");
        assertThat(views.find(new Document("_id", "A-1")).first().getInteger("count")).isEqualTo(2);
        assertThat(views.find(new Document("_id", "A-2")).first().getInteger("count")).isEqualTo(1);
        assertThat(views.find(new Document("_id", "A-3")).first().getInteger("count")).isEqualTo(6);
    }

    private static DomainEventMessage<String> payment(String accountId) {
        return new GenericDomainEventMessage<>("CollectionAccount", accountId, 0, "paid");
    }

    @Test
    void aTokenStoredInsideTheBatchFindsItsWritesAlreadyInTheStore() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("e1"));
        List<Integer> seenWhenTheTokenIsStored = new ArrayList<>();
        List<Integer> commandsWhenTheTokenIsStored = new ArrayList<>();
        // As a processor does: the token is stored as the unit of work prepares to commit, before anything else.
        unitOfWork.onPrepareCommit(u -> {
            ProjectionWrites.flushAll();
            commandsWhenTheTokenIsStored.add(commands.size());
            seenWhenTheTokenIsStored.add(views.find(new Document("_id", "A-1")).first().getInteger("count"));
        });
        countEvent("A-1");
        unitOfWork.commit();

        assertThat(seenWhenTheTokenIsStored).containsExactly(1);
        assertThat(commands).as("nothing written again at commit").hasSize(commandsWhenTheTokenIsStored.get(0) + 1);
    }

    @Test
    void withoutAUnitOfWorkEveryWriteGoesStraightToTheStore() {
        countEvent("A-1");
        assertThat(views.find(new Document("_id", "A-1")).first().getInteger("count")).isEqualTo(1);
        ProjectionWrites.into(views).update("B-1", Updates.addToSet("contacts", "C-1"));
        ProjectionWrites.into(views).update("B-1", Updates.addToSet("contacts", "C-1"));
        assertThat(views.find(new Document("_id", "B-1")).first().getList("contacts", String.class))
                .containsExactly("C-1");
    }
}
