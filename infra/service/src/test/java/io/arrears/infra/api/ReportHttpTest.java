package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrears.infra.ArrearsApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.SUPERVISOR;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reports over HTTP for two EUR accounts (other tests in this context use CNY): what the aging
 * shows on each date is what time travel recomputes from the events for those accounts, backdated
 * payment and write-off included.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class ReportHttpTest {

    private static final List<String> ACCOUNTS = List.of("RPT-1", "RPT-2");
    private static final List<String> DATES = List.of("2026-03-01", "2026-03-05", "2026-03-08", "2026-03-12",
            "2026-03-17", "2026-03-18", "2026-03-20");

    @LocalServerPort
    int port;

    private HttpLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = new HttpLedger("http://127.0.0.1:" + port);
    }

    private void portfolio() {
        if (ledger.get("/api/v1/accounts/RPT-1", SERVICE).status() == 200) {
            return;
        }
        String a = "/api/v1/accounts/";
        assertThat(ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted("RPT-1")
                .replace("\"CNY\"", "\"EUR\"")).status()).isEqualTo(201);
        assertThat(ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted("RPT-2")
                .replace("\"CNY\"", "\"EUR\"").replace("\"dueDate\": \"2026-03-01\"", "\"dueDate\": \"2026-02-01\"")
                .replace("\"10000.00\"", "\"500.00\"")).status()).isEqualTo(201);
        ok(ledger.post(a + "RPT-1/accruals", SERVICE, "{\"asOf\":\"2026-03-10\"}"));
        ok(ledger.post(a + "RPT-1/payments", SERVICE,
                "{\"paymentId\":\"PAY-1\",\"amount\":\"1000.00\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"}"));
        ok(ledger.post(a + "RPT-1/contacts", COLLECTOR, """
                {"contactId":"C-1","channel":"PHONE","direction":"OUTBOUND","outcome":"CONVERSATION",
                 "occurredAt":"2026-03-12T02:30:00Z","agentId":"agent-7","note":"will pay"}"""));
        ok(ledger.post(a + "RPT-1/accruals", SERVICE, "{\"asOf\":\"2026-03-20\"}"));
        ok(ledger.post(a + "RPT-1/payments", SERVICE,
                "{\"paymentId\":\"PAY-2\",\"amount\":\"100.00\",\"valueDate\":\"2026-03-08\",\"channel\":\"BANK\"}"));
        ok(ledger.post(a + "RPT-2/accruals", SERVICE, "{\"asOf\":\"2026-03-20\"}"));
        HttpLedger.Response writeOff = ledger.post(a + "RPT-2/write-off", SUPERVISOR,
                "{\"date\":\"2026-03-18\",\"reason\":\"uncollectable\"}");
        ok(writeOff);
        assertThat(ledger.get(a + "RPT-2?consistentWith=" + writeOff.position(), SERVICE).status()).isEqualTo(200);
    }

    private static void ok(HttpLedger.Response response) {
        assertThat(response.status()).as(response.body().toString()).isBetween(200, 201);
    }

    /** The EUR rows of the aging on a date, once the report has taken in every payment. */
    private List<JsonNode> eurAging(String date) {
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.get("/api/v1/reports/performance?from=2026-03-01"
                + "&to=2026-03-31", SUPERVISOR).body().toString().contains("\"currency\":\"EUR\",\"channel\":\"BANK\""));
        await().atMost(Duration.ofSeconds(20)).until(() -> eurRows(date).stream()
                .anyMatch(row -> row.get("stage").asText().equals("WRITTEN_OFF")) || date.compareTo("2026-03-18") < 0);
        return eurRows(date);
    }

    private List<JsonNode> eurRows(String date) {
        HttpLedger.Response aging = ledger.get("/api/v1/reports/aging?asOf=" + date, AUDITOR);
        assertThat(aging.status()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        aging.body().get("rows").forEach(row -> {
            if (row.get("currency").asText().equals("EUR")) {
                rows.add(row);
            }
        });
        return rows;
    }

    @Test
    void theAgingOnEachDateIsWhatTheEventsRecomputeForThatDate() {
        portfolio();

        for (String date : DATES) {
            BigDecimal owed = BigDecimal.ZERO;
            for (String account : ACCOUNTS) {
                JsonNode past = ledger.get("/api/v1/accounts/" + account + "?asOfValueDate=" + date, AUDITOR).body();
                owed = owed.add(new BigDecimal(past.at("/balance/total").asText()));
            }
            List<JsonNode> rows = eurAging(date);
            BigDecimal aged = rows.stream().map(r -> new BigDecimal(r.get("total").asText()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(aged).as("EUR owed on %s", date).isEqualTo(owed);
            assertThat(rows.stream().mapToLong(r -> r.get("accounts").asLong()).sum()).isEqualTo(2);
        }
        List<JsonNode> onThe20th = eurAging("2026-03-20");
        assertThat(onThe20th).extracting(r -> r.get("stage").asText() + " " + r.get("bucket").asText())
                .containsExactly("EARLY 1-30", "WRITTEN_OFF 31-60");
    }

    @Test
    void performanceAndContactsCountThePeriodsFactsAndCsvShowsTheSameRows() {
        portfolio();
        eurAging("2026-03-20");

        JsonNode performance = ledger.get("/api/v1/reports/performance?from=2026-03-01&to=2026-03-31", SUPERVISOR)
                .body();
        List<String> eurCollections = new ArrayList<>();
        performance.get("collections").forEach(c -> {
            if (c.get("currency").asText().equals("EUR")) {
                eurCollections.add(c.get("channel").asText() + " " + c.get("payments").asLong() + " "
                        + c.get("amount").asText());
            }
        });
        assertThat(eurCollections).containsExactly("ALIPAY 1 1000.00", "BANK 1 100.00");
        JsonNode contacts = ledger.get("/api/v1/reports/contacts?from=2026-03-12&to=2026-03-12", SUPERVISOR).body();
        assertThat(contacts.get("channels").toString()).contains("\"channel\":\"PHONE\"");

        HttpResponse<String> csv = ledger.getText("/api/v1/reports/aging?asOf=2026-03-20&format=csv", AUDITOR);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("asOf,currency,stage,bucket,accounts,principal,interest,fees,penalty,total\r\n");
        for (JsonNode row : eurAging("2026-03-20")) {
            assertThat(csv.body()).contains(String.join(",", "2026-03-20", "EUR", row.get("stage").asText(),
                    row.get("bucket").asText(), row.get("accounts").asText(), row.get("principal").asText(),
                    row.get("interest").asText(), row.get("fees").asText(), row.get("penalty").asText(),
                    row.get("total").asText()) + "\r\n");
        }
        HttpResponse<String> rolls = ledger.getText("/api/v1/reports/roll-rates?asOf=2026-03-20&months=1&format=csv",
                AUDITOR);
        assertThat(rolls.statusCode()).isEqualTo(200);
        assertThat(rolls.body()).startsWith("month,startOfMonth,endOfMonth,from,to,accounts,share\r\n");
    }

    @Test
    void badQueriesAreProblemsAndOnlySupervisorsAndAuditorsMayRead() {
        List.of("/aging?asOf=2026-02-30", "/aging?asOf=yesterday", "/aging?format=xml", "/roll-rates?months=0",
                "/roll-rates?months=37", "/roll-rates?months=two", "/performance?from=2026-04-01&to=2026-03-01",
                "/contacts?from=1800-01-01&to=2026-03-01", "/contacts?from=2000-01-01&to=2026-03-01")
                .forEach(query -> {
                    HttpLedger.Response response = ledger.get("/api/v1/reports" + query, SUPERVISOR);
                    assertThat(response.status()).as(query).isEqualTo(400);
                    assertThat(response.body().get("errors")).as(query).isNotEmpty();
                });
        assertThat(ledger.get("/api/v1/reports/aging", COLLECTOR).status()).isEqualTo(403);
        assertThat(ledger.get("/api/v1/reports/aging", SERVICE).status()).isEqualTo(403);
        assertThat(ledger.get("/api/v1/reports/aging", null).status()).isEqualTo(401);
        assertThat(ledger.get("/api/v1/reports/aging", SUPERVISOR).status()).isEqualTo(200);
    }
}
