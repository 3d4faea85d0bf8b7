package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.query.account.AccountViewProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.SUPERVISOR;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** API.md end to end over real HTTP, against the embedded store (memory backend). */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true",
                "arrears.accounts.cached-max=0"})
class LedgerHttpTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;
    @Autowired
    EventProcessingConfiguration eventProcessing;

    private HttpLedger ledger;
    private String account;

    @BeforeEach
    void setUp() {
        ledger = new HttpLedger("http://127.0.0.1:" + port);
        account = "HB-" + ACCOUNTS.incrementAndGet();
    }

    private HttpLedger.Response open() {
        return ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account));
    }

    private HttpLedger.Response pay(String paymentId, String amount, String valueDate) {
        return ledger.post("/api/v1/accounts/" + account + "/payments", SERVICE,
                "{\"paymentId\":\"%s\",\"amount\":\"%s\",\"valueDate\":\"%s\",\"channel\":\"ALIPAY\"}"
                        .formatted(paymentId, amount, valueDate));
    }

    private HttpLedger.Response accrue(String asOf) {
        return ledger.post("/api/v1/accounts/" + account + "/accruals", SERVICE, "{\"asOf\":\"" + asOf + "\"}");
    }

    private long eventsStored() {
        long events = 0;
        for (Document commit : database.getCollection(CommitSchema.COMMITS).find()) {
            events += commit.getList("events", Document.class).size();
        }
        return events;
    }

    @Test
    void theWorkedExampleOfApiMdGivesItsNumbers() {
        assertThat(open().status()).isEqualTo(201);

        HttpLedger.Response firstAccrual = accrue("2026-03-10");
        assertThat(firstAccrual.status()).isEqualTo(200);
        assertThat(firstAccrual.body().at("/balance/penalty").asText()).isEqualTo("30.48");

        HttpLedger.Response payment = pay("PAY-1", "1000.00", "2026-03-12");
        assertThat(payment.status()).isEqualTo(201);
        JsonNode allocation = payment.body().get("allocation");
        assertThat(allocation.get("penalty").asText()).isEqualTo("35.56");
        assertThat(allocation.get("fees").asText()).isEqualTo("20.00");
        assertThat(allocation.get("interest").asText()).isEqualTo("150.00");
        assertThat(allocation.get("principal").asText()).isEqualTo("794.44");
        assertThat(allocation.get("credit").asText()).isEqualTo("0.00");
        assertThat(payment.body().at("/balance/total").asText()).isEqualTo("9205.56");
        assertThat(payment.body().get("accruedThrough").asText()).isEqualTo("2026-03-11");

        HttpLedger.Response repeat = pay("PAY-1", "1000.00", "2026-03-12");
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(payment.body());

        HttpLedger.Response lastAccrual = accrue("2026-03-15");
        assertThat(lastAccrual.body().at("/balance/penalty").asText()).isEqualTo("18.40");

        HttpLedger.Response view = ledger.get("/api/v1/accounts/" + account + "?consistentWith="
                + lastAccrual.position(), COLLECTOR);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body().at("/balance/principal").asText()).isEqualTo("9205.56");
        assertThat(view.body().at("/balance/penalty").asText()).isEqualTo("18.40");
        assertThat(view.body().at("/balance/total").asText()).isEqualTo("9223.96");
        assertThat(view.body().get("dpd").asLong()).isEqualTo(14);
        assertThat(view.body().get("stage").asText()).isEqualTo("EARLY");
        assertThat(view.body().get("status").asText()).isEqualTo("OPEN");
        assertThat(view.body().get("lastPaymentDate").asText()).isEqualTo("2026-03-12");
    }

    @Test
    void theAuditTrailListsEveryEventWithActorAndAnUnbrokenChain() {
        open();
        accrue("2026-03-10");
        long position = pay("PAY-1", "1000.00", "2026-03-12").position();

        HttpLedger.Response trail = ledger.get("/api/v1/accounts/" + account + "/events?consistentWith=" + position,
                AUDITOR);

        assertThat(trail.status()).isEqualTo(200);
        JsonNode events = trail.body().get("events");
        assertThat(events).hasSize(5);
        String previous = "0".repeat(64);
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            assertThat(event.get("sequence").asLong()).isEqualTo(i);
            assertThat(event.get("prevHash").asText()).isEqualTo(previous);
            assertThat(event.at("/actor/role").asText()).isEqualTo("SERVICE");
            assertThat(event.at("/actor/client").asText()).isEqualTo(SERVICE);
            previous = event.get("hash").asText();
        }
        assertThat(events.get(4).get("type").asText()).isEqualTo("PaymentRecorded");
        assertThat(events.get(4).get("position").asLong()).isEqualTo(position);
        assertThat(events.get(4).at("/payload/amount/amountMinor").asLong()).isEqualTo(100_000);
    }

    @Test
    void contactsAndEscalationsAreRecordedWithTheirRoles() {
        open();
        HttpLedger.Response contact = ledger.post("/api/v1/accounts/" + account + "/contacts", COLLECTOR, """
                {"contactId":"C-1","channel":"PHONE","direction":"OUTBOUND","outcome":"CONVERSATION",
                 "occurredAt":"2026-03-12T02:30:00Z","agentId":"agent-7","note":"will pay Friday"}""");
        assertThat(contact.status()).isEqualTo(201);
        assertThat(ledger.post("/api/v1/accounts/" + account + "/contacts", COLLECTOR, """
                {"contactId":"C-1","channel":"PHONE","direction":"OUTBOUND","outcome":"CONVERSATION",
                 "occurredAt":"2026-03-12T02:30:00Z","agentId":"agent-7","note":"will pay Friday"}""").status())
                .isEqualTo(200);

        HttpLedger.Response escalation = ledger.post("/api/v1/accounts/" + account + "/escalations", SUPERVISOR,
                "{\"toStage\":\"LEGAL\",\"reason\":\"refuses to pay\"}");
        assertThat(escalation.status()).isEqualTo(201);
        assertThat(ledger.post("/api/v1/accounts/" + account + "/escalations", SUPERVISOR,
                "{\"toStage\":\"MIDDLE\",\"reason\":\"oops\"}").status()).isEqualTo(409);

        HttpLedger.Response view = ledger.get("/api/v1/accounts/" + account + "?consistentWith="
                + escalation.position(), SERVICE);
        assertThat(view.body().get("stage").asText()).isEqualTo("LEGAL");
    }

    @Test
    void noKeyIs401AndAKeyWithoutTheRoleIs403() {
        open();
        HttpLedger.Response noKey = ledger.post("/api/v1/accounts/" + account + "/payments", null, "{}");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(ledger.post("/api/v1/accounts/" + account + "/payments", "wrong-key", "{}").status())
                .isEqualTo(401);
        assertThat(ledger.post("/api/v1/accounts/" + account + "/payments", AUDITOR,
                "{\"paymentId\":\"P\",\"amount\":\"1.00\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"}")
                .status()).isEqualTo(403);
        assertThat(ledger.get("/api/v1/accounts/" + account + "/events", COLLECTOR).status()).isEqualTo(403);
        assertThat(ledger.post("/api/v1/accounts/" + account + "/escalations", COLLECTOR,
                "{\"toStage\":\"LEGAL\",\"reason\":\"r\"}").status()).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "a number amount        | {\"paymentId\":\"P-9\",\"amount\":1000,\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"}      | 400",
            "extra minor digits     | {\"paymentId\":\"P-9\",\"amount\":\"10.001\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"} | 400",
            "too few minor digits   | {\"paymentId\":\"P-9\",\"amount\":\"10.5\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"}   | 400",
            "a negative amount      | {\"paymentId\":\"P-9\",\"amount\":\"-10.00\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"} | 400",
            "a zero amount          | {\"paymentId\":\"P-9\",\"amount\":\"0.00\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"}   | 400",
            "another currency       | {\"paymentId\":\"P-9\",\"amount\":\"10.00\",\"currency\":\"USD\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"} | 400",
            "a future value date    | {\"paymentId\":\"P-9\",\"amount\":\"10.00\",\"valueDate\":\"2999-01-01\",\"channel\":\"ALIPAY\"}  | 400",
            "inside opening         | {\"paymentId\":\"P-9\",\"amount\":\"10.00\",\"valueDate\":\"2026-03-01\",\"channel\":\"ALIPAY\"}  | 400",
            "a malformed date       | {\"paymentId\":\"P-9\",\"amount\":\"10.00\",\"valueDate\":\"12/03/2026\",\"channel\":\"ALIPAY\"}  | 400",
            "a missing payment id   | {\"amount\":\"10.00\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"}                      | 400",
            "an injected payment id | {\"paymentId\":\"P'; drop\",\"amount\":\"10.00\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"} | 400",
            "an unknown field       | {\"paymentId\":\"P-9\",\"amount\":\"10.00\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\",\"x\":1} | 400",
            "not json               | {\"paymentId\":                                                                               | 400",
            "a reused payment id    | {\"paymentId\":\"PAY-1\",\"amount\":\"10.01\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"} | 409",
    })
    void aRejectedPaymentAnswersAProblemAndWritesNoEvent(String name, String body, int status) {
        open();
        pay("PAY-1", "10.00", "2026-03-12");
        long before = eventsStored();

        HttpLedger.Response response = ledger.post("/api/v1/accounts/" + account + "/payments", SERVICE, body);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body().get("type").asText()).startsWith("https://arrears.io/problems/");
        assertThat(response.body().get("detail").asText()).isNotBlank();
        if (status == 400) {
            assertThat(response.body().get("errors")).isNotEmpty();
        }
        assertThat(eventsStored()).isEqualTo(before);
    }

    @Test
    void openingAnExistingAccountIs409AndAnUnknownAccountIs404() {
        open();
        long before = eventsStored();
        assertThat(open().status()).isEqualTo(409);
        assertThat(ledger.post("/api/v1/accounts/NO-SUCH/payments", SERVICE,
                "{\"paymentId\":\"P\",\"amount\":\"1.00\",\"valueDate\":\"2026-03-12\",\"channel\":\"ALIPAY\"}")
                .status()).isEqualTo(404);
        assertThat(ledger.get("/api/v1/accounts/NO-SUCH", SERVICE).status()).isEqualTo(404);
        assertThat(eventsStored()).isEqualTo(before);
        assertThat(pay("PAY-X", "1.00", "2026-03-12").status()).isEqualTo(201);
    }

    @Test
    void anAccountWithoutTermsOrATimeZoneIsRejectedFieldByField() {
        HttpLedger.Response response = ledger.post("/api/v1/accounts", SERVICE, """
                {"accountId":"%s","borrowerId":"B-1","product":"HUABEI","currency":"XXY","dueDate":"2026-03-01",
                 "principal":"1.00","borrower":{"timezone":"Mars/Olympus"}}""".formatted(account));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").findValuesAsText("field"))
                .contains("currency", "terms", "borrower");
    }

    @Test
    void concurrentPaymentsIntoOneAccountAllLandAndAddUpToTheCent() throws Exception {
        open();
        int clients = 50;
        int paymentsEach = 2;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<HttpLedger.Response>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                List<HttpLedger.Response> responses = new ArrayList<>();
                for (int i = 0; i < paymentsEach; i++) {
                    responses.add(pay("PAY-" + client + "-" + i, "1.00", "2026-03-12"));
                }
                return responses;
            }));
        }
        long lastPosition = -1;
        for (Future<List<HttpLedger.Response>> result : results) {
            for (HttpLedger.Response response : result.get(60, TimeUnit.SECONDS)) {
                assertThat(response.status()).isEqualTo(201);
                lastPosition = Math.max(lastPosition, response.position());
            }
        }
        pool.shutdown();

        HttpLedger.Response view = ledger.get("/api/v1/accounts/" + account + "?consistentWith=" + lastPosition,
                SERVICE);
        // 10,170.00 owed, 35.56 penalty accrued up to 2026-03-11, then 100 payments of 1.00.
        assertThat(view.body().at("/balance/total").asText()).isEqualTo("10105.56");
        assertThat(view.body().at("/balance/penalty").asText()).isEqualTo("0.00");
        assertThat(view.body().at("/balance/fees").asText()).isEqualTo("0.00");
        JsonNode chain = ledger.get("/api/v1/audit/verify?accountId=" + account, AUDITOR).body();
        assertThat(chain.get("ok").asBoolean()).as(chain.toString()).isTrue();
        assertThat(view.body().at("/balance/interest").asText()).isEqualTo("105.56");
    }

    @Test
    void aLongHistoryIsSnapshottedAndTheAccountStillRemembersItsStart() {
        open();
        for (int i = 0; i < 120; i++) {
            assertThat(ledger.post("/api/v1/accounts/" + account + "/contacts", COLLECTOR, contact("C-" + i))
                    .status()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> database.getCollection(
                CommitSchema.SNAPSHOTS).find(new Document("_id", account)).first() != null);

        assertThat(ledger.post("/api/v1/accounts/" + account + "/contacts", COLLECTOR, contact("C-0")).status())
                .isEqualTo(200);
        assertThat(pay("PAY-1", "1000.00", "2026-03-12").body().at("/allocation/penalty").asText())
                .isEqualTo("35.56");
    }

    private static String contact(String contactId) {
        return "{\"contactId\":\"" + contactId + "\",\"channel\":\"SMS\",\"direction\":\"OUTBOUND\","
                + "\"outcome\":\"DELIVERED\",\"occurredAt\":\"2026-03-12T02:30:00Z\",\"agentId\":\"agent-7\"}";
    }

    @Test
    void replayingTheAccountViewFromPositionZeroRebuildsTheSameDocuments() {
        open();
        accrue("2026-03-10");
        long position = pay("PAY-1", "1000.00", "2026-03-12").position();
        ledger.get("/api/v1/accounts/" + account + "?consistentWith=" + position, SERVICE);
        List<Document> before = new ArrayList<>();
        database.getCollection(AccountViewProjection.COLLECTION).find().into(before);

        StreamingEventProcessor processor = eventProcessing
                .eventProcessor(AccountViewProjection.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(database.getCollection(AccountViewProjection.COLLECTION).countDocuments()).isZero();
        processor.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Document> after = new ArrayList<>();
            database.getCollection(AccountViewProjection.COLLECTION).find().into(after);
            assertThat(after).containsExactlyInAnyOrderElementsOf(before);
        });
    }

    @Test
    void anAnswerWithinTheBufferGoesOutWholeWithItsLengthAndALargerOneStreams() {
        open();
        HttpLedger.Response paid = pay("PAY-1", "10.00", "2026-03-12");
        HttpLedger.Response refused = pay("PAY-X", "-1.00", "2026-03-12");
        HttpLedger.Response view = ledger.get("/api/v1/accounts/" + account + "?consistentWith=" + paid.position(),
                SERVICE);

        for (HttpLedger.Response small : List.of(paid, refused, view)) {
            assertThat(small.raw().headers().firstValue("Transfer-Encoding")).isEmpty();
            assertThat(small.raw().headers().firstValueAsLong("Content-Length"))
                    .hasValue(small.raw().body().getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(paid.status()).isEqualTo(201);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(view.status()).isEqualTo(200);

        long position = paid.position();
        for (int i = 2; i <= 20; i++) {
            position = pay("PAY-" + i, "10.00", "2026-03-12").position();
        }
        HttpLedger.Response trail = ledger.get("/api/v1/accounts/" + account + "/events?consistentWith=" + position,
                AUDITOR);
        assertThat(trail.raw().body().length()).isGreaterThan(8 * 1024);
        assertThat(trail.raw().headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        JsonNode events = trail.body().get("events");
        assertThat(events.get(events.size() - 1).get("position").asLong()).isEqualTo(position);
        assertThat(events.findValuesAsText("type")).filteredOn("PaymentRecorded"::equals).hasSize(20);
    }

    @Test
    void healthIsUpAndOpenApiIsPublished() {
        assertThat(ledger.get("/actuator/health", null).body().get("status").asText()).isEqualTo("UP");
        HttpLedger.Response docs = ledger.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().at("/paths").has("/api/v1/accounts/{accountId}/payments")).isTrue();
    }
}
