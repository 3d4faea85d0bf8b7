package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.arrears.infra.ArrearsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.SUPERVISOR;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection rebuilt from position 0 and switched over while a reader keeps asking: every read is
 * answered, and afterwards the projection goes on applying new events. Its own context, because the
 * switch pauses the processor for a few seconds.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true",
                "spring.application.name=projection-switch-test"})
class ProjectionSwitchHttpTest {

    @LocalServerPort
    int port;

    @Test
    void theAccountViewIsRebuiltAndSwitchedOverWhileReadsGoOn(CapturedOutput output) throws Exception {
        HttpLedger ledger = new HttpLedger("http://127.0.0.1:" + port);
        long position = 0;
        for (String account : List.of("SW-1", "SW-2", "SW-3")) {
            ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(account));
            position = ledger.post("/api/v1/accounts/" + account + "/accruals", SERVICE, "{\"asOf\":\"2026-03-10\"}")
                    .position();
        }
        assertThat(ledger.get("/api/v1/accounts/SW-3?consistentWith=" + position, SERVICE).status()).isEqualTo(200);

        AtomicBoolean switching = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<Integer> failures = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            HttpLedger own = new HttpLedger("http://127.0.0.1:" + port);
            while (switching.get()) {
                int status = own.get("/api/v1/accounts/SW-1", COLLECTOR).status();
                reads.incrementAndGet();
                if (status != 200) {
                    failures.add(status);
                }
            }
        });
        reader.start();
        HttpLedger.Response switched = ledger.post("/api/v1/audit/projections/account-view/rebuild", SUPERVISOR, "");
        switching.set(false);
        reader.join();

        assertThat(switched.status()).as(() -> switched.body() + "\n" + unexpectedFailure(output)).isEqualTo(200);
        JsonNode result = switched.body();
        assertThat(result.get("eventsReplayed").asLong()).isGreaterThanOrEqualTo(position + 1);
        assertThat(result.get("checksumAfter").asText()).isEqualTo(result.get("checksumBefore").asText());
        assertThat(failures).as(reads.get() + " reads during the switch").isEmpty();
        assertThat(reads.get()).isGreaterThan(10);

        HttpLedger.Response payment = ledger.post("/api/v1/accounts/SW-1/payments", SERVICE,
                "{\"paymentId\":\"P-1\",\"amount\":\"100.00\",\"valueDate\":\"2026-03-11\",\"channel\":\"BANK\"}");
        // The processor takes its segments back at its balancer's next tick after the switch.
        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> ledger.get(
                "/api/v1/accounts/SW-1?consistentWith=" + payment.position(), SERVICE).body(),
                body -> body.has("lastPaymentDate") && "2026-03-11".equals(body.get("lastPaymentDate").asText()));
        assertThat(view.at("/balance/penalty").asText()).isEqualTo("0.00");

        assertThat(ledger.post("/api/v1/audit/projections/nonsense/rebuild", SUPERVISOR, "").status()).isEqualTo(400);
        assertThat(ledger.post("/api/v1/audit/projections/account-view/rebuild", AUDITOR, "").status()).isEqualTo(403);
    }

    /** What the server logged of an unexpected failure, so a failed switch says why. */
    private static String unexpectedFailure(CapturedOutput output) {
        String logged = output.getAll();
        int at = logged.lastIndexOf("Unexpected failure");
        return at < 0 ? "(no unexpected failure logged)"
                : logged.substring(at).lines().limit(60).collect(java.util.stream.Collectors.joining("\n"));
    }
}
