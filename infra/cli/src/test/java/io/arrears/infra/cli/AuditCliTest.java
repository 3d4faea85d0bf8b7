package io.arrears.infra.cli;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.infra.mongo.AuditKeys;
import io.arrears.infra.projection.ProjectionCatalog;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.event.ContactLogged;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The auditor's command line on an embedded store's files, with the exit codes a script relies on. */
class AuditCliTest {

    @TempDir
    Path dataDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        inStore(database -> {
            // As the ledger leaves an embedded store: its development keys in the data directory.
            AuditKeyring keyring = AuditKeyring.loadOrCreate(dataDir.resolve(AuditKeys.FILE_NAME), "dev-test");
            MongoCommitEventStorageEngine engine = SerializationConfiguration.storedFormEngine(database, keyring);
            engine.ensureSealed();
            for (long sequence = 0; sequence < 3; sequence++) {
                engine.appendEvents(List.of(new GenericDomainEventMessage<>("CollectionAccount", "A-1", sequence,
                        new ContactLogged(new AccountId("A-1"), "C-" + sequence, ContactChannel.PHONE,
                                ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER,
                                Instant.parse("2026-03-12T02:30:00Z"), "agent-7", null))));
            }
        });
    }

    private void inStore(Consumer<MongoDatabase> work) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, ProjectionCatalog.viewsFile());
             MongoClient client = MongoClients.create(server.connectionString())) {
            work.accept(client.getDatabase("arrears"));
        }
    }

    private int audit(String... args) {
        out.reset();
        err.reset();
        return audit(Map.of("ARREARS_DATA_DIR", dataDir.toString()), args);
    }

    private int audit(Map<String, String> environment, String... args) {
        List<String> line = new ArrayList<>(List.of("audit"));
        line.addAll(List.of(args));
        return Launcher.tools(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment).execute(line.toArray(String[]::new));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anIntactStoreVerifiesWithExitZero() {
        assertThat(audit("verify")).isEqualTo(AuditCli.OK);
        assertThat(output()).contains("ok: 3 events of 1 accounts verified");
        assertThat(audit("verify", "--account", "A-1")).isEqualTo(AuditCli.OK);
    }

    @Test
    void aTamperedEventFailsWithExitOneAndNamesTheLink() {
        inStore(database -> database.getCollection(CommitSchema.COMMITS)
                .updateOne(Filters.eq("firstSequence", 1L), Updates.set("events.0.payload.agentId", "agent-8")));

        assertThat(audit("verify")).isEqualTo(AuditCli.FAILED);
        assertThat(output()).contains("NOT OK: EDITED, account A-1, sequence 1").contains("edited");
    }

    @Test
    void anExportVerifiesOfflineAndAnEditedExportDoesNot() throws Exception {
        Path file = dataDir.resolve("trail.jsonl");
        assertThat(audit("export", "--format", "jsonl", "--output", file.toString())).isEqualTo(AuditCli.OK);
        // Three commits of an event each, and the closing line.
        assertThat(Files.readAllLines(file)).hasSize(7);
        assertThat(audit("verify", "--input", file.toString())).isEqualTo(AuditCli.OK);

        Files.writeString(file, Files.readString(file).replace("agent-7", "agent-9"));
        assertThat(audit("verify", "--input", file.toString())).isEqualTo(AuditCli.FAILED);

        Path csv = dataDir.resolve("trail.csv");
        assertThat(audit("export", "--format", "csv", "--output", csv.toString(), "--account", "A-1"))
                .isEqualTo(AuditCli.OK);
        assertThat(Files.readAllLines(csv)).hasSize(4);
    }

    @Test
    void aProjectionIsRebuiltAndSwitchedOverFromTheCommandLine() {
        assertThat(audit("rebuild", "--projection", "audit-trail")).isEqualTo(AuditCli.OK);
        assertThat(output()).contains("rebuilt audit_trail from 3 events and switched over");
        assertThat(audit("checksum")).isEqualTo(AuditCli.OK);
        assertThat(output()).contains("audit_trail");
        assertThat(audit("rebuild", "--projection", "nonsense")).isEqualTo(AuditCli.USAGE);
        assertThat(audit("rebuild")).isEqualTo(AuditCli.USAGE);
    }

    /**
     * Offline, the live projections are compared with rebuilt ones only once each has handled every
     * event it handles: a ledger killed before its views were saved, or a store from before they had
     * a file of their own, leaves projections behind, which is no evidence of anything.
     */
    @Test
    void aRebuildCheckNamesTheProjectionsBehindTheEventsAndComparesNothingUntilTheyCatchUp() {
        // setUp wrote events and no projection: as a ledger killed before it ever saved its views.
        assertThat(audit("rebuild-check")).isEqualTo(AuditCli.BEHIND);
        assertThat(output()).contains("behind    audit_trail").contains("behind    borrower_contacts")
                .contains("start the ledger").doesNotContain("events replayed");

        // Tokens as the ledger keeps them, two segments a processor. The audit trail's segment of A-1
        // is at the last event and its other segment has none of A-1's: caught up. The contacts
        // have not handled the last event.
        int ownSegment = Segment.computeSegment(0, 0, 1).matches("A-1") ? 0 : 1;
        inStore(database -> {
            TokenStore tokens = MongoTokenStore.builder()
                    .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                    .serializer(StoredForm.serializer()).build();
            for (String processor : ProjectionCatalog.processors()) {
                if (processor.equals("audit-trail")) {
                    tokens.initializeTokenSegments(processor, 2);
                    tokens.fetchToken(processor, ownSegment);
                    tokens.storeToken(GapAwareTrackingToken.newInstance(2, List.of()), processor, ownSegment);
                    tokens.releaseClaim(processor, ownSegment);
                } else {
                    tokens.initializeTokenSegments(processor, 2, GapAwareTrackingToken.newInstance(
                            processor.equals("borrower-contacts") ? 1 : 2, List.of()));
                }
            }
        });
        assertThat(audit("rebuild-check")).isEqualTo(AuditCli.BEHIND);
        assertThat(output()).contains("behind    borrower_contacts").doesNotContain("audit_trail");
    }

    @Test
    void usageMistakesExitTwoAndAMissingStoreExitsThree() {
        assertThat(audit()).isEqualTo(AuditCli.USAGE);
        assertThat(audit("--help")).isEqualTo(AuditCli.OK);
        assertThat(output()).contains("Usage: java -jar arrears.jar audit").contains("rebuild-check")
                .contains("Exit codes:").contains("the store cannot be opened");
        assertThat(audit("verify", "--help")).isEqualTo(AuditCli.OK);
        assertThat(output()).contains("Usage: java -jar arrears.jar audit verify").contains("--anchors=DIR");
        assertThat(audit("frobnicate")).isEqualTo(AuditCli.USAGE);
        assertThat(errors()).contains("frobnicate");
        assertThat(audit("export", "--format", "jsonl")).isEqualTo(AuditCli.USAGE);
        assertThat(errors()).contains("Missing required option: '--output=FILE'");
        assertThat(audit("export", "--format", "xml", "--output", "x")).isEqualTo(AuditCli.USAGE);
        assertThat(audit(Map.of("ARREARS_DATA_DIR", dataDir.resolve("nothing").toString()), "verify"))
                .isEqualTo(AuditCli.NO_STORE);
    }
}
