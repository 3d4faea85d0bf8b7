package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import io.arrears.command.account.LedgerClock;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.accrual.AccrualRuns;
import io.arrears.infra.accrual.PortfolioAccrual;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.kernel.event.PenaltyAccrued;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The portfolio accrual run and reconciliation over HTTP, and two nodes starting one run at once. */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class PortfolioHttpTest {


    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;
    @Autowired
    CommandGateway commandGateway;
    @Autowired
    MongoCommitEventStorageEngine eventStorageEngine;
    @Autowired
    LedgerClock ledgerClock;
    @Autowired
    PortfolioAccrual portfolioAccrual;
    @Autowired
    Cache accountCache;

    private HttpLedger ledger() {
        return new HttpLedger("http://127.0.0.1:" + port);
    }

    /** Opens accounts and waits until the account view, which the run lists accounts from, has them. */
    private void open(String... accounts) {
        for (String account : accounts) {
            HttpLedger.Response opened = ledger().post("/api/v1/accounts", SERVICE,
                    WORKED_EXAMPLE_ACCOUNT.formatted(account));
            assertThat(opened.status()).isEqualTo(201);
            assertThat(ledger().get("/api/v1/accounts/" + account + "?consistentWith=" + opened.position(), SERVICE)
                    .status()).isEqualTo(200);
        }
    }

    private JsonNode runOnceDone(String asOf) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> ledger().get("/api/v1/accrual-runs/" + asOf, SERVICE).body(),
                run -> run.has("state") && run.get("state").asText().equals("DONE"));
    }

    @Test
    void theRunForADateAccruesEveryOpenAccountOnceAndARepeatChangesNothing() {
        open("PF-A", "PF-B", "PF-C");

        HttpLedger.Response started = ledger().post("/api/v1/accrual-runs", SERVICE, "{\"asOf\":\"2026-03-10\"}");

        assertThat(started.status()).isEqualTo(202);
        JsonNode done = runOnceDone("2026-03-10");
        assertThat(done.get("accounts").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(done.get("failed").asLong()).isZero();
        for (String account : List.of("PF-A", "PF-B", "PF-C")) {
            // Another test's run for a later date may have accrued these accounts further: 5.08 an evening.
            JsonNode view = await().atMost(Duration.ofSeconds(10)).until(
                    () -> ledger().get("/api/v1/accounts/" + account, SERVICE).body(),
                    body -> !LocalDate.parse(body.get("accruedThrough").asText()).isBefore(LocalDate.of(2026, 3, 10))
                            && body.get("stage").asText().equals("EARLY"));
            long evenings = LocalDate.parse(view.get("accruedThrough").asText()).toEpochDay()
                    - LocalDate.of(2026, 3, 4).toEpochDay();
            assertThat(view.at("/balance/penalty").asText())
                    .isEqualTo(java.math.BigDecimal.valueOf(508 * evenings, 2).toPlainString());
        }
        HttpLedger.Response again = ledger().post("/api/v1/accrual-runs", SERVICE, "{\"asOf\":\"2026-03-10\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("state").asText()).isEqualTo("DONE");
        assertThat(again.body().get("finishedAt").asText()).isEqualTo(done.get("finishedAt").asText());
    }

    @Test
    void aRunOfSeveralPagesAccruesEveryAccountOfEachPageOnce() {
        List<String> accounts = IntStream.range(0, PortfolioAccrual.PAGE_SIZE + 50)
                .mapToObj(i -> "PF-M-%03d".formatted(i)).toList();
        Map<String, Long> openedAt = new HashMap<>();
        for (String account : accounts) {
            HttpLedger.Response opened = ledger().post("/api/v1/accounts", SERVICE,
                    WORKED_EXAMPLE_ACCOUNT.formatted(account));
            assertThat(opened.status()).isEqualTo(201);
            openedAt.put(account, opened.body().get("position").asLong());
        }
        // The run lists accounts from the account view: every one of them is in it first.
        openedAt.forEach((account, position) -> assertThat(ledger().get("/api/v1/accounts/" + account
                + "?consistentWith=" + position, SERVICE).status()).isEqualTo(200));
        List<String> uncached = accounts.subList(0, 10);
        uncached.forEach(accountCache::remove);
        Object cachedBefore = accountCache.get(accounts.get(100));
        assertThat(cachedBefore).isNotNull();

        assertThat(ledger().post("/api/v1/accrual-runs", SERVICE, "{\"asOf\":\"2026-03-12\"}").status())
                .isEqualTo(202);
        JsonNode done = runOnceDone("2026-03-12");

        assertThat(done.get("accounts").asLong()).isGreaterThanOrEqualTo(accounts.size());
        assertThat(done.get("failed").asLong()).isZero();
        // The run keeps an account that was cached up to date, and adds none that was not.
        assertThat(uncached).noneMatch(accountCache::containsKey);
        assertThat((Object) accountCache.get(accounts.get(100))).isNotNull().isNotSameAs(cachedBefore);
        for (String account : accounts) {
            assertThat(eventStorageEngine.readEvents(account).asStream()
                    .filter(event -> event.getPayload() instanceof PenaltyAccrued).count()).as(account).isEqualTo(1);
        }
    }

    @Test
    void twoNodesStartingTheSameDateRunItOnce() throws Exception {
        open("PF-D", "PF-E");
        LocalDate asOf = LocalDate.of(2026, 3, 11);
        try (PortfolioAccrual otherNode = new PortfolioAccrual(database, new AccrualRuns(database), commandGateway,
                eventStorageEngine::readAhead, ledgerClock, "other-node", 4, new SimpleMeterRegistry())) {
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService starters = Executors.newFixedThreadPool(2);
            Callable<PortfolioAccrual.Start> here = () -> {
                go.await();
                return portfolioAccrual.start(asOf, "schedule");
            };
            Callable<PortfolioAccrual.Start> there = () -> {
                go.await();
                return otherNode.start(asOf, "schedule");
            };
            Future<PortfolioAccrual.Start> first = starters.submit(here);
            Future<PortfolioAccrual.Start> second = starters.submit(there);
            go.countDown();
            List<Boolean> started = List.of(first.get().started(), second.get().started());
            starters.shutdown();

            assertThat(started).containsExactlyInAnyOrder(true, false);
            JsonNode done = runOnceDone(asOf.toString());
            assertThat(done.get("failed").asLong()).isZero();
        }
    }

    @Test
    void aNodeAccruesOneAccountAtOnceAtLeastAndABoundedNumberAtMost() {
        for (int parallelism : new int[] {0, PortfolioAccrual.PARALLELISM_MAX + 1}) {
            assertThatThrownBy(() -> new PortfolioAccrual(database, new AccrualRuns(database), commandGateway,
                    eventStorageEngine::readAhead, ledgerClock, "other-node", parallelism, new SimpleMeterRegistry()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("arrears.accrual.parallelism must be from 1 to 1024, not " + parallelism);
        }
    }

    @Test
    void aRunIsRefusedForAFutureDateOrWithoutTheRole() {
        HttpLedger.Response future = ledger().post("/api/v1/accrual-runs", SERVICE, "{\"asOf\":\"2999-01-01\"}");
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.body().at("/errors/0/field").asText()).isEqualTo("asOf");
        assertThat(ledger().post("/api/v1/accrual-runs", COLLECTOR, "{\"asOf\":\"2026-03-10\"}").status())
                .isEqualTo(403);
        assertThat(ledger().get("/api/v1/accrual-runs/2999-01-01", SERVICE).status()).isEqualTo(400);
    }

    @Test
    void everyAccountReconcilesViewEventsAndRecomputation() {
        open("PF-F");
        HttpLedger ledger = ledger();
        ledger.post("/api/v1/accounts/PF-F/accruals", SERVICE, "{\"asOf\":\"2026-03-10\"}");
        ledger.post("/api/v1/accounts/PF-F/payments", SERVICE,
                "{\"paymentId\":\"P1\",\"amount\":\"500.00\",\"valueDate\":\"2026-03-07\",\"channel\":\"BANK\"}");

        JsonNode report = await().atMost(Duration.ofSeconds(10)).until(
                () -> ledger.get("/api/v1/reconciliation?limit=10000", AUDITOR).body(),
                body -> body.get("lagging").asInt() == 0);

        assertThat(report.get("ok").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("accountsChecked").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(report.get("mismatchCount").asInt()).isZero();
        JsonNode one = ledger.get("/api/v1/reconciliation?accountId=PF-F", AUDITOR).body();
        assertThat(one.get("ok").asBoolean()).isTrue();
        assertThat(ledger.get("/api/v1/reconciliation", COLLECTOR).status()).isEqualTo(403);
    }
}
