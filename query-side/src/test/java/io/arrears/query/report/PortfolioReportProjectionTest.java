package io.arrears.query.report;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.BalanceHistory;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PenaltyCorrection;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseKept;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
import io.arrears.kernel.event.StageMoves;
import io.arrears.kernel.event.WaiverAdjusted;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.kernel.money.Money;
import io.arrears.query.report.ReportAccount.Breach;
import io.arrears.query.report.ReportAccount.Contact;
import io.arrears.query.report.ReportAccount.Promise;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection writes each event as an update of what it changes. Whatever the events and however
 * they are batched, the documents they leave are the ones the account's whole history is written as
 * ({@link ReportAccount#toDocument} and {@link ReportAccount#paymentDocuments} of the history folded
 * in memory), field for field and in order, so a rebuild and the reports read the same.
 */
class PortfolioReportProjectionTest {

    private static final AccountId A = new AccountId("A");

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> accounts;
    private PortfolioReportProjection projection;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        projection = new PortfolioReportProjection(client.getDatabase("report-test"));
        accounts = client.getDatabase("report-test").getCollection(PortfolioReportProjection.COLLECTION);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    private record Recorded(AccountEvent event, Instant at) {
    }

    private static LocalDate day(int day) {
        return LocalDate.of(2026, 3, day);
    }

    private static Instant at(int day) {
        return day(day).atTime(9, 30).toInstant(ZoneOffset.UTC);
    }

    private static PenaltyAccrued accrued(int from, int to, long daily) {
        int days = to - from + 1;
        return new PenaltyAccrued(A, day(from), day(to), List.of(new AccrualSegment(day(from), day(to), daily * 1_000,
                5, days, daily, daily * days)), daily * days, 0, 0);
    }

    /** Every kind of event the reports read, and one they do not, in an order a ledger could post them. */
    private static List<Recorded> history() {
        Allocation paid = new Allocation(100, 0, 0, 19_900, 0);
        return List.of(
                new Recorded(new AccountOpened(A, "B-1", "CASH", "CNY", day(1), day(1),
                        new Balance(100_000, 2_000, 500, 0, 0), new Terms(5, 0, PenaltyBase.PRINCIPAL, null,
                        Terms.DEFAULT_WATERFALL), new Borrower(null, null, null, null, "UTC"), Stage.PREPARATION, 0),
                        at(1)),
                new Recorded(accrued(2, 2, 50), at(3)),
                new Recorded(accrued(3, 3, 50), at(4)),
                new Recorded(new PaymentRecorded(A, "PAY-1", Money.parse("200.00", "CNY"), day(4), "BANK", paid,
                        Balance.ZERO, false), at(4)),
                // Two segments: the first starts a new span (a new amount a day), the second extends it.
                new Recorded(new PenaltyAccrued(A, day(4), day(6), List.of(
                        new AccrualSegment(day(4), day(4), 40_000, 5, 1, 40, 40),
                        new AccrualSegment(day(5), day(6), 40_000, 5, 2, 40, 80)), 120, 0, 0), at(7)),
                new Recorded(new PaymentRecorded(A, "PAY-2", Money.parse("50.00", "CNY"), day(3), "CARD",
                        new Allocation(100, 500, 2_000, 2_400, 0), Balance.ZERO, false), at(7)),
                new Recorded(new PaymentReallocated(A, "PAY-1", paid, new Allocation(0, 0, 0, 20_000, 0),
                        "backdated PAY-2"), at(7)),
                new Recorded(new PenaltyAdjusted(A, "backdated PAY-2", List.of(
                        new PenaltyCorrection(day(4), day(6), 3, 40_000, 120, 30_000, 90)), -30, 0, 0), at(7)),
                new Recorded(accrued(7, 7, 30), at(8)),
                new Recorded(new WaiverGranted(A, "W-1", Component.PENALTY, Money.parse("0.20", "CNY"), day(7),
                        "goodwill", Balance.ZERO), at(8)),
                new Recorded(new WaiverAdjusted(A, "W-1", Component.PENALTY, 20, 10, "penalty corrected"), at(8)),
                new Recorded(new ContactLogged(A, "C-1", ContactChannel.PHONE, ContactDirection.OUTBOUND,
                        ContactOutcome.CONVERSATION, at(8), "agent-1", null), at(8)),
                new Recorded(new ContactPolicyBreached(A, "C-1", "contact.hours", "DEFAULT", "1",
                        ContactChannel.PHONE, at(8), "agent-1"), at(8)),
                new Recorded(new PromiseRecorded(A, "PR-1", Money.parse("100.00", "CNY"), day(10), day(8)), at(8)),
                new Recorded(new PromiseRecorded(A, "PR-2", Money.parse("100.00", "CNY"), day(12), day(8)), at(8)),
                new Recorded(new PaymentReversed(A, "PAY-2", Money.parse("50.00", "CNY"), day(3), "chargeback",
                        new Allocation(100, 500, 2_000, 2_400, 0), Balance.ZERO), at(9)),
                new Recorded(new PromiseKept(A, "PR-1", day(10), 10_000), at(10)),
                new Recorded(new StageAdvanced(A, Stage.PREPARATION, Stage.EARLY, 10, day(11)), at(12)),
                new Recorded(new PromiseBroken(A, "PR-2", day(12), 0), at(13)),
                new Recorded(new StageEscalated(A, Stage.EARLY, Stage.LEGAL, "no contact", false), at(14)),
                new Recorded(new AccountResolved(A, Stage.LEGAL, day(15)), at(15)),
                new Recorded(new AccountReopened(A, Stage.LATE, 14, "chargeback"), at(16)),
                new Recorded(new AccountWrittenOff(A, day(20), "uncollectable", Stage.LATE,
                        new Balance(80_000, 0, 0, 0, 0), new Balance(80_000, 0, 0, 0, 0)), at(20)));
    }

    /** The account after its first {@code count} events, folded in memory: the simple model. */
    private static ReportAccount wholeHistory(List<Recorded> events, int count) {
        AccountOpened opened = (AccountOpened) events.get(0).event();
        BalanceHistory history = BalanceHistory.opened(opened);
        StageMoves stages = StageMoves.opened(opened);
        List<Contact> contacts = new ArrayList<>();
        List<Promise> promises = new ArrayList<>();
        List<Breach> breaches = new ArrayList<>();
        long lastSequence = 0;
        for (int sequence = 1; sequence < count; sequence++) {
            Recorded recorded = events.get(sequence);
            if (recorded.event() instanceof AccountResolved) {
                continue;
            }
            lastSequence = sequence;
            history.apply(recorded.event());
            stages = stages.after(recorded.event(), recorded.at());
            if (recorded.event() instanceof ContactLogged e) {
                contacts.add(new Contact(e.occurredAt(), e.channel(), e.direction(), e.outcome(), e.agentId()));
            } else if (recorded.event() instanceof ContactPolicyBreached e) {
                breaches.add(new Breach(e.occurredAt(), e.rule(), e.channel(), e.agentId()));
            } else if (recorded.event() instanceof PromiseRecorded e) {
                promises.add(new Promise(e.promiseId(), e.dueDate(), e.amount().amountMinor(), null, null));
            } else if (recorded.event() instanceof PromiseKept e) {
                decide(promises, e.promiseId(), "KEPT", e.keptOn());
            } else if (recorded.event() instanceof PromiseBroken e) {
                decide(promises, e.promiseId(), "BROKEN", e.dueDate());
            }
        }
        return new ReportAccount("A", lastSequence, opened.product(), opened.currency(), opened.dueDate(), history,
                stages, contacts, promises, breaches);
    }

    /** The account's documents, its own and its payments', in the order of their ids. */
    private static List<Document> accountDocuments(ReportAccount account) {
        List<Document> documents = new ArrayList<>(List.of(account.toDocument()));
        documents.addAll(account.paymentDocuments());
        return documents.stream().sorted(Comparator.comparing(d -> d.getString("_id"))).toList();
    }

    /** {@link #accountDocuments} as JSON: field for field and in order. */
    private static List<String> documents(ReportAccount account) {
        return accountDocuments(account).stream().map(Document::toJson).toList();
    }

    private static void decide(List<Promise> promises, String promiseId, String outcome, LocalDate on) {
        promises.replaceAll(p -> p.promiseId().equals(promiseId)
                ? new Promise(p.promiseId(), p.dueDate(), p.amountMinor(), outcome, on) : p);
    }

    private void handle(AccountEvent event, long sequence, Instant at) {
        if (event instanceof AccountOpened opened) {
            projection.on(opened, sequence);
        } else {
            projection.on(event, sequence, at);
        }
    }

    /** The account as the projection stored it: its document and its payments'. */
    private ReportAccount read() {
        List<Document> payments = accounts.find(Filters.eq(ReportAccount.ACCOUNT, "A")).into(new ArrayList<>());
        return ReportAccount.fromDocuments(accounts.find(Filters.eq("_id", "A")).first(), payments);
    }

    private List<String> stored() {
        return accounts.find().sort(Sorts.ascending("_id")).map(Document::toJson).into(new ArrayList<>());
    }

    @Test
    void eachEventLeavesTheDocumentOfTheWholeHistorySoFarAndARedeliveredOneChangesNothing() {
        List<Recorded> events = history();
        for (int sequence = 0; sequence < events.size(); sequence++) {
            handle(events.get(sequence).event(), sequence, events.get(sequence).at());
            assertThat(stored()).as("after event %d", sequence)
                    .isEqualTo(documents(wholeHistory(events, sequence + 1)));
        }
        for (int sequence = 0; sequence < events.size(); sequence++) {
            handle(events.get(sequence).event(), sequence, events.get(sequence).at());
        }
        assertThat(stored()).isEqualTo(documents(wholeHistory(events, events.size())));
    }

    @Test
    void theWholeHistoryInOneBatchLeavesTheSameDocument() {
        List<Recorded> events = history();
        List<DomainEventMessage<AccountEvent>> messages = new ArrayList<>();
        for (int sequence = 0; sequence < events.size(); sequence++) {
            messages.add(new GenericDomainEventMessage<>("CollectionAccount", "A", sequence,
                    events.get(sequence).event()));
        }
        new BatchingUnitOfWork<>(messages).executeWithResult(() -> {
            int sequence = (int) ((DomainEventMessage<?>) CurrentUnitOfWork.get().getMessage()).getSequenceNumber();
            handle(events.get(sequence).event(), sequence, events.get(sequence).at());
            return null;
        });

        assertThat(stored()).isEqualTo(documents(wholeHistory(events, events.size())));
    }

    /**
     * The account's document as written before payments had documents of their own: every payment
     * listed in it, no form; {@code spansApart} false for one written before that, before the last
     * span of penalty had a field of its own.
     */
    private static Document formerShape(ReportAccount account, boolean spansApart) {
        Document former = account.toDocument();
        former.remove("form");
        former.put("payments", account.paymentDocuments().stream().map(p -> {
            Document listed = new Document(p);
            listed.remove("_id");
            listed.remove(ReportAccount.ACCOUNT);
            return listed;
        }).toList());
        if (!spansApart) {
            List<Document> spans = new ArrayList<>(former.getList("penalty", Document.class));
            spans.add(former.get("penaltyLast", Document.class));
            former.put("penalty", spans);
            former.remove("penaltyLast");
        }
        return former;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aDocumentOfAFormerShapeIsWrittenInTheCurrentOneByItsNextEvent(boolean spansApart) {
        List<Recorded> events = history();
        int written = 8;
        ReportAccount before = wholeHistory(events, written);
        assertThat(before.history().payments()).hasSize(2);
        accounts.insertOne(formerShape(before, spansApart));
        assertThat(documents(read())).isEqualTo(documents(before));

        for (int sequence = written; sequence < events.size(); sequence++) {
            handle(events.get(sequence).event(), sequence, events.get(sequence).at());
        }

        // Field for field, not in order: mongo-java-server's memory backend keeps a replaced document's
        // order of keys, and puts a new one last.
        assertThat(accounts.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                .isEqualTo(accountDocuments(wholeHistory(events, events.size())));
        assertThat(Map.of("spans", read().history().penalty().size()))
                .isEqualTo(Map.of("spans", 4));
    }
}
