package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.axon.LedgerMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.METRICS;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus shows the event store, the rejections, the processors and the portfolio; health the
 * processors. Spring's test support leaves metric exporters off unless asked, hence its own context.
 */
@AutoConfigureObservability
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class MetricsHttpTest {

    @LocalServerPort
    int port;
    @Autowired
    LedgerMetrics ledgerMetrics;

    @Test
    void prometheusAndHealthShowTheLedger() {
        HttpLedger ledger = new HttpLedger("http://127.0.0.1:" + port);
        ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted("MET-1"));
        String payment = "{\"paymentId\":\"P-1\",\"amount\":\"10.00\",\"valueDate\":\"2026-03-05\",\"channel\":\"BANK\"}";
        HttpLedger.Response paid = ledger.post("/api/v1/accounts/MET-1/payments", SERVICE, payment);
        ledger.post("/api/v1/accounts/MET-1/payments", SERVICE, payment.replace("10.00", "11.00"));
        // The payment first posts the evenings to 03-04: three days past due, EARLY.
        ledger.get("/api/v1/accounts/MET-1?consistentWith=" + paid.position(), SERVICE);
        ledgerMetrics.refreshPortfolio();

        var response = ledger.getText("/actuator/prometheus", METRICS);
        String metrics = response.body();
        assertThat(response.statusCode()).as(metrics.substring(0, Math.min(300, metrics.length()))).isEqualTo(200);

        assertThat(value(metrics, "arrears_eventstore_append_seconds_count")).isPositive();
        assertThat(value(metrics, "arrears_eventstore_append_events_sum")).isPositive();
        assertThat(value(metrics, "arrears_requests_rejected_total\\{reason=\"payment.id-reused\"")).isPositive();
        assertThat(metrics).contains("arrears_processor_lag{processor=\"account-view\"");
        assertThat(value(metrics, "arrears_accounts\\{stage=\"EARLY\",status=\"OPEN\"")).isPositive();
        assertThat(value(metrics, "arrears_outstanding_minor\\{currency=\"CNY\",stage=\"EARLY\"")).isPositive();
        assertThat(metrics).containsPattern("(?i)commandBus|command_bus");
        // Axon's capacity gauges keep every message of ten minutes in memory (BoundedMetricRegistry).
        assertThat(metrics).containsPattern("(?i)account_view_latency").doesNotContainPattern("(?i)_capacity\\b");
        // Requests are timed; Spring Security's observations of each filter are not kept (application.yml).
        String payments = "http_server_requests_seconds_count\\{.*uri=\"/api/v1/accounts/\\{accountId}/payments\"";
        assertThat(value(metrics, payments)).isPositive();
        assertThat(metrics).doesNotContain("spring_security_");

        JsonNode health = ledger.get("/actuator/health", METRICS).body();
        assertThat(health.at("/components/processors/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/processors/details/account-view/running").asBoolean()).isTrue();
    }

    @Test
    void anyoneSeesWhetherTheLedgerIsUpAndOnlyAMetricsKeySeesMore() {
        HttpLedger ledger = new HttpLedger("http://127.0.0.1:" + port);
        for (String probe : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpLedger.Response anonymous = ledger.get(probe, null);
            assertThat(anonymous.status()).as(probe).isEqualTo(200);
            assertThat(anonymous.body().get("status").asText()).as(probe).isEqualTo("UP");
            assertThat(anonymous.body().has("components")).as(probe).isFalse();
            assertThat(anonymous.raw().body()).as(probe).doesNotContain("path").doesNotContain("database")
                    .doesNotContain("free");
        }
        // Another key sees the status alone too; the metrics key sees the store, disk and processors.
        assertThat(ledger.get("/actuator/health", AUDITOR).body().has("components")).isFalse();
        assertThat(ledger.get("/actuator/health", METRICS).body().at("/components/diskSpace/status").asText())
                .isEqualTo("UP");
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics",
                "/actuator/metrics/arrears.eventstore.append", "/actuator/info", "/actuator/health/diskSpace"}) {
            assertThat(ledger.get(path, null).status()).as(path + " without a key").isEqualTo(401);
            assertThat(ledger.get(path, SERVICE).status()).as(path + " with the service key").isEqualTo(403);
            assertThat(ledger.get(path, AUDITOR).status()).as(path + " with the auditor key").isEqualTo(403);
            assertThat(ledger.get(path, METRICS).status()).as(path + " with the metrics key").isNotIn(401, 403);
        }
        // Endpoints the ledger does not expose stay closed to every key.
        for (String path : new String[] {"/actuator", "/actuator/env", "/actuator/beans", "/actuator/heapdump"}) {
            assertThat(ledger.get(path, METRICS).status()).as(path).isEqualTo(403);
        }
        // A metrics key reads nothing of an account.
        assertThat(ledger.get("/api/v1/accounts/MET-1", METRICS).status()).isEqualTo(403);
    }

    /** The first sample of a metric whose line starts with {@code prefix} (a regular expression). */
    private static double value(String metrics, String prefix) {
        Matcher matcher = Pattern.compile("(?m)^" + prefix + "[^ ]* ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(matcher.find()).as(prefix + " in\n" + metrics.lines().filter(l -> l.startsWith("arrears"))
                .toList()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
