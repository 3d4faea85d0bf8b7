package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.reconciliation.Reconciliation;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.SUPERVISOR;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/DESIGN.md §3 over HTTP, as a new user would try it on the worked example's account: a backdated
 * payment, a reversal, a waiver, a dispute and a write-off, each followed by the penalty ledger
 * explaining the penalty balance to the cent.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class LedgerRulesHttpTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;
    @Autowired
    Reconciliation reconciliation;

    private HttpLedger ledger;
    private String account;

    /** Whatever a scenario did, the account's view, its events and a recomputation agree at the end. */
    @AfterEach
    void reconciles() {
        Reconciliation.Report report = await().atMost(Duration.ofSeconds(10))
                .until(() -> reconciliation.check(account), r -> r.lagging() == 0);
        assertThat(report.ok()).as(report.toString()).isTrue();
    }

    @BeforeEach
    void setUp() {
        ledger = new HttpLedger("http://127.0.0.1:" + port);
        account = "RULES-" + ACCOUNTS.incrementAndGet();
        assertThat(ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account)).status())
                .isEqualTo(201);
    }

    private HttpLedger.Response post(String path, String key, String json) {
        return ledger.post("/api/v1/accounts/" + account + path, key, json);
    }

    private HttpLedger.Response pay(String paymentId, String amount, String valueDate) {
        return post("/payments", SERVICE, "{\"paymentId\":\"%s\",\"amount\":\"%s\",\"valueDate\":\"%s\",\"channel\":\"ALIPAY\"}"
                .formatted(paymentId, amount, valueDate));
    }

    private HttpLedger.Response accrue(String asOf) {
        return post("/accruals", SERVICE, "{\"asOf\":\"" + asOf + "\"}");
    }

    private void workedExample() {
        accrue("2026-03-10");
        pay("PAY-1", "1000.00", "2026-03-12");
        assertThat(accrue("2026-03-15").body().at("/balance/total").asText()).isEqualTo("9223.96");
    }

    /** The penalty ledger once it has the position, checked to add up to the account view's penalty. */
    private JsonNode penalties(long position) {
        HttpLedger.Response view = ledger.get("/api/v1/accounts/" + account + "?consistentWith=" + position, SERVICE);
        HttpLedger.Response penalties = ledger.get("/api/v1/accounts/" + account + "/penalties?consistentWith="
                + position, SERVICE);
        assertThat(penalties.status()).isEqualTo(200);
        JsonNode totals = penalties.body().get("totals");
        assertThat(totals.get("balance").asText()).isEqualTo(view.body().at("/balance/penalty").asText());
        long segments = 0;
        for (JsonNode segment : penalties.body().get("segments")) {
            segments += minor(segment.get("amount"));
        }
        long adjustments = 0;
        for (JsonNode adjustment : penalties.body().get("adjustments")) {
            adjustments += minor(adjustment.get("amount"));
        }
        long paid = 0;
        for (JsonNode payment : penalties.body().get("payments")) {
            paid += minor(payment.get("penaltyPaid"));
        }
        long waived = 0;
        for (JsonNode waiver : penalties.body().get("waivers")) {
            waived += minor(waiver.get("amount"));
        }
        assertThat(minor(totals.get("opening")) + segments + adjustments - paid - waived)
                .isEqualTo(minor(totals.get("balance")));
        return penalties.body();
    }

    private static long minor(JsonNode decimal) {
        return new java.math.BigDecimal(decimal.asText()).movePointRight(2).longValueExact();
    }

    private long eventsOf(String accountId) {
        long events = 0;
        for (Document commit : database.getCollection(CommitSchema.COMMITS)
                .find(new Document("aggregateId", accountId))) {
            events += commit.getList("events", Document.class).size();
        }
        return events;
    }

    @Test
    void aBackdatedPaymentRecomputesPenaltyAndReallocatesTheLaterPayment() {
        workedExample();

        HttpLedger.Response backdated = pay("PAY-2", "100.00", "2026-03-08");

        assertThat(backdated.status()).isEqualTo(201);
        assertThat(backdated.body().at("/allocation/penalty").asText()).isEqualTo("15.24");
        assertThat(backdated.body().at("/allocation/fees").asText()).isEqualTo("20.00");
        assertThat(backdated.body().at("/allocation/interest").asText()).isEqualTo("64.76");
        assertThat(backdated.body().at("/balance/principal").asText()).isEqualTo("9105.40");
        assertThat(backdated.body().at("/balance/penalty").asText()).isEqualTo("18.20");
        assertThat(backdated.body().at("/balance/total").asText()).isEqualTo("9123.60");
        JsonNode penalties = penalties(backdated.position());
        assertThat(penalties.at("/totals/adjusted").asText()).isEqualTo("-0.36");
        assertThat(penalties.at("/adjustments/0/cause").asText()).isEqualTo("PaymentRecorded:PAY-2");
        JsonNode firstPayment = penalties.at("/payments/0");
        assertThat(firstPayment.get("paymentId").asText()).isEqualTo("PAY-1");
        assertThat(firstPayment.get("penaltyPaid").asText()).isEqualTo("20.16");
        assertThat(firstPayment.at("/changes/0/before").asText()).isEqualTo("35.56");

        HttpLedger.Response trail = ledger.get("/api/v1/accounts/" + account + "/events?consistentWith="
                + backdated.position() + "&limit=1000", AUDITOR);
        List<String> types = new ArrayList<>();
        trail.body().get("events").forEach(event -> types.add(event.get("type").asText()));
        assertThat(types).endsWith("PaymentRecorded", "PaymentReallocated", "PenaltyAdjusted");
    }

    @Test
    void aReversalTakesThePaymentOutAndCannotBeRepeated() {
        workedExample();
        pay("PAY-2", "100.00", "2026-03-08");

        HttpLedger.Response reversal = post("/payments/PAY-2/reversal", SERVICE, "{\"reason\":\"chargeback\"}");

        assertThat(reversal.status()).isEqualTo(201);
        assertThat(reversal.body().at("/balance/total").asText()).isEqualTo("9223.96");
        assertThat(penalties(reversal.position()).at("/payments/1/reversed").asBoolean()).isTrue();
        long events = eventsOf(account);
        HttpLedger.Response twice = post("/payments/PAY-2/reversal", SERVICE, "{\"reason\":\"chargeback\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body().get("rule").asText()).isEqualTo("payment.already-reversed");
        HttpLedger.Response unknown = post("/payments/PAY-9/reversal", SERVICE, "{\"reason\":\"chargeback\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(eventsOf(account)).isEqualTo(events);
    }

    @Test
    void aWaiverAboveWhatWasOutstandingIsRefusedAndADisputeCutsTheWaiverItLeavesLessToForgive() {
        workedExample();
        long events = eventsOf(account);
        HttpLedger.Response tooMuch = post("/waivers", SUPERVISOR, """
                {"waiverId":"W-1","component":"PENALTY","amount":"18.40","effectiveDate":"2026-03-15",
                 "reason":"settlement incentive"}""");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.body().get("detail").asText())
                .isEqualTo("a waiver may not exceed the outstanding penalty of 13.80 CNY on 2026-03-15");
        assertThat(eventsOf(account)).isEqualTo(events);

        HttpLedger.Response waiver = post("/waivers", SUPERVISOR, """
                {"waiverId":"W-1","component":"PENALTY","amount":"13.80","effectiveDate":"2026-03-15",
                 "reason":"settlement incentive"}""");
        assertThat(waiver.status()).isEqualTo(201);
        assertThat(waiver.body().at("/balance/penalty").asText()).isEqualTo("4.60");

        HttpLedger.Response dispute = post("/disputes", SUPERVISOR,
                "{\"disputeId\":\"D-1\",\"raisedOn\":\"2026-03-14\",\"reason\":\"borrower disputes the fees\"}");
        assertThat(dispute.status()).isEqualTo(201);
        assertThat(dispute.body().at("/balance/penalty").asText()).isEqualTo("0.00");
        JsonNode penalties = penalties(dispute.position());
        assertThat(penalties.at("/waivers/0/amount").asText()).isEqualTo("9.20");
        assertThat(penalties.at("/waivers/0/changes/0/cause").asText()).isEqualTo("DisputeRaised:D-1");

        accrue("2026-03-20");
        HttpLedger.Response resolution = post("/disputes/D-1/resolution", SUPERVISOR,
                "{\"resolvedOn\":\"2026-03-18\",\"outcome\":\"REJECTED\"}");
        assertThat(resolution.status()).isEqualTo(201);
        assertThat(resolution.body().at("/balance/penalty").asText()).isEqualTo("13.80");
        penalties(resolution.position());
        assertThat(post("/disputes/D-9/resolution", SUPERVISOR,
                "{\"resolvedOn\":\"2026-03-18\",\"outcome\":\"REJECTED\"}").status()).isEqualTo(404);
    }

    @Test
    void aWriteOffStopsPenaltyAndLaterPaymentsAreRecoveries() {
        workedExample();
        HttpLedger.Response writeOff = post("/write-off", SUPERVISOR,
                "{\"date\":\"2026-03-14\",\"reason\":\"borrower deceased\"}");
        assertThat(writeOff.status()).isEqualTo(201);
        assertThat(writeOff.body().at("/balance/penalty").asText()).isEqualTo("9.20");
        assertThat(writeOff.body().get("stage").asText()).isEqualTo("WRITTEN_OFF");

        HttpLedger.Response recovery = pay("PAY-3", "50.00", "2026-03-22");
        assertThat(recovery.status()).isEqualTo(201);
        assertThat(recovery.body().at("/allocation/penalty").asText()).isEqualTo("9.20");
        assertThat(recovery.body().at("/allocation/principal").asText()).isEqualTo("40.80");
        JsonNode penalties = penalties(recovery.position());
        assertThat(penalties.at("/payments/1/recovery").asBoolean()).isTrue();
        HttpLedger.Response view = ledger.get("/api/v1/accounts/" + account + "?consistentWith="
                + recovery.position(), SERVICE);
        assertThat(view.body().get("status").asText()).isEqualTo("WRITTEN_OFF");
        assertThat(view.body().at("/balance/total").asText()).isEqualTo("9164.76");
    }

    @Test
    void malformedWaiversDisputesAndWriteOffsAreRejectedFieldByFieldAndWriteNothing() {
        long events = eventsOf(account);
        List<String[]> cases = List.of(
                new String[]{"/waivers", "{\"waiverId\":\"W-1\",\"component\":\"PRINCIPAL\",\"amount\":\"1.00\","
                        + "\"effectiveDate\":\"2026-03-05\",\"reason\":\"x\"}", "component"},
                new String[]{"/waivers", "{\"waiverId\":\"W-1\",\"component\":\"PENALTY\",\"amount\":\"1.001\","
                        + "\"effectiveDate\":\"2026-03-05\",\"reason\":\"x\"}", "amount"},
                new String[]{"/waivers", "{\"waiverId\":\"W-1\",\"component\":\"PENALTY\",\"amount\":\"1.00\","
                        + "\"effectiveDate\":\"2026-03-05\"}", "reason"},
                new String[]{"/waivers", "{\"waiverId\":\"W-1\",\"component\":\"PENALTY\",\"amount\":\"1.00\","
                        + "\"effectiveDate\":\"2999-01-01\",\"reason\":\"x\"}", "effectiveDate"},
                new String[]{"/disputes", "{\"disputeId\":\"D 1\",\"raisedOn\":\"2026-03-05\",\"reason\":\"x\"}",
                        "disputeId"},
                new String[]{"/disputes", "{\"disputeId\":\"D-1\",\"raisedOn\":\"2026-02-30\",\"reason\":\"x\"}",
                        "raisedOn"},
                new String[]{"/disputes", "{\"disputeId\":\"D-1\",\"raisedOn\":\"2026-03-01\",\"reason\":\"x\"}",
                        "raisedOn"},
                new String[]{"/write-off", "{\"date\":\"2026-03-05\"}", "reason"},
                new String[]{"/write-off", "{\"date\":20260305,\"reason\":\"x\"}", "date"},
                new String[]{"/payments/PAY-1/reversal", "{}", "reason"});
        for (String[] c : cases) {
            HttpLedger.Response response = post(c[0], c[0].contains("reversal")
                    ? SERVICE : SUPERVISOR, c[1]);
            assertThat(response.status()).as(c[1]).isEqualTo(400);
            assertThat(response.body().at("/errors/0/field").asText()).as(c[1]).isEqualTo(c[2]);
        }
        assertThat(eventsOf(account)).isEqualTo(events);
    }
}
