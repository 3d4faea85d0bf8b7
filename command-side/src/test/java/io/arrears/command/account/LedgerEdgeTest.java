package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.InvalidField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The edges of docs/DESIGN.md §3, one table row or one case each. */
class LedgerEdgeTest {

    private static final Terms FIVE_BPS_NO_GRACE = new Terms(5, 0, PenaltyBase.PRINCIPAL, null, Terms.DEFAULT_WATERFALL);

    private static Recomputation ledger(LocalDate due, Balance opening, Terms terms,
                                                       LocalDate through, LedgerFacts.PaymentFact... payments) {
        LedgerFacts facts = LedgerFacts.opened(due, due, opening, terms);
        for (LedgerFacts.PaymentFact payment : payments) {
            facts = facts.withPayment(payment);
        }
        return LedgerTimeline.compute(facts, through);
    }

    @ParameterizedTest(name = "due {0}, grace {1}: through {2} accrues {3} evenings")
    @CsvSource({
            "2026-03-01, 3, 2026-03-04, 0",   // the last day of grace accrues nothing
            "2026-03-01, 3, 2026-03-05, 1",   // the day after it does
            "2026-01-30, 0, 2026-02-02, 3",   // across a month end
            "2026-12-30, 0, 2027-01-02, 3",   // across a year end
            "2028-02-27, 1, 2028-03-01, 2",   // the leap day 2028-02-29 is an evening like any other
            "2027-02-27, 1, 2027-03-01, 1",   // and a common year has none
    })
    void penaltyStartsTheDayAfterGraceAndCountsEveryCalendarDate(LocalDate due, int graceDays, LocalDate through,
                                                                int evenings) {
        Terms terms = new Terms(5, graceDays, PenaltyBase.PRINCIPAL, null, Terms.DEFAULT_WATERFALL);
        Recomputation ledger = ledger(due, new Balance(1_000_000, 0, 0, 0, 0), terms, through);
        assertThat(ledger.balance().penaltyMinor()).isEqualTo(500L * evenings);
    }

    @ParameterizedTest(name = "base {0} at {1} bp: {2} a day")
    @CsvSource({
            "1001000, 5, 500",   // 500.5 rounds to the even 500
            "1003000, 5, 502",   // 501.5 rounds to the even 502
            "1002999, 5, 501",   // 501.4995 rounds down
            "1, 5000, 0",        // half of one minor unit rounds to the even 0
            "3, 5000, 2",        // one and a half round to 2
            "0, 5, 0",
    })
    void aDaysPenaltyRoundsHalfEvenToOneMinorUnit(long base, int rateBps, long daily) {
        assertThat(PenaltyTimeline.dailyMinor(base, rateBps)).isEqualTo(daily);
    }

    @Test
    void theCapCutsTheEveningItIsReachedAndNothingAccruesAfter() {
        Terms capped = new Terms(5, 0, PenaltyBase.PRINCIPAL, 27, Terms.DEFAULT_WATERFALL);
        LocalDate due = LocalDate.of(2026, 3, 1);
        Recomputation ledger = ledger(due, new Balance(1_000_000, 0, 0, 0, 0), capped,
                due.plusDays(10));
        assertThat(ledger.balance().penaltyMinor()).isEqualTo(2_700);
        assertThat(ledger.segments(due.plusDays(1), due.plusDays(10))).containsExactly(
                new AccrualSegment(due.plusDays(1), due.plusDays(5), 1_000_000, 5, 5, 500, 2_500),
                new AccrualSegment(due.plusDays(6), due.plusDays(6), 1_000_000, 5, 1, 500, 200));
    }

    @Test
    void aPaymentExactlyClearingEverythingLeavesNoCreditAndStopsPenalty() {
        LocalDate due = LocalDate.of(2026, 3, 1);
        Recomputation ledger = ledger(due, new Balance(1_000_000, 0, 0, 0, 0), FIVE_BPS_NO_GRACE,
                due.plusDays(9), new LedgerFacts.PaymentFact("PAY-1", 1_001_000, due.plusDays(3)));
        assertThat(ledger.balance()).isEqualTo(Balance.ZERO);
        assertThat(ledger.settledOn()).isEqualTo(due.plusDays(3));
    }

    @Test
    void oneMinorUnitPaysOneMinorUnitOfTheFirstComponent() {
        LocalDate due = LocalDate.of(2026, 3, 1);
        Recomputation ledger = ledger(due, new Balance(1_000_000, 0, 0, 0, 0), FIVE_BPS_NO_GRACE,
                due.plusDays(1), new LedgerFacts.PaymentFact("PAY-1", 1, due.plusDays(2)));
        assertThat(ledger.allocation("PAY-1").penaltyMinor()).isEqualTo(1);
        assertThat(ledger.balance().penaltyMinor()).isEqualTo(499);
    }

