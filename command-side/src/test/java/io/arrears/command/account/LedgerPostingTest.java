package io.arrears.command.account;

import io.arrears.command.account.LedgerFacts.PaymentFact;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PenaltyAdjusted;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static io.arrears.command.account.AccountFixtures.DUE;
import static io.arrears.command.account.AccountFixtures.OPENING;
import static io.arrears.command.account.AccountFixtures.TERMS;
import static org.assertj.core.api.Assertions.assertThat;

class LedgerPostingTest {

    static final LocalDate POSTED_THROUGH = LocalDate.of(2026, 3, 15);
    static final Function<String, Component> NO_WAIVERS = waiverId -> {
        throw new AssertionError("no waiver " + waiverId);
    };
    static final LedgerFacts WITH_PAY_1 = LedgerFacts.opened(DUE, DUE, OPENING, TERMS)
            .withPayment(new PaymentFact("PAY-1", 100_000, LocalDate.of(2026, 3, 12)));
    static final AccountStanding OPEN_EARLY = new AccountStanding(AccountStatus.OPEN, Stage.EARLY, null, DUE,
            POSTED_THROUGH, LocalDate.of(2026, 3, 12));

    @Test
    void aBackdatedPaymentReallocatesTheLaterOneAndTakesBackPenalty() {
        Recomputation before = LedgerTimeline.compute(WITH_PAY_1, POSTED_THROUGH);
        Recomputation after = LedgerTimeline.compute(
                WITH_PAY_1.withPayment(new PaymentFact("PAY-0", 10_000, LocalDate.of(2026, 3, 8))), POSTED_THROUGH);

        List<AccountEvent> events = LedgerPosting.corrections(ACCOUNT, OPEN_EARLY, before, after, NO_WAIVERS,
                WorkflowPolicy.DEFAULT, "PaymentRecorded:PAY-0");

        assertThat(events).hasSize(2);
        PaymentReallocated reallocated = (PaymentReallocated) events.get(0);
        assertThat(reallocated.paymentId()).isEqualTo("PAY-1");
        assertThat(reallocated.before()).isEqualTo(before.allocations().get("PAY-1"));
        assertThat(reallocated.after()).isEqualTo(after.allocations().get("PAY-1")).isNotEqualTo(reallocated.before());
        PenaltyAdjusted adjusted = (PenaltyAdjusted) events.get(1);
        assertThat(adjusted.adjustmentMinor()).isNegative()
                .isEqualTo(after.accruedByLedgerMinor() - before.accruedByLedgerMinor());
        assertThat(adjusted.penaltyAfterMinor()).isEqualTo(after.balance().penaltyMinor());
        assertThat(adjusted.cause()).isEqualTo("PaymentRecorded:PAY-0");
    }

    @Test
    void theLaterPaymentsABackdatedOneReallocatesFollowInTheOrderTheyWereAllocated() {
        // Recorded in another order than their value dates: the corrections follow the value dates.
        LedgerFacts facts = WITH_PAY_1;
        for (int day : new int[] {14, 10, 13, 11}) {
            facts = facts.withPayment(new PaymentFact("PAY-MAR-" + day, 1_000, LocalDate.of(2026, 3, day)));
        }
        Recomputation before = LedgerTimeline.compute(facts, POSTED_THROUGH);
        Recomputation after = LedgerTimeline.compute(
                facts.withPayment(new PaymentFact("PAY-0", 10_000, LocalDate.of(2026, 3, 8))), POSTED_THROUGH);

        List<AccountEvent> events = LedgerPosting.corrections(ACCOUNT, OPEN_EARLY, before, after, NO_WAIVERS,
                WorkflowPolicy.DEFAULT, "PaymentRecorded:PAY-0");

        assertThat(events).filteredOn(PaymentReallocated.class::isInstance)
                .map(event -> ((PaymentReallocated) event).paymentId())
                .containsExactly("PAY-MAR-11", "PAY-1", "PAY-MAR-13", "PAY-MAR-14");
    }

    @Test
    void aPaymentOfEverythingOwedResolvesTheAccount() {
        Recomputation before = LedgerTimeline.compute(WITH_PAY_1, POSTED_THROUGH);
        LocalDate payday = POSTED_THROUGH.plusDays(1);
        Recomputation after = LedgerTimeline.compute(WITH_PAY_1.withPayment(new PaymentFact("PAY-2",
                before.balance().owedMinor(), payday)), POSTED_THROUGH);

        List<AccountEvent> events = LedgerPosting.corrections(ACCOUNT, OPEN_EARLY, before, after, NO_WAIVERS,
                WorkflowPolicy.DEFAULT, "PaymentRecorded:PAY-2");

        assertThat(events).containsExactly(new AccountResolved(ACCOUNT, Stage.EARLY, payday));
    }

    @Test
    void aReversalThatMakesAResolvedAccountOweReopensItInTheLaterOfItsStagesBeforeAndByDaysPastDue() {
        LedgerFacts settled = WITH_PAY_1.withPayment(new PaymentFact("PAY-2", 2_000_000, POSTED_THROUGH));
        Recomputation before = LedgerTimeline.compute(settled, POSTED_THROUGH);
        Recomputation after = LedgerTimeline.compute(settled.withoutPayment("PAY-2"), POSTED_THROUGH);
        AccountStanding resolvedFromLegal = new AccountStanding(AccountStatus.RESOLVED, Stage.RESOLVED, Stage.LEGAL,
                DUE, POSTED_THROUGH, POSTED_THROUGH);
        AccountStanding resolvedFromEarly = new AccountStanding(AccountStatus.RESOLVED, Stage.RESOLVED,
                Stage.PREPARATION, DUE, POSTED_THROUGH, POSTED_THROUGH);

        // The evening of the reversed payment's value date accrues again, then the account reopens.
        List<AccountEvent> fromLegal = LedgerPosting.corrections(ACCOUNT, resolvedFromLegal, before, after, NO_WAIVERS,
                WorkflowPolicy.DEFAULT, "PaymentReversed:PAY-2");
        assertThat(fromLegal).hasSize(2).first().isInstanceOf(PenaltyAdjusted.class);
        assertThat(fromLegal.get(1)).isEqualTo(new AccountReopened(ACCOUNT, Stage.LEGAL, 14, "PaymentReversed:PAY-2"));
        assertThat(LedgerPosting.corrections(ACCOUNT, resolvedFromEarly, before, after, NO_WAIVERS,
                WorkflowPolicy.DEFAULT, "PaymentReversed:PAY-2").get(1))
                .isEqualTo(new AccountReopened(ACCOUNT, Stage.EARLY, 14, "PaymentReversed:PAY-2"));
    }

    @Test
    void aChangeTheLedgerDoesNotFeelPostsNothing() {
        Recomputation posted = LedgerTimeline.compute(WITH_PAY_1, POSTED_THROUGH);

        assertThat(LedgerPosting.corrections(ACCOUNT, OPEN_EARLY, posted, posted, NO_WAIVERS, WorkflowPolicy.DEFAULT,
                "ContactLogged:C-1")).isEmpty();
    }
}
