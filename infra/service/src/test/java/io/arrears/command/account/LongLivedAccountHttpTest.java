package io.arrears.command.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arrears.infra.ArrearsApplication;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.audit.Role;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.money.Money;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A long-lived account, corrected: daily payments (300 in the build, past the 256 events a commit
 * once held; {@code -Dlong-lived.payments=1000} for issue 16's thousand, which takes minutes while
 * every command recomputes the ledger from the opening), then a payment reported late that belongs
 * to the third day, then the reversal of an early payment. Each correction re-allocates every later
 * payment, one event a payment, in the command's one commit; both answer 201, and the account
 * stands where the reference model of the property tests says. No account is cached, so every
 * command loads the account from its latest snapshot and the events after it.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true",
                "arrears.accounts.cached-max=0"})
class LongLivedAccountHttpTest {

    static final int DAILY_PAYMENTS = Integer.getInteger("long-lived.payments", 300);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway commandGateway;
    @Autowired
    LedgerClock clock;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aBackdatedPaymentAndAReversalOnAThousandPaymentsAnswer201AndAgreeWithTheModel() throws Exception {
        String account = "LONG-1";
        LocalDate due = clock.today().minusDays(DAILY_PAYMENTS + 10L);
        HttpResponse<String> opened = post("/api/v1/accounts", """
                {"accountId":"%s","borrowerId":"B-LONG","product":"CASH_LOAN","currency":"CNY","dueDate":"%s",
                 "principal":"100000.00","interest":"10000.00",
                 "terms":{"penaltyRateBpsPerDay":5,"graceDays":0,"penaltyBase":"PRINCIPAL_AND_INTEREST"},
                 "borrower":{"timezone":"Asia/Shanghai"}}""".formatted(account, due));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        Map<Component, Long> opening = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            opening.put(component, 0L);
        }
        opening.put(Component.PRINCIPAL, 10_000_000L);
        opening.put(Component.INTEREST, 1_000_000L);
        LedgerModel model = new LedgerModel(due, due, opening, 5, 0, true, null, Terms.DEFAULT_WATERFALL);

        Map<String, Object> service = new Caller("payment-gateway", Role.SERVICE, "long-lived-test").asMetadata()
                .entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        for (int day = 1; day <= DAILY_PAYMENTS; day++) {
            LocalDate date = due.plusDays(day);
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(new RecordPayment(new AccountId(account),
                    "PAY-" + day, "60.00", null, date, "BANK")).andMetaData(MetaData.from(service)));
            model.factOn(date);
            model.payments.add(new LedgerModel.Payment("PAY-" + day, 6_000, date));
        }

        LocalDate thirdDay = due.plusDays(3);
        HttpResponse<String> backdated = post("/api/v1/accounts/" + account + "/payments",
                "{\"paymentId\":\"PAY-LATE\",\"amount\":\"1000.00\",\"valueDate\":\"" + thirdDay
                        + "\",\"channel\":\"BANK\"}");
        assertThat(backdated.statusCode()).as(backdated.body()).isEqualTo(201);
        model.payments.add(new LedgerModel.Payment("PAY-LATE", 100_000, thirdDay));

        HttpResponse<String> reversed = post("/api/v1/accounts/" + account + "/payments/PAY-2/reversal",
                "{\"reason\":\"chargeback\"}");
        assertThat(reversed.statusCode()).as(reversed.body()).isEqualTo(201);
        model.payments.removeIf(payment -> payment.id().equals("PAY-2"));

        long position = JSON.readTree(reversed.body()).get("position").asLong();
        // The projections have a thousand re-allocations to apply: wait past the 5 s a query waits itself.
        HttpResponse<String> consistent = await().atMost(Duration.ofSeconds(120)).until(
                () -> get("/api/v1/accounts/" + account + "?consistentWith=" + position),
                response -> response.statusCode() != 503);
        assertThat(consistent.statusCode()).as(consistent.body()).isEqualTo(200);
        JsonNode view = JSON.readTree(consistent.body());
        LedgerModel.Result expected = model.run();
        assertThat(view.at("/balance/principal").asText()).isEqualTo(money(expected.owed().get(Component.PRINCIPAL)));
        assertThat(view.at("/balance/interest").asText()).isEqualTo(money(expected.owed().get(Component.INTEREST)));
        assertThat(view.at("/balance/penalty").asText()).isEqualTo(money(expected.owed().get(Component.PENALTY)));
        assertThat(view.at("/balance/credit").asText()).isEqualTo(money(expected.credit()));
        assertThat(view.get("accruedThrough").asText()).isEqualTo(model.accruedThrough.toString());
    }

    private static String money(long minor) {
        return Money.format(minor, "CNY");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120)).header("X-Api-Key", "dev-service-key")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("X-Api-Key", "dev-service-key").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
