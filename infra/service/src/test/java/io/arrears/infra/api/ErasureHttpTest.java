package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.eventstore.CommitSchema;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.SUPERVISOR;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/** Personal data is stored sealed with the borrower's key; erasing the key erases it everywhere. */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class ErasureHttpTest {

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;

    @Test
    void afterErasureTheBorrowerReadsAsErasedAndTheChainStillVerifies() {
        HttpLedger ledger = new HttpLedger("http://127.0.0.1:" + port);
        String account = "ERASE-1";
        HttpLedger.Response opened = ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account)
                .replace("B-77", "B-ERASE-1"));
        JsonNode before = ledger.get("/api/v1/accounts/" + account + "?consistentWith=" + opened.position(),
                COLLECTOR).body();
        assertThat(before.at("/borrower/name").asText()).isEqualTo("Li Wei");
        assertThat(before.at("/borrower/timezone").asText()).isEqualTo("Asia/Shanghai");
        Document stored = database.getCollection(CommitSchema.COMMITS)
                .find(Filters.eq("aggregateId", account)).first().getList("events", Document.class).get(0);
        Document storedBorrower = stored.get("payload", Document.class).get("borrower", Document.class);
        assertThat(storedBorrower.getString("name")).startsWith("pii:v1:").doesNotContain("Li Wei");
        assertThat(storedBorrower.getString("phone")).startsWith("pii:v1:");
        assertThat(storedBorrower.getString("timezone")).isEqualTo("Asia/Shanghai");

        assertThat(ledger.post("/api/v1/accounts/" + account + "/erasure", COLLECTOR, "{\"reason\":\"request\"}")
                .status()).isEqualTo(403);
        HttpLedger.Response erased = ledger.post("/api/v1/accounts/" + account + "/erasure", SUPERVISOR,
                "{\"reason\":\"erasure request under PIPL art. 47\"}");
        assertThat(erased.status()).isEqualTo(201);
        assertThat(ledger.post("/api/v1/accounts/" + account + "/erasure", SUPERVISOR,
                "{\"reason\":\"erasure request under PIPL art. 47\"}").status()).isEqualTo(200);

        JsonNode after = ledger.get("/api/v1/accounts/" + account + "?consistentWith=" + erased.position(),
                COLLECTOR).body();
        assertThat(after.at("/borrower/name").asText()).isEqualTo("[erased]");
        assertThat(after.at("/borrower/email").asText()).isEqualTo("[erased]");
        JsonNode verified = ledger.get("/api/v1/audit/verify?accountId=" + account, AUDITOR).body();
        assertThat(verified.get("ok").asBoolean()).isTrue();
        JsonNode trail = ledger.get("/api/v1/accounts/" + account + "/events?consistentWith=" + erased.position(),
                AUDITOR).body();
        assertThat(trail.at("/events/1/type").asText()).isEqualTo("BorrowerDataErased");
        String export = ledger.getText("/api/v1/audit/export?format=jsonl&accountId=" + account, AUDITOR).body();
        assertThat(export).doesNotContain("Li Wei").doesNotContain("+8613800000000");
    }
}
