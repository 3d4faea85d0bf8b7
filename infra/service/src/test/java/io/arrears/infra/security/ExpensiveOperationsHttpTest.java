package io.arrears.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.arrears.command.account.LedgerClock;
import io.arrears.infra.ArrearsApplication;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A portfolio accrual run is a pass over every account and a rebuild replays the whole store, so
 * each is bounded: a run only for a date some account has and whose evening is over, and one
 * rebuild of a projection at a time, whichever node starts it. Runs in the access matrix's own
 * store, whose only account opens on 2026-03-01.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true",
                "spring.application.name=access-matrix"})
class ExpensiveOperationsHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;
    @Autowired
    LedgerClock clock;

    /** The position BOUNDS-1 was opened at, once it is. */
    private static volatile Long opened;

    @BeforeEach
    void anAccountOpensOnTheFirstOfMarch() throws Exception {
        if (opened == null) {
            HttpResponse<String> response = call("POST", "/api/v1/accounts", "dev-service-key", """
                    {"accountId":"BOUNDS-1","borrowerId":"B-B","product":"HUABEI","currency":"CNY",
                     "dueDate":"2026-03-01","principal":"100.00","terms":{"penaltyRateBpsPerDay":5,"graceDays":3},
                     "borrower":{"timezone":"Asia/Shanghai"}}""");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            opened = JSON.readTree(response.body()).get("position").asLong();
        }
        database.getCollection("projection_rebuilds").deleteMany(new Document());
    }

    @Test
    void anAccrualRunIsRefusedBeforeTheEarliestOpeningAndForADayNotOverYet() throws Exception {
        awaitTheAccountView();
        HttpResponse<String> ancient = startRun("1208-01-01");
        assertThat(ancient.statusCode()).isEqualTo(400);
        assertThat(field(ancient, "/errors/0/message")).contains("2026-03-01");
        assertThat(startRun("2026-02-28").statusCode()).isEqualTo(400);

        HttpResponse<String> today = startRun(clock.today().toString());
        assertThat(today.statusCode()).isEqualTo(400);
        assertThat(field(today, "/errors/0/message")).contains(clock.today().minusDays(1).toString());

        // The earliest opening itself is a date an account has: the run starts (and posts nothing).
        assertThat(startRun("2026-03-01").statusCode()).isIn(200, 202);
    }

    @Test
    void aRebuildIsRefusedWhileAnotherOfTheSameProjectionRuns() throws Exception {
        Instant now = Instant.now();
        database.getCollection("projection_rebuilds").insertOne(new Document("_id", "account-view")
                .append("holder", "another-node").append("until", Date.from(now.plusSeconds(60))));
        HttpResponse<String> second = call("POST", "/api/v1/audit/projections/account-view/rebuild",
                "dev-supervisor-key", null);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(field(second, "/rule")).isEqualTo("projection.rebuild-running");
        assertThat(second.headers().firstValue("Content-Type")).contains("application/problem+json");

        database.getCollection("projection_rebuilds").insertOne(new Document("_id", "rebuild-check")
                .append("holder", "another-node").append("until", Date.from(now.plusSeconds(60))));
        assertThat(call("GET", "/api/v1/audit/rebuild-check", "dev-auditor-key", null).statusCode()).isEqualTo(409);

        // A lease whose holder stopped renewing it lapses: the next check runs and gives it back after.
        database.getCollection("projection_rebuilds").updateOne(Filters.eq("_id", "rebuild-check"),
                new Document("$set", new Document("until", Date.from(now.minusSeconds(1)))));
        HttpResponse<String> check = call("GET", "/api/v1/audit/rebuild-check", "dev-auditor-key", null);
        assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
        assertThat(database.getCollection("projection_rebuilds").find(Filters.eq("_id", "rebuild-check")).first())
                .isNull();
    }

    private void awaitTheAccountView() throws Exception {
        HttpResponse<String> view = call("GET", "/api/v1/accounts/BOUNDS-1?consistentWith=" + opened,
                "dev-service-key", null);
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
    }

    private HttpResponse<String> startRun(String asOf) throws Exception {
        return call("POST", "/api/v1/accrual-runs", "dev-supervisor-key", "{\"asOf\":\"" + asOf + "\"}");
    }

    private static String field(HttpResponse<String> response, String pointer) throws Exception {
        return JSON.readTree(response.body()).at(pointer).asText();
    }

    private HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("X-Api-Key", key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
