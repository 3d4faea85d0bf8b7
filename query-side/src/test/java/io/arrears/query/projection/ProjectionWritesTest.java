package io.arrears.query.projection;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
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
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A batch of events reads each document once and writes the batch in one command when its unit of
 * work commits (or when a token is about to be stored); outside a unit of work every write is direct.
 */
class ProjectionWritesTest {

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> views;
    private final List<String> commands = new ArrayList<>();
    /** Copies of the update commands, read after later commands have reused the driver's buffers. */
    private final List<BsonDocument> updatesSent = new ArrayList<>();

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(event.getCommandName());
                        if (event.getCommandName().equals("update")) {
                            updatesSent.add(event.getCommand().clone());
                        }
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
    void aBatchSendsItsRaisesAfterItsOtherWritesAndInOrder() {
        BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("e1"),
                GenericEventMessage.asEventMessage("e2")));
        batch.executeWithResult(() -> {
            countEvent("A-1");
            countEvent("A-2");
            return null;
        });

        List<String> written = new ArrayList<>();
        for (BsonDocument command : updatesSent) {
            assertThat(command.getBoolean("ordered").getValue()).isTrue();
            command.getArray("updates").forEach(update -> written.add(
                    update.asDocument().getDocument("q").getString("_id").getValue()));
        }
        // A reader that finds a head raised finds the counts it covers: the heads come last.
        assertThat(written).containsExactly("A-1", "A-2", "A-1/head", "A-2/head");
    }

    @Test
    void aBatchsWritesGoInTheOrderTheyWereMade() {
        // As the audit trail writes an account's entries: a reader that finds entry 3 finds 1 and 2.
        BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(List.of(payment("A-1"), payment("A-1"),
                payment("A-1")));
        AtomicInteger sequence = new AtomicInteger();
        batch.executeWithResult(() -> {
            int entry = sequence.incrementAndGet();
            ProjectionWrites.into(views).replace(new Document("_id", "A-1/" + entry).append("sequence", entry));
            return null;
        });

        assertThat(updatesSent).hasSize(1);
        assertThat(updatesSent.get(0).getBoolean("ordered").getValue()).isTrue();
        assertThat(updatesSent.get(0).getArray("updates")).extracting(update ->
                update.asDocument().getDocument("q").getString("_id").getValue())
                .containsExactly("A-1/1", "A-1/2", "A-1/3");
    }

    @Test
    void aBatchSendsItsRaisesAfterItsChangesToo() {
        BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(List.of(payment("A-1")));
        batch.executeWithResult(() -> {
            appendEvent("A-1", 1);
            ProjectionWrites.into(views).raise("A-1/head", "lastSequence", 1);
            return null;
        });

        List<String> written = new ArrayList<>();
        updatesSent.forEach(command -> command.getArray("updates").forEach(update -> written.add(
                update.asDocument().getDocument("q").getString("_id").getValue())));
        assertThat(written).containsExactly("A-1", "A-1/head");
        assertThat(updatesSent.get(updatesSent.size() - 1).getBoolean("ordered").getValue()).isTrue();
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

    /** What a projection that writes changes does for one event: read the head, change only what the event adds. */
    private void appendEvent(String accountId, int sequence) {
        ProjectionWrites writes = ProjectionWrites.into(views, Projections.exclude("events"));
        Document head = writes.find(accountId).orElseThrow();
        writes.change(accountId, new Document(head).append("count", sequence),
                new Document("count", new Document("$lt", sequence)),
                Updates.combine(Updates.set("count", sequence), Updates.push("events", "e" + sequence)));
    }

    @Test
    void aBatchsChangesLandInOrderAfterItsReplacementsEachOnlyWhereItsConditionHolds() {
        BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(List.of(payment("A-2"), payment("A-2"),
                payment("A-1")));
        Map<String, Integer> sequences = new HashMap<>();
        batch.executeWithResult(() -> {
            String accountId = ((DomainEventMessage<?>) CurrentUnitOfWork.get().getMessage()).getAggregateIdentifier();
            ProjectionWrites writes = ProjectionWrites.into(views, Projections.exclude("events"));
            if (writes.find(accountId).isEmpty()) {
                writes.replace(new Document("_id", accountId).append("count", 0).append("events", List.of()));
            }
            appendEvent(accountId, sequences.merge(accountId, 1, Integer::sum));
            return null;
        });
        assertThat(commands).as("one find, the replacement, then the changes in order")
                .containsExactly("find", "update", "update");
        // One filter document, _id first (not an $and, which a store cannot look up by its key).
        assertThat(updatesSent.get(1).getArray("updates").get(0).asDocument().getDocument("q").keySet())
                .containsExactly("_id", "count");
        // A change the store has already seen (a batch handled again after a failure) changes nothing.
        appendEvent("A-2", 2);

        assertThat(views.find(new Document("_id", "A-2")).first().getList("events", String.class))
                .containsExactly("e1", "e2");
        assertThat(views.find(new Document("_id", "A-1")).first().getList("events", String.class))
                .containsExactly("e1");
    }

    @Test
    void aReadFetchesOnlyTheFieldsItWasGivenAndAChangedDocumentIsNotReplacedInTheSameBatch() {
        views.updateOne(Filters.eq("_id", "A-1"), Updates.set("events", List.of("e0")));
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("e1"));
        ProjectionWrites writes = ProjectionWrites.into(views, Projections.exclude("events"));
        assertThat(writes.find("A-1")).contains(new Document("_id", "A-1").append("count", 0));
        appendEvent("A-1", 1);

        assertThatThrownBy(() -> writes.replace(new Document("_id", "A-1").append("count", 9)))
                .isInstanceOf(IllegalStateException.class);
        unitOfWork.commit();
        assertThat(views.find(new Document("_id", "A-1")).first())
                .isEqualTo(new Document("_id", "A-1").append("count", 1).append("events", List.of("e0", "e1")));
    }

    @Test
    void aBatchRemovesAsItReplacesAndUpdatesOnlyDocumentsThatExist() {
        views.insertOne(new Document("_id", "P-1").append("amount", 100));
        commands.clear();
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("e1"));
        ProjectionWrites writes = ProjectionWrites.into(views);
        // Recorded, reallocated and reversed in one batch: the removal wins, the update finds nothing.
        writes.replace(new Document("_id", "P-2").append("amount", 200));
        writes.updateExisting("P-2", Updates.set("allocated", true));
        writes.remove("P-2");
        writes.updateExisting("P-1", Updates.set("allocated", true));
        writes.updateExisting("P-3", Updates.set("allocated", true));
        assertThat(writes.find("P-2")).isEmpty();
        assertThat(commands).isEmpty();
        unitOfWork.commit();

        assertThat(views.find(Filters.in("_id", "P-1", "P-2", "P-3")).into(new ArrayList<>()))
                .containsExactly(new Document("_id", "P-1").append("amount", 100).append("allocated", true));
        // Outside a unit of work, straight to the store, and the same when made again.
        ProjectionWrites.into(views).remove("P-1");
        ProjectionWrites.into(views).remove("P-1");
        ProjectionWrites.into(views).updateExisting("P-1", Updates.set("allocated", true));
        assertThat(views.find(Filters.eq("_id", "P-1")).first()).isNull();
    }
}
