package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.money.Money;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccountStandingTest {

    static final AccountId ID = AccountId.of("A-1");
    static final LocalDate DUE = LocalDate.of(2026, 3, 1);
    static final Balance OWED = new Balance(1_000, 0, 0, 0, 0);
    static final Balance SETTLED = new Balance(0, 0, 0, 0, 0);
    static final AccountOpened OPENED = new AccountOpened(ID, "B-1", "HUABEI", "CNY", DUE, DUE.plusDays(4), OWED,
            null, new Borrower(null, null, null, null, "Asia/Shanghai"), Stage.EARLY, 4);

    @Test
    void anOpenedAccountIsOpenInItsOpeningStagePostedThroughItsBalancesDate() {
        AccountStanding standing = AccountStanding.opened(OPENED);

        assertThat(standing).isEqualTo(new AccountStanding(AccountStatus.OPEN, Stage.EARLY, null, DUE,
                DUE.plusDays(4), null));
        assertThat(standing.daysPastDue(OWED)).isEqualTo(4);
        assertThat(standing.daysPastDue(SETTLED)).isZero();
    }

    @Test
    void stageMovesResolutionAndReopeningFoldInTheOrderRecorded() {
        AccountStanding standing = AccountStanding.of(List.of(OPENED,
                accrued(DUE.plusDays(31)),
                new StageAdvanced(ID, Stage.EARLY, Stage.MIDDLE, 31, DUE.plusDays(31)),
                new StageEscalated(ID, Stage.MIDDLE, Stage.LEGAL, "fraud", false),
                payment("P-1", DUE.plusDays(20)),
                new AccountResolved(ID, Stage.LEGAL, DUE.plusDays(20))));

        assertThat(standing.status()).isEqualTo(AccountStatus.RESOLVED);
        assertThat(standing.stage()).isEqualTo(Stage.RESOLVED);
        assertThat(standing.stageBeforeResolution()).isEqualTo(Stage.LEGAL);
        assertThat(standing.accruedThrough()).isEqualTo(DUE.plusDays(31));
        assertThat(standing.lastPaymentDate()).isEqualTo(DUE.plusDays(20));

        AccountStanding reopened = standing.after(new AccountReopened(ID, Stage.LEGAL, 31, "reversal of P-1"));
        assertThat(reopened.status()).isEqualTo(AccountStatus.OPEN);
        assertThat(reopened.stage()).isEqualTo(Stage.LEGAL);
        assertThat(reopened.daysPastDue(OWED)).isEqualTo(31);
    }

    @Test
    void theLastPaymentDateIsTheLatestValueDateNotTheLastRecorded() {
        AccountStanding standing = AccountStanding.of(List.of(OPENED, payment("P-1", DUE.plusDays(9)),
                payment("P-2", DUE.plusDays(6))));

        assertThat(standing.lastPaymentDate()).isEqualTo(DUE.plusDays(9));
    }

    @Test
    void aWriteOffClosesTheAccountAndContactsChangeNothing() {
        AccountStanding standing = AccountStanding.opened(OPENED);

        assertThat(standing.after(new CeaseContactRequested(ID, null, "asked"))).isSameAs(standing);
        AccountStanding writtenOff = standing.after(new AccountWrittenOff(ID, DUE.plusDays(200), "uncollectable",
                Stage.EARLY, OWED, OWED));
        assertThat(writtenOff.status()).isEqualTo(AccountStatus.WRITTEN_OFF);
        assertThat(writtenOff.stage()).isEqualTo(Stage.WRITTEN_OFF);
    }

    static PenaltyAccrued accrued(LocalDate through) {
        return new PenaltyAccrued(ID, DUE.plusDays(5), through, List.of(), 0, 0, 0);
    }

    static PaymentRecorded payment(String id, LocalDate valueDate) {
        return new PaymentRecorded(ID, id, new Money(1_000, "CNY"), valueDate, "ALIPAY",
                new Allocation(0, 0, 0, 1_000, 0), SETTLED, false);
    }
}
