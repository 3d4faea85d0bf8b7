package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrears.infra.ArrearsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** CN_COLLECTION_STANDARD counts effective calls per borrower, across the borrower's accounts. */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true",
                "arrears.workflow.plan-grace-days=0", "arrears.contact.preset=CN_COLLECTION_STANDARD"})
class BorrowerContactsHttpTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    private static String at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant().toString();
    }

    private JsonNode call(HttpLedger ledger, String account, String id, String outcome, String localTime) {
        HttpLedger.Response response = ledger.post("/api/v1/accounts/" + account + "/contacts", COLLECTOR, """
                {"contactId":"%s","channel":"PHONE","direction":"OUTBOUND","outcome":"%s","occurredAt":"%s",
                 "agentId":"agent-9"}""".formatted(id, outcome, at(localTime)));
        assertThat(response.status()).isEqualTo(201);
        return response.body();
    }

    @Test
    void theThirdEffectiveCallOfTheDayOnAnyOfTheBorrowersAccountsBlocksTheFourth() {
        HttpLedger ledger = new HttpLedger("http://127.0.0.1:" + port);
        for (String account : new String[]{"CN-CARD", "CN-LOAN"}) {
            assertThat(ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account)
                    .replace("B-77", "B-CN-1")).status()).isEqualTo(201);
        }
        call(ledger, "CN-CARD", "C-1", "CONVERSATION", "2026-03-02T09:00");
        call(ledger, "CN-CARD", "C-2", "NO_ANSWER", "2026-03-02T10:00");
        call(ledger, "CN-LOAN", "C-3", "CONVERSATION", "2026-03-02T11:00");
        call(ledger, "CN-LOAN", "C-4", "REFUSED", "2026-03-02T12:00");

        // The card account sees the loan account's calls once the borrower read model has them.
        JsonNode permission = await().atMost(Duration.ofSeconds(10)).until(() -> ledger.get(
                        "/api/v1/accounts/CN-CARD/contact-permission?channel=PHONE&at=" + at("2026-03-02T15:00"),
                        COLLECTOR).body(),
                body -> !body.get("allowed").asBoolean());
        assertThat(permission.get("blockedBy").get(0).asText()).isEqualTo("contact.effective-calls-per-day");
        assertThat(permission.get("nextAllowedAt").asText()).isEqualTo(at("2026-03-03T08:00"));
        assertThat(permission.get("preset").asText()).isEqualTo("CN_COLLECTION_STANDARD/1");

        JsonNode fourth = call(ledger, "CN-CARD", "C-5", "CONVERSATION", "2026-03-02T15:00");
        assertThat(fourth.get("policyBreaches").get(0).asText()).isEqualTo("contact.effective-calls-per-day");
        JsonNode unanswered = call(ledger, "CN-CARD", "C-6", "NO_ANSWER", "2026-03-02T16:00");
        assertThat(unanswered.get("policyBreaches")).isEmpty();
        JsonNode lateNight = call(ledger, "CN-LOAN", "C-7", "NO_ANSWER", "2026-03-02T22:00");
        assertThat(lateNight.get("policyBreaches").get(0).asText()).isEqualTo("contact.hours");
    }
}
