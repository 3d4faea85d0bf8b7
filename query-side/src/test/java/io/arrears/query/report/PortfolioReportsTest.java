package io.arrears.query.report;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
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
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseKept;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.money.Money;
import io.arrears.query.report.PortfolioReports.AgingRow;
import io.arrears.query.report.PortfolioReports.Roll;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three accounts over March and April 2026: A is paid off on a kept promise, B breaks its promise and
 * rolls on, C (in another currency) is written off. Each report is worked out by hand below.
 */
class PortfolioReportsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final AccountId A = new AccountId("A");
    private static final AccountId B = new AccountId("B");
    private static final AccountId C = new AccountId("C");

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private PortfolioReportProjection projection;
    private PortfolioReports reports;
    private final Map<AccountId, Long> sequences = new HashMap<>();

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        database = client.getDatabase("report-test");
        projection = new PortfolioReportProjection(database);
        reports = new PortfolioReports(database, SHANGHAI);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    private static LocalDate day(int month, int day) {
        return LocalDate.of(2026, month, day);
    }

    private static Instant at(int month, int day) {
        return day(month, day).atTime(10, 0).atZone(SHANGHAI).toInstant();
    }

    private void open(AccountId id, String currency, LocalDate due, long principal, Stage stage) {
        sequences.put(id, 0L);
        projection.on(new AccountOpened(id, "B-" + id.value(), "CASH", currency, due, day(3, 1),
                new Balance(principal, 0, 0, 0, 0), new Terms(5, 0, PenaltyBase.PRINCIPAL, null, Terms.DEFAULT_WATERFALL),
                new Borrower(null, null, null, null, "Asia/Shanghai"), stage, 0), 0);
    }

    private void then(AccountEvent event, Instant recordedAt) {
        projection.on(event, sequences.merge(event.accountId(), 1L, Long::sum), recordedAt);
    }

    private void history() {
        open(A, "CNY", day(3, 1), 100_000, Stage.PREPARATION);
        open(B, "CNY", day(2, 1), 50_000, Stage.EARLY);
        open(C, "USD", day(3, 15), 20_000, Stage.PREPARATION);
        then(new PenaltyAccrued(A, day(3, 2), day(3, 31), List.of(
                new AccrualSegment(day(3, 2), day(3, 31), 100_000, 5, 30, 50, 1_500)), 1_500, 1_500, 1_500), at(4, 1));
        then(new StageAdvanced(A, Stage.PREPARATION, Stage.EARLY, 30, day(3, 31)), at(4, 1));
        then(new PenaltyAccrued(B, day(3, 2), day(4, 30), List.of(
                new AccrualSegment(day(3, 2), day(4, 30), 50_000, 2, 60, 10, 600)), 600, 600, 600), at(5, 1));
        then(new ContactLogged(A, "C-1", ContactChannel.PHONE, ContactDirection.OUTBOUND, ContactOutcome.CONVERSATION,
                at(3, 5), "agent-1", null), at(3, 5));
        then(new ContactLogged(A, "C-2", ContactChannel.SMS, ContactDirection.OUTBOUND, ContactOutcome.DELIVERED,
                at(3, 6), "agent-1", null), at(3, 6));
        then(new ContactLogged(B, "C-3", ContactChannel.PHONE, ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER,
                at(3, 10), "agent-7", null), at(3, 10));
        then(new ContactPolicyBreached(B, "C-3", "contact.hours", "DEFAULT", "1", ContactChannel.PHONE, at(3, 10),
                "agent-7"), at(3, 10));
        then(new PromiseRecorded(B, "PR-B", Money.parse("100.00", "CNY"), day(3, 20), day(3, 10)), at(3, 10));
        then(new PromiseBroken(B, "PR-B", day(3, 20), 0), at(3, 21));
        then(new PromiseRecorded(A, "PR-A", Money.parse("1015.00", "CNY"), day(4, 5), day(4, 1)), at(4, 1));
        then(new PaymentRecorded(A, "PAY-A", Money.parse("1015.00", "CNY"), day(4, 5), "ALIPAY",
                new Allocation(1_500, 0, 0, 100_000, 0), Balance.ZERO, false), at(4, 5));
        then(new PromiseKept(A, "PR-A", day(4, 5), 101_500), at(4, 5));
        then(new AccountResolved(A, Stage.EARLY, day(4, 5)), at(4, 5));
        then(new AccountWrittenOff(C, day(4, 20), "uncollectable", Stage.PREPARATION,
                new Balance(20_000, 0, 0, 0, 0), new Balance(20_000, 0, 0, 0, 0)), at(4, 20));
    }

    @Test
    void agingPlacesEachAccountByItsStageAndDaysPastDueOnTheDate() {
        history();

        assertThat(reports.aging(day(3, 31)).rows()).containsExactly(
                new AgingRow("CNY", Stage.EARLY, "1-30", 1, "1000.00", "0.00", "0.00", "15.00", "1015.00"),
                new AgingRow("CNY", Stage.EARLY, "31-60", 1, "500.00", "0.00", "0.00", "3.00", "503.00"),
                new AgingRow("USD", Stage.PREPARATION, "1-30", 1, "200.00", "0.00", "0.00", "0.00", "200.00"));
        assertThat(reports.aging(day(4, 30)).rows()).containsExactly(
                new AgingRow("CNY", Stage.EARLY, "61-90", 1, "500.00", "0.00", "0.00", "6.00", "506.00"),
                new AgingRow("CNY", Stage.RESOLVED, "0", 1, "0.00", "0.00", "0.00", "0.00", "0.00"),
                new AgingRow("USD", Stage.WRITTEN_OFF, "31-60", 1, "200.00", "0.00", "0.00", "0.00", "200.00"));
        assertThat(reports.aging(day(2, 28)).rows()).isEmpty();
    }

    @Test
    void rollRatesFollowEachAccountFromMonthEndToMonthEnd() {
        history();

        PortfolioReports.RollRates rolls = reports.rollRates(day(4, 30), 2);

        assertThat(rolls.months()).hasSize(2);
        assertThat(rolls.months().get(0).opened()).isEqualTo(3);
        assertThat(rolls.months().get(0).rolls()).isEmpty();
        assertThat(rolls.months().get(1).from()).isEqualTo(day(3, 31));
        assertThat(rolls.months().get(1).rolls()).containsExactly(
                new Roll("1-30", "paid", 1, PortfolioReports.Rate.of(1, 2)),
                new Roll("1-30", "written-off", 1, PortfolioReports.Rate.of(1, 2)),
                new Roll("31-60", "61-90", 1, PortfolioReports.Rate.of(1, 1)));
        assertThat(rolls.months().get(1).rolls().get(0).share().value()).isEqualTo("0.5000");
        assertThat(rolls.csv()).startsWith("month,startOfMonth,endOfMonth,from,to,accounts,share\r\n"
                + "2026-04,2026-03-31,2026-04-30,1-30,paid,1,0.5000\r\n");
    }

    @Test
    void performanceCountsCuresKeptPromisesRecoveriesAndCollectionsInThePeriod() {
        history();

        PortfolioReports.Performance april = reports.performance(day(4, 1), day(4, 30));

        assertThat(april.cure()).isEqualTo(new PortfolioReports.Rate(1, 3, "0.3333"));
        assertThat(april.promisesKept()).isEqualTo(new PortfolioReports.Rate(1, 1, "1.0000"));
        assertThat(april.recovery()).containsExactly(
                new PortfolioReports.Recovery("CNY", 2, "1518.00", "1015.00", new PortfolioReports.Rate(101_500,
                        151_800, "0.6686")),
                new PortfolioReports.Recovery("USD", 1, "200.00", "0.00", new PortfolioReports.Rate(0, 20_000,
                        "0.0000")));
        assertThat(april.collections()).containsExactly(
                new PortfolioReports.ChannelCollections("CNY", "ALIPAY", 1, "1015.00", 0));
        assertThat(reports.performance(day(3, 1), day(3, 31)).promisesKept())
                .isEqualTo(new PortfolioReports.Rate(0, 1, "0.0000"));
    }

    @Test
    void contactsCountAttemptsPerChannelTheRightPartyRateAndBreachesByRuleAndAgent() {
        history();

        PortfolioReports.Contacts march = reports.contacts(day(3, 1), day(3, 31));

        assertThat(march.accounts()).isEqualTo(3);
        assertThat(march.channels()).containsExactly(
                new PortfolioReports.ChannelContacts("PHONE", 2, 2, "0.67", new PortfolioReports.Rate(1, 2, "0.5000")),
                new PortfolioReports.ChannelContacts("SMS", 1, 1, "0.33", new PortfolioReports.Rate(0, 1, "0.0000")));
        assertThat(march.rightParty()).isEqualTo(new PortfolioReports.Rate(1, 3, "0.3333"));
        assertThat(march.breaches()).containsExactly(new PortfolioReports.BreachCount("contact.hours", "agent-7", 1));
        assertThat(reports.contacts(day(4, 1), day(4, 30)).channels()).isEmpty();
    }

    @Test
    void aRedeliveredEventChangesNothingAndNightlyAccrualsExtendOneSpan() {
        open(A, "CNY", day(3, 1), 100_000, Stage.PREPARATION);
        for (int d = 2; d <= 20; d++) {
            then(new PenaltyAccrued(A, day(3, d), day(3, d), List.of(
                    new AccrualSegment(day(3, d), day(3, d), 100_000, 5, 1, 50, 50)), 50, 50L * (d - 1), 50L * (d - 1)),
                    at(3, d + 1));
        }
        List<Document> before = database.getCollection(PortfolioReportProjection.COLLECTION).find()
                .into(new ArrayList<>());
        projection.on(new PenaltyAccrued(A, day(3, 20), day(3, 20), List.of(
                new AccrualSegment(day(3, 20), day(3, 20), 100_000, 5, 1, 50, 50)), 50, 950, 950), 19, at(3, 21));

        assertThat(database.getCollection(PortfolioReportProjection.COLLECTION).find().into(new ArrayList<>()))
                .isEqualTo(before);
        assertThat(ReportAccount.fromDocuments(before.get(0), List.of()).history().penalty()).hasSize(1);
        assertThat(reports.aging(day(3, 10)).rows().get(0).penalty()).isEqualTo("4.50");
    }

    @Test
    void csvQuotesWhatNeedsQuotingAndLeavesNullsEmpty() {
        assertThat(new Csv("a", "b").row("x,y", null).row("say \"hi\"", 1).toString())
                .isEqualTo("a,b\r\n\"x,y\",\r\n\"say \"\"hi\"\"\",1\r\n");
    }
}
