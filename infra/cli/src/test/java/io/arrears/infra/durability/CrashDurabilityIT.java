package io.arrears.infra.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledged means durable: the packaged ledger ({@code java -jar arrears.jar}) on the embedded
 * default (H2 files) takes 1,000 concurrent payments with idempotency ids and is killed with SIGKILL
 * mid-load, right after acknowledging 500; restarted on the same data, it answers every retried
 * payment, the acknowledged ones with their original result, records each exactly once, its hash
 * chains verify and its projections reconcile; a graceful restart keeps everything too.
 */
class CrashDurabilityIT {

    private static final int ACCOUNTS = 4;
    private static final int CLIENTS = 8;
    private static final int PAYMENTS = 1_000;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedPaymentSurvivesAKillAndARestart() throws Exception {
        Path data = work.resolve("data");
        Path log = work.resolve("ledger.log");
        Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>();
        try (LedgerProcess first = LedgerProcess.start(data, log)) {
            for (int a = 0; a < ACCOUNTS; a++) {
                assertThat(post(first, "/api/v1/accounts", openAccount("CR-" + a)).statusCode()).isEqualTo(201);
            }
            payUntilKilled(first, acknowledged);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

        try (LedgerProcess restarted = LedgerProcess.start(data, log)) {
            // The clients retry every payment they sent or meant to send, as many at once as before: the
            // acknowledged ones answer their original result, the others are recorded now, and none twice.
            retryAll(restarted, acknowledged);
            for (int a = 0; a < ACCOUNTS; a++) {
                String account = "CR-" + a;
                // The audit trail is a projection: wait until it has caught up with the retries.
                List<String> paymentIds = await().atMost(Duration.ofSeconds(60))
                        .until(() -> recordedPayments(restarted, account), ids -> ids.size() >= PAYMENTS / ACCOUNTS);
                assertThat(paymentIds).as(account).hasSize(PAYMENTS / ACCOUNTS).doesNotHaveDuplicates();
            }
            JsonNode chains = JSON.readTree(get(restarted, "/api/v1/audit/verify", "dev-auditor-key").body());
            assertThat(chains.get("ok").asBoolean()).as(chains.toString()).isTrue();
            JsonNode reconciliation = await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(
                    get(restarted, "/api/v1/reconciliation", "dev-auditor-key").body()),
                    report -> report.path("lagging").asInt(-1) == 0);
            assertThat(reconciliation.get("ok").asBoolean()).as(reconciliation.toString()).isTrue();
            restarted.stop();
        }

        try (LedgerProcess third = LedgerProcess.start(data, log)) {
            String anyPayment = acknowledged.keySet().iterator().next();
            assertThat(post(third, paymentPath(anyPayment), paymentBody(anyPayment)).statusCode()).isEqualTo(200);
            HttpResponse<String> view = get(third, "/api/v1/accounts/CR-0");
            assertThat(view.statusCode()).isEqualTo(200);
        }
    }

    private void payUntilKilled(LedgerProcess ledger, Map<String, JsonNode> acknowledged) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                while (!killed.get()) {
                    int n = next.getAndIncrement();
                    if (n >= PAYMENTS) {
                        return null;
                    }
                    String paymentId = paymentKey(n);
                    try {
                        HttpResponse<String> response = post(ledger, paymentPath(paymentId), paymentBody(paymentId));
                        if (response.statusCode() == 201) {
                            acknowledged.put(paymentId, JSON.readTree(response.body()));
                        }
                    } catch (Exception connectionLost) {
                        return null;
                    }
                    if (acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL && killed.compareAndSet(false, true)) {
                        ledger.kill();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();
    }

    private void retryAll(LedgerProcess ledger, Map<String, JsonNode> acknowledged) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> retries = new ArrayList<>();
        for (int n = 0; n < PAYMENTS; n++) {
            String payment = paymentKey(n);
            retries.add(clients.submit(() -> {
                HttpResponse<String> retry = post(ledger, paymentPath(payment), paymentBody(payment));
                JsonNode original = acknowledged.get(payment);
                if (original != null) {
                    assertThat(retry.statusCode()).as("payment %s after the kill", payment).isEqualTo(200);
                    assertThat(JSON.readTree(retry.body()).get("allocation")).isEqualTo(original.get("allocation"));
                } else {
                    assertThat(retry.statusCode()).as("payment %s after the kill", payment).isIn(200, 201);
                }
                return null;
            }));
        }
        for (Future<?> retry : retries) {
            retry.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();
    }

    /** The payment ids of the account's PaymentRecorded events, as the audit trail lists them. */
    private List<String> recordedPayments(LedgerProcess ledger, String account) throws Exception {
        JsonNode trail = JSON.readTree(get(ledger, "/api/v1/accounts/" + account + "/events?limit=1000",
                "dev-auditor-key").body());
        List<String> paymentIds = new ArrayList<>();
        trail.get("events").forEach(event -> {
            if (event.get("type").asText().equals("PaymentRecorded")) {
                paymentIds.add(event.at("/payload/paymentId").asText());
            }
        });
        return paymentIds;
    }

    /** Payment n of the load, spread over the accounts: {@code CR-<account>/PAY-<n>}. */
    private static String paymentKey(int n) {
        return "CR-" + (n % ACCOUNTS) + "/PAY-" + n;
    }

    private static String paymentPath(String paymentKey) {
        return "/api/v1/accounts/" + paymentKey.substring(0, paymentKey.indexOf('/')) + "/payments";
    }

    private static String paymentBody(String paymentKey) {
        String paymentId = paymentKey.substring(paymentKey.indexOf('/') + 1);
        return "{\"paymentId\":\"" + paymentId + "\",\"amount\":\"0.01\",\"valueDate\":\"2026-03-12\","
                + "\"channel\":\"ALIPAY\"}";
    }

    private static String openAccount(String accountId) {
        return """
                {"accountId":"%s","borrowerId":"B-1","product":"HUABEI","currency":"CNY","dueDate":"2026-03-01",
                 "principal":"10000.00","terms":{"penaltyRateBpsPerDay":5,"graceDays":3},
                 "borrower":{"timezone":"Asia/Shanghai"}}""".formatted(accountId);
    }

    private HttpResponse<String> post(LedgerProcess ledger, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ledger.base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Api-Key", "dev-service-key")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(LedgerProcess ledger, String path) throws Exception {
        return get(ledger, path, "dev-service-key");
    }

    private HttpResponse<String> get(LedgerProcess ledger, String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ledger.base() + path)).timeout(Duration.ofSeconds(30))
                .header("X-Api-Key", key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
