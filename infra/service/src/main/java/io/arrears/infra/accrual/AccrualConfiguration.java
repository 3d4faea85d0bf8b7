package io.arrears.infra.accrual;

import com.mongodb.client.MongoDatabase;
import io.arrears.command.account.LedgerClock;
import io.arrears.infra.axon.NodeIdentity;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.query.account.AccountViews;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;


/**
 * The portfolio accrual: nightly by cron in the ledger's time zone ({@code arrears.accrual.cron}),
 * on demand over HTTP, and a minutely look for runs a crashed node left behind.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class AccrualConfiguration {

    @Bean
    public AccrualRuns accrualRuns(MongoDatabase database) {
        return new AccrualRuns(database);
    }

    /** A run's lease is owned by the process ({@link NodeIdentity#process()}), never by a restarted one. */
    @Bean(destroyMethod = "close")
    public PortfolioAccrual portfolioAccrual(MongoDatabase database, AccrualRuns accrualRuns,
                                             CommandGateway commandGateway, MongoCommitEventStorageEngine engine,
                                             Cache accountCache, LedgerClock ledgerClock,
                                             MeterRegistry meterRegistry, NodeIdentity node,
                                             @Value("${arrears.accrual.parallelism:64}") int parallelism) {
        // The accounts in the cache are not loaded: their streams are not read.
        return new PortfolioAccrual(database, accrualRuns, commandGateway, page -> engine.readAhead(page.stream()
                .filter(accountId -> !accountCache.containsKey(accountId)).toList()), ledgerClock, node.process(),
                parallelism, meterRegistry);
    }

    @Bean
    public AccrualRunController accrualRunController(PortfolioAccrual portfolioAccrual, LedgerClock ledgerClock,
                                                     MongoDatabase database) {
        return new AccrualRunController(portfolioAccrual, ledgerClock, new AccountViews(database));
    }

    /** Off only where a test controls every accrual itself ({@code arrears.accrual.schedule-enabled=false}). */
    @Bean
    @ConditionalOnProperty(name = "arrears.accrual.schedule-enabled", havingValue = "true", matchIfMissing = true)
    public AccrualSchedule accrualSchedule(PortfolioAccrual portfolioAccrual) {
        return new AccrualSchedule(portfolioAccrual);
    }

    /** The timers; each node fires them, and the run documents make the work happen once. */
    public static class AccrualSchedule {

        private final PortfolioAccrual portfolioAccrual;

        AccrualSchedule(PortfolioAccrual portfolioAccrual) {
            this.portfolioAccrual = portfolioAccrual;
        }

        @Scheduled(cron = "${arrears.accrual.cron:0 5 0 * * *}", zone = "${arrears.ledger.timezone:Asia/Shanghai}")
        public void nightly() {
            portfolioAccrual.nightly();
        }

        @Scheduled(initialDelayString = "${arrears.accrual.resume-delay:PT30S}",
                fixedDelayString = "${arrears.accrual.resume-delay:PT30S}")
        public void resumeAbandoned() {
            portfolioAccrual.resumeAbandoned();
        }
    }
}
