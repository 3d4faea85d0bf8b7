package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrears.infra.ArrearsApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/** A collector's week against the DEFAULT preset: each call's breaches are what the dialer was told. */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class ContactHttpTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String HOURS = "contact.hours";
    private static final String SEVEN_IN_SEVEN = "contact.phone-attempts-7-days";
    private static final String AFTER_CONVERSATION = "contact.after-conversation";

    @LocalServerPort
    int port;
    private HttpLedger ledger;
    private String account;

    @BeforeEach
    void setUp() {
        ledger = new HttpLedger("http://127.0.0.1:" + port);
        account = "CONTACT-" + ACCOUNTS.incrementAndGet();
        assertThat(ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account)).status())
                .isEqualTo(201);
    }

    private static String at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant().toString();
    }

    private JsonNode permission(String channel, String at) {
        HttpLedger.Response response = ledger.get("/api/v1/accounts/" + account + "/contact-permission?channel="
                + channel + "&at=" + at, COLLECTOR);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private JsonNode log(String id, String channel, String outcome, String at) {
        HttpLedger.Response response = ledger.post("/api/v1/accounts/" + account + "/contacts", COLLECTOR, """
                {"contactId":"%s","channel":"%s","direction":"OUTBOUND","outcome":"%s","occurredAt":"%s",
                 "agentId":"agent-7"}""".formatted(id, channel, outcome, at));
        assertThat(response.status()).isEqualTo(201);
        return response.body();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    record Call(String localTime, String channel, String outcome, List<String> breaches) {
    }

    @Test
    void aWeekOfCallsBreachesExactlyWhatThePresetDefinesAndThePermissionQueryPredictedIt() {
        List<Call> week = List.of(
                new Call("2026-03-02T07:30", "PHONE", "NO_ANSWER", List.of(HOURS)),
                new Call("2026-03-02T09:00", "PHONE", "NO_ANSWER", List.of()),
                new Call("2026-03-02T21:30", "PHONE", "NO_ANSWER", List.of(HOURS)),
                new Call("2026-03-03T10:00", "PHONE", "NO_ANSWER", List.of()),
                new Call("2026-03-04T10:00", "PHONE", "LEFT_MESSAGE", List.of()),
                new Call("2026-03-05T10:00", "PHONE", "CONVERSATION", List.of()),
                new Call("2026-03-05T15:00", "PHONE", "NO_ANSWER", List.of(AFTER_CONVERSATION)),
                new Call("2026-03-06T10:00", "PHONE", "NO_ANSWER", List.of(SEVEN_IN_SEVEN, AFTER_CONVERSATION)),
                new Call("2026-03-08T20:00", "SMS", "DELIVERED", List.of()),
                new Call("2026-03-12T10:00", "PHONE", "CONVERSATION", List.of()));
        int id = 0;
        long lastPosition = 0;
        for (Call call : week) {
            String at = at(call.localTime());
            JsonNode permission = permission(call.channel(), at);
            JsonNode logged = log("C-" + ++id, call.channel(), call.outcome(), at);
            lastPosition = logged.get("position").asLong();

            assertThat(texts(logged.get("policyBreaches"))).as(call.toString()).isEqualTo(call.breaches());
            assertThat(texts(permission.get("blockedBy"))).as(call.toString()).isEqualTo(call.breaches());
            assertThat(permission.get("allowed").asBoolean()).isEqualTo(call.breaches().isEmpty());
            assertThat(permission.get("preset").asText()).isEqualTo("DEFAULT/1");
        }
        JsonNode trail = ledger.get("/api/v1/accounts/" + account + "/events?limit=100&consistentWith="
                + lastPosition, AUDITOR).body();
        List<String> breachEvents = new ArrayList<>();
        trail.get("events").forEach(event -> {
            if (event.get("type").asText().equals("ContactPolicyBreached")) {
                breachEvents.add(event.at("/payload/contactId").asText() + " " + event.at("/payload/rule").asText());
            }
        });
        assertThat(breachEvents).containsExactly("C-1 contact.hours", "C-3 contact.hours",
                "C-7 contact.after-conversation", "C-8 contact.phone-attempts-7-days",
                "C-8 contact.after-conversation");
    }

    @Test
    void theDialerIsToldWhenTheNextCallBecomesLawful() {
        log("C-1", "PHONE", "CONVERSATION", at("2026-03-05T10:00"));

        JsonNode tooSoon = permission("PHONE", at("2026-03-06T10:00"));
        assertThat(tooSoon.get("allowed").asBoolean()).isFalse();
        assertThat(tooSoon.get("nextAllowedAt").asText()).isEqualTo(at("2026-03-12T10:00"));

        JsonNode lateAtNight = permission("SMS", at("2026-03-06T21:30"));
        assertThat(texts(lateAtNight.get("blockedBy"))).containsExactly(HOURS);
        assertThat(lateAtNight.get("nextAllowedAt").asText()).isEqualTo(at("2026-03-07T08:00"));
    }

    @Test
    void aCeaseRequestLeavesLettersOnly() {
        HttpLedger.Response cease = ledger.post("/api/v1/accounts/" + account + "/cease-contact", COLLECTOR,
                "{\"requestedAt\":\"2026-03-04T02:00:00Z\",\"reason\":\"borrower asked in writing\"}");
        assertThat(cease.status()).isEqualTo(201);
        assertThat(ledger.post("/api/v1/accounts/" + account + "/cease-contact", COLLECTOR,
                "{\"requestedAt\":\"2026-03-04T02:00:00Z\",\"reason\":\"borrower asked in writing\"}").status())
                .isEqualTo(200);

        assertThat(texts(permission("PHONE", at("2026-03-05T10:00")).get("blockedBy")))
                .containsExactly("contact.cease-requested");
        assertThat(permission("LETTER", at("2026-03-05T10:00")).get("allowed").asBoolean()).isTrue();
        assertThat(texts(log("C-1", "SMS", "DELIVERED", at("2026-03-05T10:00")).get("policyBreaches")))
                .containsExactly("contact.cease-requested");
    }

    @Test
    void thePermissionQueryValidatesItsParametersAndNeedsTheCollectorRole() {
        assertThat(ledger.get("/api/v1/accounts/" + account + "/contact-permission?channel=FAX&at="
                + at("2026-03-05T10:00"), COLLECTOR).status()).isEqualTo(400);
        assertThat(ledger.get("/api/v1/accounts/" + account + "/contact-permission?channel=PHONE&at=tomorrow",
                COLLECTOR).status()).isEqualTo(400);
        assertThat(ledger.get("/api/v1/accounts/" + account + "/contact-permission?channel=PHONE&at="
                + at("2026-03-05T10:00"), AUDITOR).status()).isEqualTo(403);
        assertThat(ledger.get("/api/v1/accounts/NOPE-1/contact-permission?channel=PHONE&at="
                + at("2026-03-05T10:00"), COLLECTOR).status()).isEqualTo(404);
    }
}
