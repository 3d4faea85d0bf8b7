package io.arrears.infra.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Distributed for real: two ledger processes on one store (the store a process of its own). They
 * split each projection's segments between them; each account is written through both, so a node
 * pays into an account it holds in its cache while the other node has changed it since; one node is
 * killed with SIGKILL; the other takes its segments over and every projection completes, accounts
 * written through either node included.
 */
class TwoNodesIT {

    private static final String KEY = "two-nodes-it-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUDIT_KEYS = "two-nodes-it=" + java.util.Base64.getEncoder()
            .encodeToString(new java.security.SecureRandom().generateSeed(32));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    private List<String> nodeArguments() throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(KEY.getBytes(StandardCharsets.UTF_8)));
        return List.of("--arrears.security.api-keys[0].id=two-nodes-it",
                "--arrears.security.api-keys[0].sha256=" + sha256,
                "--arrears.security.api-keys[0].roles=SERVICE,COLLECTOR,SUPERVISOR,AUDITOR",
                // A replica set's ledger needs audit keys, the same on every node.
                "--arrears.audit.keys=" + AUDIT_KEYS,
                "--arrears.accrual.schedule-enabled=false");
    }

    @Test
    void theSurvivorTakesTheKilledNodesSegmentsAndTheProjectionsComplete() throws Exception {
        try (LedgerProcess store = LedgerProcess.store(work.resolve("store.log"))) {
            String uri = "mongodb://127.0.0.1:" + store.port + "/arrears";
            LedgerProcess first = LedgerProcess.launch(uri, work.resolve("first.log"), nodeArguments());
            LedgerProcess second = LedgerProcess.launch(uri, work.resolve("second.log"), nodeArguments());
            try (first; second; MongoClient client = MongoClients.create(uri)) {
                first.awaitHealthy();
                second.awaitHealthy();
                MongoCollection<Document> tokens = client.getDatabase("arrears").getCollection("trackingtokens");

                await("both nodes hold account-view segments").atMost(Duration.ofSeconds(60))
                        .until(() -> owners(tokens, "account-view").size() == 2);

                List<String> accounts = new ArrayList<>();
                Set<String> paidAccounts = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    LedgerProcess writer = i % 2 == 0 ? first : second;
                    LedgerProcess other = i % 2 == 0 ? second : first;
                    String account = "TWO-" + i;
                    assertThat(post(writer, "/api/v1/accounts", WORKED_EXAMPLE_ACCOUNT.formatted(account)).statusCode())
                            .isEqualTo(201);
                    assertThat(post(other, "/api/v1/accounts/" + account + "/accruals", "{\"asOf\":\"2026-03-10\"}")
                            .statusCode()).isEqualTo(200);
                    assertThat(post(other, "/api/v1/accounts/" + account + "/payments", "{\"paymentId\":\"PAY-0\","
                            + "\"amount\":\"100.00\",\"valueDate\":\"2026-03-11\",\"channel\":\"BANK\"}").statusCode())
                            .isEqualTo(201);
                    // The writer's cached account has seen neither the accrual nor PAY-0 (which paid the
                    // 30.48 penalty, the fees and 49.52 interest): its append collides, it loads the
                    // account afresh and allocates what is owed now, one evening's penalty first.
                    HttpResponse<String> paid = post(writer, "/api/v1/accounts/" + account + "/payments",
                            "{\"paymentId\":\"PAY-1\",\"amount\":\"1000.00\",\"valueDate\":\"2026-03-12\","
                                    + "\"channel\":\"ALIPAY\"}");
                    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
                    JsonNode allocation = JSON.readTree(paid.body()).get("allocation");
                    assertThat(allocation.get("penalty").asText()).isEqualTo("5.05");
                    assertThat(allocation.get("interest").asText()).isEqualTo("100.48");
                    assertThat(allocation.get("principal").asText()).isEqualTo("894.47");
                    paidAccounts.add(account);
                    accounts.add(account);
                }

                first.kill();

                long lastPosition = 0;
                for (int i = 20; i < 30; i++) {
                    String account = "TWO-" + i;
                    post(second, "/api/v1/accounts", WORKED_EXAMPLE_ACCOUNT.formatted(account));
                    lastPosition = JSON.readTree(post(second, "/api/v1/accounts/" + account + "/accruals",
                            "{\"asOf\":\"2026-03-10\"}").body()).get("position").asLong();
                    accounts.add(account);
                }
                await("the survivor holds every segment").atMost(Duration.ofSeconds(60))
                        .until(() -> owners(tokens, "account-view").size() == 1);
                for (String account : accounts) {
                    boolean paid = paidAccounts.contains(account);
                    String accruedThrough = paid ? "2026-03-11" : "2026-03-10";
                    JsonNode view = await().atMost(Duration.ofSeconds(60)).until(
                            () -> get(second, "/api/v1/accounts/" + account),
                            body -> body != null && accruedThrough.equals(body.path("accruedThrough").asText()));
                    assertThat(view.at("/balance/penalty").asText()).isEqualTo(paid ? "0.00" : "30.48");
                    assertThat(view.at("/balance/total").asText()).isEqualTo(paid ? "9105.53" : "10200.48");
                }
                JsonNode reconciliation = await().atMost(Duration.ofSeconds(60)).until(
                        () -> get(second, "/api/v1/reconciliation?limit=1000"),
                        body -> body != null && body.path("lagging").asInt(-1) == 0);
                assertThat(reconciliation.get("ok").asBoolean()).as(reconciliation.toString()).isTrue();
                assertThat(reconciliation.get("accountsChecked").asInt()).isEqualTo(30);
                assertThat(lastPosition).isPositive();
            }
        }
    }

    /** The nodes that hold a claim on some segment of the processor. */
    private static Set<String> owners(MongoCollection<Document> tokens, String processor) {
        Set<String> owners = new HashSet<>();
        for (Document token : tokens.find(new Document("processorName", processor))) {
            if (token.getString("owner") != null) {
                owners.add(token.getString("owner"));
            }
        }
        return owners;
    }

    private HttpResponse<String> post(LedgerProcess node, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Api-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(LedgerProcess node, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.base() + path))
                .timeout(Duration.ofSeconds(30)).header("X-Api-Key", KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }
}
