package io.arrears.infra.bench;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccountOpened;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.time.LocalDate;

/** The accounts and events the store benchmarks append, as the ledger would store them. */
final class BenchEvents {

    static final LocalDate DUE = LocalDate.of(2026, 3, 1);
    static final Instant START = Instant.parse("2026-03-02T01:00:00Z");

    private BenchEvents() {
    }

    static AccountOpened opened(AccountId account) {
        return new AccountOpened(account, "B-" + account.value(), "HUABEI", "CNY", DUE, DUE,
                new Balance(1_000_000, 0, 0, 0, 0),
                new Terms(5, 3, PenaltyBase.PRINCIPAL_AND_INTEREST, 2_400, Terms.DEFAULT_WATERFALL),
                new Borrower(null, null, null, null, "Asia/Shanghai"), Stage.PREPARATION, 0);
    }

    static DomainEventMessage<?> event(AccountId account, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("CollectionAccount", account.value(), sequence, payload,
                MetaData.with("actorId", "bench"));
    }
}
