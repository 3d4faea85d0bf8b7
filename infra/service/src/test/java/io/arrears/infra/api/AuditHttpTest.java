package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.audit.JsonLinesCheck;
import io.arrears.infra.eventstore.Anchors;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.ChainSealer;
import io.arrears.infra.eventstore.CommitSchema;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditor's questions over HTTP after the worked example and a backdated payment: the account
 * before and after the backdating, on a value date, the chain verified, the trail exported and
 * verified offline, and a tampered document pointed at.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class AuditHttpTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;
    @Autowired
    AuditKeyring keyring;
    @Autowired
    ChainSealer chainSealer;
    @Autowired
    Anchors anchors;
    private HttpLedger ledger;
    private String account;
    private Instant beforeBackdating;
    private long lastPosition;

    @BeforeEach
    void setUp() {
        ledger = new HttpLedger("http://127.0.0.1:" + port);
        account = "AUDIT-" + ACCOUNTS.incrementAndGet();
        String accounts = "/api/v1/accounts/" + account;
        ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account));
        ledger.post(accounts + "/accruals", SERVICE, "{\"asOf\":\"2026-03-10\"}");
        ledger.post(accounts + "/payments", SERVICE,
                "{\"paymentId\":\"PAY-1\",\"amount\":\"1000.00\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"}");
        ledger.post(accounts + "/accruals", SERVICE, "{\"asOf\":\"2026-03-15\"}");
        beforeBackdating = Instant.now();
        lastPosition = ledger.post(accounts + "/payments", SERVICE,
                "{\"paymentId\":\"PAY-2\",\"amount\":\"100.00\",\"valueDate\":\"2026-03-08\",\"channel\":\"BANK\"}")
                .position();
    }

    private JsonNode get(String pathAndQuery) {
        HttpLedger.Response response = ledger.get(pathAndQuery, AUDITOR);
        assertThat(response.status()).as(pathAndQuery).isEqualTo(200);
        return response.body();
    }

    @Test
    void theAccountAsItStoodBeforeAndAfterTheBackdatingAndOnAValueDate() {
        JsonNode before = get("/api/v1/accounts/" + account + "?asOfRecorded=" + beforeBackdating);
        assertThat(before.at("/balance/total").asText()).isEqualTo("9223.96");
        assertThat(before.get("lastPaymentDate").asText()).isEqualTo("2026-03-12");
        JsonNode after = get("/api/v1/accounts/" + account + "?asOfRecorded=" + Instant.now());
        assertThat(after.at("/balance/total").asText()).isEqualTo("9123.60");
        assertThat(after.get("position").asLong()).isEqualTo(lastPosition);

        // On 2026-03-10, knowing now of the 100.00 received on 03-08: 15.24 penalty, 20.00 fees and
        // 64.76 interest paid that day, then three evenings at 5.04.
        JsonNode onTheTenth = get("/api/v1/accounts/" + account + "?asOfValueDate=2026-03-10");
        assertThat(onTheTenth.at("/balance/penalty").asText()).isEqualTo("15.12");
        assertThat(onTheTenth.at("/balance/interest").asText()).isEqualTo("85.24");
        assertThat(onTheTenth.at("/balance/total").asText()).isEqualTo("10100.36");
        assertThat(onTheTenth.get("dpd").asLong()).isEqualTo(9);
        assertThat(onTheTenth.get("stage").asText()).isEqualTo("EARLY");

        JsonNode trail = get("/api/v1/accounts/" + account + "/events?limit=1000&consistentWith=" + lastPosition);
        JsonNode last = trail.get("events").get(trail.get("events").size() - 1);
        assertThat(last.get("command").asText()).isEqualTo("RecordPayment");
        assertThat(last.get("rules").asText()).startsWith("ledger:DESIGN-3/v1 contact:DEFAULT/1");
        assertThat(last.at("/actor/role").asText()).isEqualTo("SERVICE");

        assertThat(ledger.get("/api/v1/accounts/" + account + "?asOfRecorded=" + beforeBackdating, COLLECTOR)
                .status()).isEqualTo(403);
        assertThat(ledger.get("/api/v1/accounts/" + account + "?asOfRecorded=yesterday", AUDITOR).status())
                .isEqualTo(400);
        assertThat(ledger.get("/api/v1/accounts/" + account + "?asOfRecorded=2000-01-01T00:00:00Z", AUDITOR)
                .status()).isEqualTo(404);
    }

    private JsonLinesCheck.Result check(String export) throws java.io.IOException {
        return JsonLinesCheck.check(new BufferedReader(new StringReader(export)), keyring);
    }

    @Test
    void theTrailExportsAndVerifiesOfflineAndTheGlobalTrailReadsARange() throws Exception {
        JsonNode verified = get("/api/v1/audit/verify?accountId=" + account);
        assertThat(verified.get("ok").asBoolean()).isTrue();
        long events = verified.get("eventsChecked").asLong();
        assertThat(events).isGreaterThanOrEqualTo(8);

        var jsonl = ledger.getText("/api/v1/audit/export?format=jsonl&accountId=" + account, AUDITOR);
        assertThat(jsonl.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        String lines = jsonl.body();
        assertThat(lines.lines().filter(line -> line.contains("\"sequence\"")).count()).isEqualTo(events);
        JsonLinesCheck.Result offline = check(lines);
        assertThat(offline.ok()).as(offline.problem()).isTrue();
        assertThat(offline.eventsChecked()).isEqualTo(events);
        String edited = lines.replaceFirst("\"channel\": \"BANK\"", "\"channel\": \"CASH\"");
        assertThat(edited).isNotEqualTo(lines);
        assertThat(check(edited).ok()).isFalse();
        List<String> all = lines.lines().toList();
        assertThat(check(String.join("\n", all.subList(0, all.size() - 1))).problem()).contains("cut short");
        assertThat(check(String.join("\n", all.subList(0, all.size() - 3))).ok()).isFalse();
        List<String> thinned = new java.util.ArrayList<>(all);
        thinned.remove(all.size() - 2);
        assertThat(check(String.join("\n", thinned)).ok()).isFalse();

        // The whole trail, with the global chain and the anchors, verifies offline too.
        chainSealer.sealAvailable();
        anchors.anchor(chainSealer.sealAvailable());
        String whole = ledger.getText("/api/v1/audit/export?format=jsonl", AUDITOR).body();
        assertThat(whole).contains("\"kind\": \"chain\"").contains("\"kind\": \"anchor\"");
        JsonLinesCheck.Result wholeChecked = check(whole);
        assertThat(wholeChecked.ok()).as(wholeChecked.problem()).isTrue();
        assertThat(ledger.getText("/api/v1/audit/export?format=jsonl&accountId=NO-SUCH-1", AUDITOR).statusCode())
                .isEqualTo(404);

        // The anchors are listed, and the whole store verifies against them.
        JsonNode anchorList = get("/api/v1/audit/anchors");
        assertThat(anchorList.get("anchors").size()).isGreaterThanOrEqualTo(1);
        JsonNode newest = anchorList.get("anchors").get(anchorList.get("anchors").size() - 1);
        assertThat(newest.get("position").asLong()).isLessThanOrEqualTo(anchorList.get("chainThrough").asLong());
        assertThat(newest.get("link").asText()).hasSize(64);
        JsonNode wholeStore = get("/api/v1/audit/verify");
        assertThat(wholeStore.get("ok").asBoolean()).as(wholeStore.toString()).isTrue();

        String csv = ledger.getText("/api/v1/audit/export?format=csv&accountId=" + account, AUDITOR).body();
        assertThat(csv.lines().findFirst()).hasValue(String.join(",", List.of("position", "accountId", "sequence",
                "eventId", "type", "revision", "recordedAt", "actorId", "actorRole", "clientId", "correlationId",
                "causationId", "payload", "metadata", "prevHash", "hash")));
        assertThat(csv.lines().count()).isEqualTo(events + 1);

        JsonNode page = get("/api/v1/audit/events?fromPosition=" + (lastPosition - 2) + "&toPosition=" + lastPosition);
        assertThat(page.get("events")).hasSize(3);
        assertThat(page.at("/events/2/position").asLong()).isEqualTo(lastPosition);
        assertThat(ledger.get("/api/v1/audit/export?format=xml", AUDITOR).status()).isEqualTo(400);
    }

    @Test
    void aDocumentEditedInTheStoreIsNamedByTheVerification() {
        var commits = database.getCollection(CommitSchema.COMMITS);
        Document commit = commits.find(Filters.and(Filters.eq("aggregateId", account),
                Filters.eq("firstSequence", 0L))).first();
        assertThat(commit).isNotNull();
        commits.updateOne(Filters.eq("_id", commit.get("_id")), Updates.set("events.0.payload.product", "CARD"));

        JsonNode verified = get("/api/v1/audit/verify?accountId=" + account);

        assertThat(verified.get("ok").asBoolean()).isFalse();
        assertThat(verified.at("/brokenLink/sequence").asLong()).isZero();
        assertThat(verified.at("/brokenLink/problem").asText()).contains("edited");
    }
}