    @Test
    void anOverpaymentIsKeptAsCreditAndAReversalTakesItBackToZeroNeverBelow() {
        LocalDate due = LocalDate.of(2026, 3, 1);
        LedgerFacts facts = LedgerFacts.opened(due, due, new Balance(100_000, 0, 0, 0, 0), FIVE_BPS_NO_GRACE)
                .withPayment(new LedgerFacts.PaymentFact("PAY-1", 150_000, due.plusDays(1)));
        assertThat(LedgerTimeline.compute(facts, due.plusDays(5)).balance())
                .isEqualTo(new Balance(0, 0, 0, 0, 50_000));
        assertThat(LedgerTimeline.compute(facts.withoutPayment("PAY-1"), due.plusDays(5)).balance())
                .isEqualTo(new Balance(100_000, 0, 0, 250, 0));
    }

    @ParameterizedTest(name = "{0}: {1} minor units accrue {2} a day; a payment of {3}")
    @CsvSource({
            "JPY, 100000, 50, 10",         // no minor digits: 5 bp of ¥100,000 is ¥50
            "KWD, 1000000, 500, 10.500",   // three minor digits: fils
            "CNY, 1000000, 500, 10.50",
    })
    void currenciesWithZeroTwoAndThreeMinorDigits(String currency, long principalMinor, long dailyMinor,
                                                  String payment) {
        AccountHarness harness = new AccountHarness(LedgerClock.fixed(LocalDate.of(2026, 6, 1), ZoneId.of("UTC")));
        AccountId id = new AccountId("E-" + currency);
        LocalDate due = LocalDate.of(2026, 3, 1);
        harness.send(new OpenAccount(id, "B-1", "CASH", currency, due, due,
                new Balance(principalMinor, 0, 0, 0, 0), FIVE_BPS_NO_GRACE,
                new Borrower("N", "+1", "n@example.com", "A", "UTC")));
        AccountOutcome accrued = harness.send(new AccruePenalty(id, due.plusDays(2)));
        assertThat(accrued.balance().penaltyMinor()).isEqualTo(2 * dailyMinor);
        PaymentOutcome paid = harness.send(new RecordPayment(id, "PAY-1", payment, currency, due.plusDays(3), "BANK"));
        long paymentMinor = Money.parse(payment, currency).amountMinor();
        assertThat(paid.allocation().penaltyMinor()).isEqualTo(Math.min(paymentMinor, 2 * dailyMinor));
        assertThat(paid.allocation().totalMinor()).isEqualTo(paymentMinor);
    }

    @ParameterizedTest(name = "{0} amount {1} is refused")
    @CsvSource({"JPY, 10.5", "KWD, 10.50", "CNY, 10.5", "CNY, 10.505"})
    void anAmountWithOtherMinorDigitsThanTheCurrencyIsRefused(String currency, String amount) {
        AccountHarness harness = new AccountHarness(LedgerClock.fixed(LocalDate.of(2026, 6, 1), ZoneId.of("UTC")));
        AccountId id = new AccountId("E-" + currency);
        LocalDate due = LocalDate.of(2026, 3, 1);
        harness.send(new OpenAccount(id, "B-1", "CASH", currency, due, due, new Balance(100_000, 0, 0, 0, 0),
                FIVE_BPS_NO_GRACE, new Borrower("N", "+1", "n@example.com", "A", "UTC")));
        assertThatThrownBy(() -> harness.send(new RecordPayment(id, "PAY-1", amount, currency, due.plusDays(1),
                "BANK"))).isInstanceOf(InvalidField.class);
        assertThat(harness.events(id)).hasSize(1);
    }

    @Test
    void valueDatesInsideTheOpeningBalancesOfALateOpenedAccountAreRejected() {
        AccountHarness harness = new AccountHarness(LedgerClock.fixed(LocalDate.of(2026, 6, 1), ZoneId.of("UTC")));
        AccountId id = new AccountId("LATE-1");
        LocalDate due = LocalDate.of(2026, 3, 1);
        LocalDate handedOver = due.plusDays(12);
        harness.send(new OpenAccount(id, "B-1", "CASH", "CNY", due, handedOver,
                new Balance(1_000_000, 0, 0, 6_000, 0), FIVE_BPS_NO_GRACE,
                new Borrower("N", "+1", "n@example.com", "A", "UTC")));
        assertThatThrownBy(() -> harness.send(new RecordPayment(id, "PAY-1", "10.00", null, handedOver, "BANK")))
                .isInstanceOf(InvalidField.class).hasMessageContaining("balancesAsOf");
        AccountOutcome accrued = harness.send(new AccruePenalty(id, handedOver.plusDays(2)));
        // Penalty up to the handover is in the opening balance; the ledger's own starts the day after.
        assertThat(accrued.balance().penaltyMinor()).isEqualTo(6_000 + 2 * 500);
        assertThat(List.of(accrued.accruedThrough())).containsExactly(handedOver.plusDays(2));
    }
}
