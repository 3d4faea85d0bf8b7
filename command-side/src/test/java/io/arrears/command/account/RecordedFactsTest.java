package io.arrears.command.account;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.DisputeOutcome;
import io.arrears.kernel.command.ResolveDispute;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.RuleViolation;
import io.arrears.kernel.rejection.UnknownReference;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordedFactsTest {

    static final LocalDate MARCH_12 = LocalDate.of(2026, 3, 12);
    static final Balance OWED = new Balance(1_000_000, 0, 0, 0, 0);

    final RecordedFacts facts = new RecordedFacts();

    @Test
    void aPaymentIsKeptByItsIdAndReversibleOnce() {
        PaymentRecorded payment = new PaymentRecorded(ACCOUNT, "PAY-1", new Money(10_000, "CNY"), MARCH_12, "ALIPAY",
                new Allocation(0, 0, 0, 10_000, 0), OWED, false);
        facts.after(payment);
        assertThat(facts.payment("PAY-1")).isEqualTo(payment);
        assertThat(facts.reversible(ACCOUNT, "PAY-1")).isEqualTo(payment);

        facts.after(new PaymentReversed(ACCOUNT, "PAY-1", new Money(10_000, "CNY"), MARCH_12, "bounced",
                new Allocation(0, 0, 0, 10_000, 0), OWED));
        assertThatThrownBy(() -> facts.reversible(ACCOUNT, "PAY-1")).isInstanceOf(RuleViolation.class)
                .hasMessageContaining("reversed already");
        assertThatThrownBy(() -> facts.reversible(ACCOUNT, "PAY-2")).isInstanceOf(UnknownReference.class);
    }

    @Test
    void aDisputeIsOpenUntilItsResolution() {
        assertThat(facts.openDispute()).isEmpty();
        DisputeRaised raised = new DisputeRaised(ACCOUNT, "D-1", MARCH_12, "not mine", OWED);
        facts.after(raised);
        assertThat(facts.openDispute()).contains(raised);

        facts.after(new DisputeResolved(ACCOUNT, "D-1", MARCH_12.plusDays(5), DisputeOutcome.REJECTED, OWED));
        assertThat(facts.openDispute()).isEmpty();
        assertThat(facts.dispute(ACCOUNT, "D-1")).isEqualTo(raised);
        assertThat(facts.repeats(new ResolveDispute(ACCOUNT, "D-1", MARCH_12.plusDays(5), DisputeOutcome.REJECTED)))
                .isTrue();
        assertThatThrownBy(() -> facts.repeats(new ResolveDispute(ACCOUNT, "D-1", MARCH_12.plusDays(5),
                DisputeOutcome.UPHELD))).isInstanceOf(RuleViolation.class).hasMessageContaining("already resolved");
    }
}
