package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrears.command.account.LedgerClock;
import io.arrears.infra.ArrearsApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.SUPERVISOR;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Promises, plans, escalation, bureau and legal over HTTP, on today's calendar. Plans here have no
 * grace days, so a missed instalment breaks its plan the same evening (in the context the CN contact
 * preset shares).
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true",
                "arrears.workflow.plan-grace-days=0", "arrears.contact.preset=CN_COLLECTION_STANDARD"})
class WorkflowHttpTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    LedgerClock ledgerClock;
    private HttpLedger ledger;
    private String account;
    private LocalDate today;

    @BeforeEach
    void setUp() {
        ledger = new HttpLedger("http://127.0.0.1:" + port);
        account = "FLOW-" + ACCOUNTS.incrementAndGet();
        today = ledgerClock.today();
        assertThat(ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account)).status())
                .isEqualTo(201);
    }

    private HttpLedger.Response post(String path, String key, String json) {
        return ledger.post("/api/v1/accounts/" + account + path, key, json);
    }

    private List<String> eventTypes(long position) {
        JsonNode trail = ledger.get("/api/v1/accounts/" + account + "/events?limit=1000&consistentWith=" + position,
                AUDITOR).body();
        List<String> types = new ArrayList<>();
        trail.get("events").forEach(event -> types.add(event.get("type").asText()));
        return types;
    }

    @Test
    void aPromiseIsKeptByAPaymentAndAnotherBrokenByTheCalendarWhichEscalates() {
        // An account due five days ago: EARLY once accrued, so a broken promise moves it to MIDDLE.
        account = account + "-RECENT";
        assertThat(ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account)
                .replace("2026-03-01", today.minusDays(5).toString())).status()).isEqualTo(201);
        post("/accruals", SERVICE, "{\"asOf\":\"" + today.minusDays(1) + "\"}");
        HttpLedger.Response kept = post("/promises", COLLECTOR,
                "{\"promiseId\":\"PTP-1\",\"amount\":\"100.00\",\"dueDate\":\"" + today.plusDays(3) + "\"}");
        assertThat(kept.status()).isEqualTo(201);
        HttpLedger.Response payment = post("/payments", SERVICE, "{\"paymentId\":\"PAY-1\",\"amount\":\"100.00\","
                + "\"valueDate\":\"" + today + "\",\"channel\":\"ALIPAY\"}");
        assertThat(eventTypes(payment.position())).endsWith("PaymentRecorded", "PromiseKept");

        post("/promises", COLLECTOR, "{\"promiseId\":\"PTP-2\",\"amount\":\"200.00\",\"dueDate\":\"" + today + "\"}");
        HttpLedger.Response evening = post("/accruals", SERVICE, "{\"asOf\":\"" + today + "\"}");

        assertThat(eventTypes(evening.position())).endsWith("PenaltyAccrued", "PromiseBroken", "StageEscalated");
        JsonNode view = ledger.get("/api/v1/accounts/" + account + "?consistentWith=" + evening.position(), SERVICE)
                .body();
        assertThat(view.get("stage").asText()).isEqualTo("MIDDLE");
    }

    @Test
    void aPlanWhoseInstalmentIsMissedBreaks() {
        post("/accruals", SERVICE, "{\"asOf\":\"" + today.minusDays(1) + "\"}");
        HttpLedger.Response plan = post("/plans", COLLECTOR, """
                {"planId":"PLAN-1","kind":"INSTALMENTS","instalments":[
                  {"dueDate":"%s","amount":"100.00"},{"dueDate":"%s","amount":"100.00"}]}"""
                .formatted(today, today.plusDays(30)));
        assertThat(plan.status()).isEqualTo(201);
        assertThat(post("/plans", COLLECTOR, """
                {"planId":"PLAN-2","kind":"LUMP_SUM","instalments":[{"dueDate":"%s","amount":"500.00"}]}"""
                .formatted(today)).status()).isEqualTo(409);

        HttpLedger.Response evening = post("/accruals", SERVICE, "{\"asOf\":\"" + today + "\"}");

        assertThat(eventTypes(evening.position())).endsWith("InstalmentMissed", "PlanBroken");
    }

    @Test
    void malformedPlansArePointedOutFieldByField() {
        HttpLedger.Response response = post("/plans", COLLECTOR, """
                {"planId":"PLAN-1","kind":"INSTALMENTS","instalments":[
                  {"dueDate":"%s","amount":"100.001"},{"dueDate":"someday","amount":"100.00"}]}""".formatted(today));
        assertThat(response.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.body().get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertThat(fields).containsExactly("instalments[1].dueDate");
        HttpLedger.Response digits = post("/plans", COLLECTOR, """
                {"planId":"PLAN-1","kind":"EXTENSION","instalments":[{"dueDate":"%s","amount":"100.001"}]}"""
                .formatted(today));
        assertThat(digits.status()).isEqualTo(400);
        assertThat(digits.body().at("/errors/0/field").asText()).isEqualTo("instalments[0].amount");
        HttpLedger.Response kind = post("/plans", COLLECTOR, """
                {"planId":"PLAN-1","kind":"EXTENSION","instalments":[{"dueDate":"%s","amount":"1.00"},
                 {"dueDate":"%s","amount":"1.00"}]}""".formatted(today, today.plusDays(1)));
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.body().at("/errors/0/field").asText()).isEqualTo("instalments");
    }

    @Test
    void bureauReportingFromLateAndLegalActionOnlyInLegal() {
        HttpLedger.Response early = post("/bureau-reports", SUPERVISOR, "{\"bureau\":\"PBOC\",\"reference\":\"CR-1\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().get("rule").asText()).isEqualTo("bureau.stage-before-late");

        post("/accruals", SERVICE, "{\"asOf\":\"2026-05-10\"}");
        assertThat(post("/bureau-reports", SUPERVISOR, "{\"bureau\":\"PBOC\",\"reference\":\"CR-1\"}").status())
                .isEqualTo(201);
        assertThat(post("/legal-actions", SUPERVISOR, "{\"reference\":\"HZ-1\",\"action\":\"CLAIM_FILED\","
                + "\"description\":\"claim filed\"}").status()).isEqualTo(409);
        post("/escalations", SUPERVISOR, "{\"toStage\":\"LEGAL\",\"reason\":\"no payment in 70 days\"}");
        assertThat(post("/legal-actions", SUPERVISOR, "{\"reference\":\"HZ-1\",\"action\":\"CLAIM_FILED\","
                + "\"description\":\"claim filed\"}").status()).isEqualTo(201);
        assertThat(post("/legal-actions", COLLECTOR, "{\"reference\":\"HZ-2\",\"action\":\"CLAIM_FILED\","
                + "\"description\":\"claim filed\"}").status()).isEqualTo(403);
    }
}
