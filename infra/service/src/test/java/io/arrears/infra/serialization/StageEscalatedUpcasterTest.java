package io.arrears.infra.serialization;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.event.StageEscalated;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A revision 1 {@link StageEscalated} as stored before revision 2 existed (the approved
 * {@code revision-1} file, put in the store as it was then) reads back as revision 2.
 */
class StageEscalatedUpcasterTest {

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private MongoCommitEventStorageEngine engine;

    @BeforeEach
    void setUp() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("upcaster-test");
        engine = SerializationConfiguration.storedFormEngine(database);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    /** Writes an event, then turns its stored form into what revision 1 wrote. */
    private void storeRevisionOne(String reason) throws IOException {
        engine.appendEvents(List.of(new GenericDomainEventMessage<>("CollectionAccount", "HB-000123", 0,
                new StageEscalated(new AccountId("HB-000123"), Stage.EARLY, Stage.LEGAL, "placeholder", false))));
        Document revisionOne;
        try (InputStream file = getClass().getResourceAsStream("/approved-events/revision-1/StageEscalated.json")) {
            revisionOne = Document.parse(new String(file.readAllBytes(), StandardCharsets.UTF_8));
        }
        revisionOne.put("reason", reason);
        database.getCollection(CommitSchema.COMMITS).updateOne(Filters.eq("_id", 0L),
                Updates.combine(Updates.set("events.0.revision", "1"), Updates.set("events.0.payload", revisionOne)));
    }

    @ParameterizedTest(name = "\"{0}\" reads as \"{1}\", automatic {2}")
    @CsvSource(delimiter = '|', value = {
            "refuses to pay | refuses to pay | false",
            "promise PTP-1 broken (automatic) | promise PTP-1 broken | true"})
    void aRevisionOneEventReadsAsRevisionTwo(String storedReason, String reason, boolean automatic) throws IOException {
        storeRevisionOne(storedReason);

        List<? extends DomainEventMessage<?>> read = engine.readEvents("HB-000123").asStream().toList();

        assertThat(read).hasSize(1);
        assertThat(read.get(0).getPayload()).isEqualTo(
                new StageEscalated(new AccountId("HB-000123"), Stage.EARLY, Stage.LEGAL, reason, automatic));
    }
}
