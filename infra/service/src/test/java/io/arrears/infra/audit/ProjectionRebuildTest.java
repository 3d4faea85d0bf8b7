package io.arrears.infra.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.money.Money;
import io.arrears.query.account.AccountViewProjection;
import io.arrears.query.audit.AuditTrailProjection;
import io.arrears.query.contact.BorrowerContactsProjection;
import io.arrears.query.penalty.PenaltyLedgerProjection;
import io.arrears.query.report.PortfolioReportProjection;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A rebuild from position 0 gives every projection's checksum again; a changed live document does not. */
class ProjectionRebuildTest {

    private static final AccountId ACCOUNT = new AccountId("HB-1");
    private static final LocalDate DUE = LocalDate.of(2026, 3, 1);

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private MongoCommitEventStorageEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("rebuild-test");
        engine = SerializationConfiguration.storedFormEngine(database);
        engine.appendEvents(List.of(
                domain(0, new AccountOpened(ACCOUNT, "B-1", "HUABEI", "CNY", DUE, DUE,
                        new Balance(1_000_000, 15_000, 2_000, 0, 0),
                        new Terms(5, 3, PenaltyBase.PRINCIPAL_AND_INTEREST, 2400, Terms.DEFAULT_WATERFALL),
                        new Borrower(null, null, null, null, "Asia/Shanghai"), Stage.PREPARATION, 0)),
                domain(1, new PenaltyAccrued(ACCOUNT, DUE.plusDays(1), DUE.plusDays(10), List.of(), 3_556, 3_556,
                        3_556))));
        engine.appendEvents(List.of(domain(2, new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("1000.00", "CNY"),
                        DUE.plusDays(11), "ALIPAY", new Allocation(3_556, 2_000, 15_000, 79_444, 0),
                        new Balance(920_556, 0, 0, 0, 0), false)),
                domain(3, new ContactLogged(ACCOUNT, "C-1", ContactChannel.PHONE, ContactDirection.OUTBOUND,
                        ContactOutcome.CONVERSATION, Instant.parse("2026-03-12T02:30:00Z"), "agent-7", null))));
        // The live projections, fed the events as the processors would.
        List<AnnotationEventHandlerAdapter> live = List.of(
                new AnnotationEventHandlerAdapter(new AccountViewProjection(database)),
                new AnnotationEventHandlerAdapter(new PenaltyLedgerProjection(database)),
                new AnnotationEventHandlerAdapter(new AuditTrailProjection(database,
                        StoredForm.mapper())),
                new AnnotationEventHandlerAdapter(new BorrowerContactsProjection(database)),
                new AnnotationEventHandlerAdapter(new PortfolioReportProjection(database)));
        for (TrackedEventMessage<?> event : engine.readEvents(null, false).toList()) {
            for (AnnotationEventHandlerAdapter projection : live) {
                if (projection.canHandle(event)) {
                    projection.handle(event);
                }
            }
        }
    }

    private static GenericDomainEventMessage<?> domain(long sequence, Object payload) {
        return new GenericDomainEventMessage<>("CollectionAccount", ACCOUNT.value(), sequence, payload);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void aRebuildGivesTheLiveChecksumsAndLeavesNothingBehind() {
        ProjectionRebuild.Result result = new ProjectionRebuild(database, engine).rebuildAndCompare(events -> { });

        assertThat(result.same()).as(result.toString()).isTrue();
        assertThat(result.eventsReplayed()).isEqualTo(4);
        assertThat(result.projections()).hasSize(5);
        assertThat(database.listCollectionNames().into(new java.util.ArrayList<>()))
                .noneMatch(name -> name.endsWith("_rebuild"));
    }

    @Test
    void aLiveDocumentChangedBehindTheEventsIsADifferentChecksum() {
        database.getCollection(AccountViewProjection.COLLECTION).updateOne(Filters.eq("_id", "HB-1"),
                Updates.set("stage", "LEGAL"));

        ProjectionRebuild.Result result = new ProjectionRebuild(database, engine).rebuildAndCompare(events -> { });

        assertThat(result.same()).isFalse();
        assertThat(result.projections()).filteredOn(c -> !c.same()).extracting(ProjectionRebuild.Comparison::projection)
                .containsExactly(AccountViewProjection.COLLECTION);
    }
}
