package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.privacy.MongoPersonalDataAccessLog;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.SUPERVISOR;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Borrowers' contact details are shown only to the roles that contact them, each showing is on
 * record, and only a key that stands for people may name the person acting.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class PersonalDataHttpTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;

    private HttpLedger ledger;
    private String account;
    private long opened;

    @BeforeEach
    void open() {
        ledger = new HttpLedger("http://127.0.0.1:" + port);
        account = "PII-" + ACCOUNTS.incrementAndGet();
        opened = ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account)
                .replace("B-77", "B-" + account)).position();
    }

    private JsonNode view(String apiKey, String... headers) {
        HttpLedger.Response response = ledger.request("GET", "/api/v1/accounts/" + account + "?consistentWith="
                + opened, apiKey, null, headers);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return response.body();
    }

    private List<Document> accessRecords() {
        return database.getCollection(MongoPersonalDataAccessLog.COLLECTION).find(Filters.eq("accountId", account))
                .into(new java.util.ArrayList<>());
    }

    @Test
    void collectorsAndSupervisorsSeeTheContactDetailsAndServicesAndAuditorsDoNot() {
        for (String key : new String[] {SERVICE, AUDITOR}) {
            JsonNode seen = view(key);
            assertThat(seen.get("borrowerId").asText()).as(key).isEqualTo("B-" + account);
            assertThat(seen.has("borrower")).as(key).isFalse();
            assertThat(seen.toString()).as(key).doesNotContain("Li Wei").doesNotContain("+8613800000000")
                    .doesNotContain("pii:");
        }
        assertThat(accessRecords()).isEmpty();

        for (String key : new String[] {COLLECTOR, SUPERVISOR}) {
            JsonNode borrower = view(key).get("borrower");
            assertThat(borrower.get("name").asText()).as(key).isEqualTo("Li Wei");
            assertThat(borrower.get("phone").asText()).as(key).isEqualTo("+8613800000000");
            assertThat(borrower.get("email").asText()).as(key).isEqualTo("li@example.com");
            assertThat(borrower.get("address").asText()).as(key).isEqualTo("Hangzhou");
        }
    }

    @Test
    void everyShowingInPlaintextIsRecordedWithWhoWhichAccountAndWhen() {
        view(COLLECTOR, "X-Actor-Id", "agent-7");
        view(SUPERVISOR);
        view(SERVICE);

        List<Document> stored = accessRecords();
        assertThat(stored).hasSize(2);
        assertThat(stored).extracting(record -> record.getString("actorId"))
                .containsExactlyInAnyOrder("agent-7", "dev-supervisor-key");
        assertThat(stored).allSatisfy(record -> {
            assertThat(record.getString("borrowerId")).isEqualTo("B-" + account);
            assertThat(record.getList("fields", String.class)).containsExactly("name", "phone", "email", "address");
            assertThat(record.getDate("at")).isNotNull();
        });

        // The auditor reads the records, newest first, by account or by actor.
        JsonNode page = ledger.get("/api/v1/audit/personal-data-access?accountId=" + account, AUDITOR).body();
        assertThat(page.get("records")).hasSize(2);
        assertThat(page.at("/records/0/actorId").asText()).isEqualTo("dev-supervisor-key");
        assertThat(page.at("/records/1/actorId").asText()).isEqualTo("agent-7");
        assertThat(page.at("/records/1/clientId").asText()).isEqualTo("dev-collector-key");
        assertThat(page.at("/records/1/role").asText()).isEqualTo("COLLECTOR");
        JsonNode byActor = ledger.get("/api/v1/audit/personal-data-access?actorId=agent-7&limit=1", AUDITOR).body();
        assertThat(byActor.at("/records/0/actorId").asText()).isEqualTo("agent-7");
        assertThat(ledger.get("/api/v1/audit/personal-data-access", COLLECTOR).status()).isEqualTo(403);
        assertThat(ledger.get("/api/v1/audit/personal-data-access?limit=0", AUDITOR).status()).isEqualTo(400);
    }

    @Test
    void anErasedBorrowerIsShownAsErasedAndNothingIsRecorded() {
        long erased = ledger.post("/api/v1/accounts/" + account + "/erasure", SUPERVISOR,
                "{\"reason\":\"erasure request\"}").position();
        JsonNode borrower = ledger.get("/api/v1/accounts/" + account + "?consistentWith=" + erased, COLLECTOR)
                .body().get("borrower");
        assertThat(borrower.get("name").asText()).isEqualTo("[erased]");
        assertThat(accessRecords()).isEmpty();
    }

    @Test
    void aKeyThatStandsForPeopleNamesTheActorInTheEvents() {
        HttpLedger.Response contact = ledger.request("POST", "/api/v1/accounts/" + account + "/contacts", COLLECTOR,
                "{\"contactId\":\"C-1\",\"channel\":\"LETTER\",\"direction\":\"OUTBOUND\",\"outcome\":\"DELIVERED\","
                        + "\"occurredAt\":\"2026-03-05T02:00:00Z\",\"agentId\":\"agent-7\"}", "X-Actor-Id", "agent-7");
        assertThat(contact.status()).as(contact.raw().body()).isEqualTo(201);
        Document metadata = lastEvent().get("metadata", Document.class);
        assertThat(metadata.getString("actorId")).isEqualTo("agent-7");
        assertThat(metadata.getString("clientId")).isEqualTo("dev-collector-key");
        assertThat(metadata.getString("actorRole")).isEqualTo("COLLECTOR");
    }

    @Test
    void aKeyThatActsAsItselfMayNotNameAnActorAndWritesNothing() {
        long eventsBefore = events();
        List<HttpLedger.Response> spoofed = List.of(
                ledger.request("POST", "/api/v1/accounts/" + account + "/accruals", SERVICE,
                        "{\"asOf\":\"2026-03-10\"}", "X-Actor-Id", "accrual-run"),
                ledger.request("GET", "/api/v1/accounts/" + account, SERVICE, null, "X-Actor-Id", "agent-7"),
                ledger.request("GET", "/api/v1/accounts/" + account + "/events", AUDITOR, null,
                        "X-Actor-Id", "agent-7"));
        for (HttpLedger.Response response : spoofed) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.raw().headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(response.body().get("detail").asText()).contains("X-Actor-Id");
        }
        HttpLedger.Response malformed = ledger.request("POST", "/api/v1/accounts/" + account + "/contacts", COLLECTOR,
                "{}", "X-Actor-Id", "agent 7; drop");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(events()).isEqualTo(eventsBefore);

        // Without the header the service acts as itself.
        assertThat(ledger.post("/api/v1/accounts/" + account + "/accruals", SERVICE, "{\"asOf\":\"2026-03-10\"}")
                .status()).isEqualTo(200);
        assertThat(lastEvent().get("metadata", Document.class).getString("actorId")).isEqualTo("dev-service-key");
    }

    private long events() {
        long events = 0;
        for (Document commit : database.getCollection(CommitSchema.COMMITS)
                .find(Filters.eq("aggregateId", account))) {
            events += commit.getList("events", Document.class).size();
        }
        return events;
    }

    private Document lastEvent() {
        Document commit = database.getCollection(CommitSchema.COMMITS)
                .find(Filters.eq("aggregateId", account)).sort(Sorts.descending("_id")).first();
        List<Document> events = commit.getList("events", Document.class);
        return events.get(events.size() - 1);
    }
}
