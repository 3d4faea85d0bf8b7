package io.arrears.command.account;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.PlanInstalment;
import io.arrears.kernel.account.PlanKind;
import io.arrears.kernel.command.AgreePlan;
import io.arrears.kernel.event.InstalmentKept;
import io.arrears.kernel.event.InstalmentMissed;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PlanAgreed;
import io.arrears.kernel.event.PlanBroken;
import io.arrears.kernel.event.PlanCompleted;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseKept;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.RuleViolation;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitmentsTest {

    static final LocalDate APRIL_1 = LocalDate.of(2026, 4, 1);
    static final LocalDate APRIL_10 = LocalDate.of(2026, 4, 10);
    static final LocalDate MAY_1 = LocalDate.of(2026, 5, 1);

    final Commitments commitments = new Commitments();

    @Test
    void paymentsOnOrBeforeAPromisesDueDateKeepItOnceTheyReachItsAmount() {
        commitments.after(promise("P-1", 50_000, APRIL_10));
        commitments.after(payment("PAY-1", 30_000, APRIL_1));
        assertThat(commitments.keptBy(ACCOUNT, APRIL_1)).isEmpty();

        commitments.after(payment("PAY-2", 20_000, APRIL_10));
        assertThat(commitments.keptBy(ACCOUNT, APRIL_10))
                .containsExactly(new PromiseKept(ACCOUNT, "P-1", APRIL_10, 50_000));
    }

    @Test
    void aPaymentAfterTheDueDateDoesNotCountAndAnUnkeptPromiseBreaksOnItsDueDateEarliestFirst() {
        commitments.after(promise("P-2", 10_000, APRIL_10));
        commitments.after(promise("P-1", 10_000, APRIL_1));
        commitments.after(payment("PAY-1", 10_000, APRIL_1.plusDays(1)));

        assertThat(commitments.dueBy(ACCOUNT, APRIL_1.minusDays(1))).isEmpty();
        assertThat(commitments.dueBy(ACCOUNT, APRIL_10)).containsExactly(
                new PromiseBroken(ACCOUNT, "P-1", APRIL_1, 0),
                new PromiseBroken(ACCOUNT, "P-2", APRIL_10, 10_000));
    }

    @Test
    void aReversedPaymentNoLongerCounts() {
        commitments.after(promise("P-1", 10_000, APRIL_10));
        commitments.after(payment("PAY-1", 10_000, APRIL_1));
        commitments.after(new PaymentReversed(ACCOUNT, "PAY-1", new Money(10_000, "CNY"), APRIL_1, "bounced",
                new Allocation(0, 0, 0, 10_000, 0), new Balance(10_000, 0, 0, 0, 0)));

        assertThat(commitments.keptBy(ACCOUNT, APRIL_1)).isEmpty();
        assertThat(commitments.dueBy(ACCOUNT, APRIL_10))
                .containsExactly(new PromiseBroken(ACCOUNT, "P-1", APRIL_10, 0));
    }

    @Test
    void instalmentsCoveredInTurnAreKeptLateOrNotAndTheLastCompletesThePlan() {
        commitments.after(plan(7));
        commitments.after(payment("PAY-1", 12_000, APRIL_10.plusDays(2)));

        assertThat(commitments.keptBy(ACCOUNT, APRIL_10.plusDays(2))).containsExactly(
                new InstalmentKept(ACCOUNT, "PL-1", 0, APRIL_10.plusDays(2), true));
        commitments.after(new InstalmentKept(ACCOUNT, "PL-1", 0, APRIL_10.plusDays(2), true));

        commitments.after(payment("PAY-2", 3_000, MAY_1));
        assertThat(commitments.keptBy(ACCOUNT, MAY_1)).containsExactly(
                new InstalmentKept(ACCOUNT, "PL-1", 1, MAY_1, false),
                new PlanCompleted(ACCOUNT, "PL-1"));
    }

    @Test
    void anInstalmentNotCoveredIsMissedOnItsDueDateAndBreaksThePlanOnceItsGraceIsOver() {
        commitments.after(plan(7));

        assertThat(commitments.dueBy(ACCOUNT, APRIL_10)).containsExactly(
                new InstalmentMissed(ACCOUNT, "PL-1", 0, APRIL_10));
        commitments.after(new InstalmentMissed(ACCOUNT, "PL-1", 0, APRIL_10));
        assertThat(commitments.dueBy(ACCOUNT, APRIL_10.plusDays(6))).isEmpty();
        assertThat(commitments.dueBy(ACCOUNT, APRIL_10.plusDays(7))).containsExactly(
                new PlanBroken(ACCOUNT, "PL-1", 0, APRIL_10.plusDays(7)));

        commitments.after(new PlanBroken(ACCOUNT, "PL-1", 0, APRIL_10.plusDays(7)));
        AgreePlan again = new AgreePlan(ACCOUNT, "PL-1", PlanKind.INSTALMENTS, List.of(
                new AgreePlan.Instalment(APRIL_10, "100.00"), new AgreePlan.Instalment(MAY_1, "50.00")));
        assertThat(commitments.repeats(again, plan(7).instalments())).isTrue();
        assertThatThrownBy(() -> commitments.repeats(again, List.of(new PlanInstalment(APRIL_10, 15_000))))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("PL-1 was already used");
        assertThat(commitments.agreed(ACCOUNT, new AgreePlan(ACCOUNT, "PL-2", PlanKind.INSTALMENTS,
                again.instalments()), plan(7).instalments(), 7, APRIL_1))
                .as("a broken plan no longer stops another").isNotNull();
    }

    static PromiseRecorded promise(String id, long amountMinor, LocalDate dueDate) {
        return new PromiseRecorded(ACCOUNT, id, new Money(amountMinor, "CNY"), dueDate, APRIL_1.minusDays(5));
    }

    static PaymentRecorded payment(String id, long amountMinor, LocalDate valueDate) {
        return new PaymentRecorded(ACCOUNT, id, new Money(amountMinor, "CNY"), valueDate, "ALIPAY",
                new Allocation(0, 0, 0, amountMinor, 0), new Balance(1_000_000, 0, 0, 0, 0), false);
    }

    /** 100.00 due April 10 and 50.00 due May 1. */
    static PlanAgreed plan(int graceDays) {
        return new PlanAgreed(ACCOUNT, "PL-1", PlanKind.INSTALMENTS, List.of(new PlanInstalment(APRIL_10, 10_000),
                new PlanInstalment(MAY_1, 5_000)), graceDays, APRIL_1);
    }
}
