package io.arrears.command.account;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.DisputeOutcome;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.GrantWaiver;
import io.arrears.kernel.command.RaiseDispute;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.command.ResolveDispute;
import io.arrears.kernel.command.ReversePayment;
import io.arrears.kernel.command.WriteOffAccount;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PenaltyCorrection;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.InvalidField;
import io.arrears.kernel.rejection.RuleViolation;
import io.arrears.kernel.rejection.UnknownReference;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static io.arrears.command.account.AccountFixtures.accountOpened;

/**
 * Backdated facts, reversals, waivers, disputes and write-offs on the worked example's account
 * (10,150.00 on which 5 bp a day accrue from 2026-03-05: 5.08 a day).
 */
class LedgerCorrectionsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    private static final Balance OPENING_WITH_SIX_DAYS = new Balance(1_000_000, 15_000, 2_000, 3_048, 0);
    private FixtureConfiguration<CollectionAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CollectionAccount.class);
        fixture.registerInjectableResource(LedgerClock.fixed(TODAY, ZoneId.of("Asia/Shanghai")));
        fixture.registerInjectableResource(new ContactPolicy(ContactPreset.DEFAULT));
        fixture.registerInjectableResource(BorrowerContacts.NONE);
        fixture.registerInjectableResource(new RecordingVault());
        fixture.registerInjectableResource(WorkflowPolicy.DEFAULT);
    }

    private static LocalDate march(int day) {
        return LocalDate.of(2026, 3, day);
    }

    private static PenaltyAccrued accruedThroughTheTenth() {
        return new PenaltyAccrued(ACCOUNT, march(2), march(10), List.of(
                new AccrualSegment(march(5), march(10), 1_015_000, 5, 6, 508, 3_048)), 3_048, 3_048, 3_048);
    }

    private static StageAdvanced early() {
        return new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 9, march(10));
    }

    private static RecordPayment payment(String id, String amount, LocalDate valueDate) {
        return new RecordPayment(ACCOUNT, id, amount, null, valueDate, "ALIPAY");
    }

    private static PaymentRecorded recorded(String id, String amount, LocalDate valueDate, Allocation allocation,
                                            Balance after) {
        return new PaymentRecorded(ACCOUNT, id, Money.parse(amount, "CNY"), valueDate, "ALIPAY", allocation, after,
                false);
    }

    @Nested
    class BackdatedPayments {

        @Test
        void aPaymentDatedBeforeAccruedThroughTakesBackThePenaltyItsMoneyWouldHaveSaved() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early())
                    .when(payment("PAY-1", "1000.00", march(7)))
                    .expectEvents(
                            recorded("PAY-1", "1000.00", march(7), new Allocation(1_016, 2_000, 15_000, 81_984, 0),
                                    new Balance(918_016, 0, 0, 1_836, 0)),
                            new PenaltyAdjusted(ACCOUNT, "PaymentRecorded:PAY-1", List.of(
                                    new PenaltyCorrection(march(7), march(10), 4, 1_015_000, 2_032, 918_016, 1_836)),
                                    -196, 1_836, 2_852));
        }

        @Test
        void aBackdatedPaymentReallocatesTheLaterOnesWithBeforeAndAfter() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(),
                            recorded("PAY-2", "100.00", march(11), new Allocation(3_048, 2_000, 4_952, 0, 0),
                                    new Balance(1_000_000, 10_048, 0, 0, 0)))
                    .when(payment("PAY-1", "500.00", march(6)))
                    .expectEvents(
                            recorded("PAY-1", "500.00", march(6), new Allocation(508, 2_000, 15_000, 32_492, 0),
                                    new Balance(959_928, 0, 0, 0, 0)),
                            new PaymentReallocated(ACCOUNT, "PAY-2", new Allocation(3_048, 2_000, 4_952, 0, 0),
                                    new Allocation(2_420, 0, 0, 7_580, 0), "PaymentRecorded:PAY-1"),
                            new PenaltyAdjusted(ACCOUNT, "PaymentRecorded:PAY-1", List.of(
                                    new PenaltyCorrection(march(6), march(10), 5, 1_015_000, 2_540, 967_508, 2_420)),
                                    -120, 0, 2_928));
        }

        @Test
        void aBackdatedPaymentThatClearsEverythingResolvesTheAccountFromItsValueDate() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early())
                    .when(payment("PAY-1", "10200.00", march(4)))
                    .expectEvents(
                            recorded("PAY-1", "10200.00", march(4), new Allocation(0, 2_000, 15_000, 1_000_000, 3_000),
                                    new Balance(0, 0, 0, 0, 3_000)),
                            new PenaltyAdjusted(ACCOUNT, "PaymentRecorded:PAY-1", List.of(
                                    new PenaltyCorrection(march(5), march(10), 6, 1_015_000, 3_048, 0, 0)),
                                    -3_048, 0, 0),
                            new AccountResolved(ACCOUNT, Stage.EARLY, march(4)));
        }
    }

    @Nested
    class Reversals {

        private final Allocation workedExampleAllocation = new Allocation(3_556, 2_000, 15_000, 79_444, 0);

        @Test
        void aReversedPaymentLeavesTheFactsAndThePenaltyItsAbsenceAccruesIsPosted() {
            fixture.given(accountOpened(),
                            new PenaltyAccrued(ACCOUNT, march(2), march(11), List.of(), 3_556, 3_556, 3_556),
                            recorded("PAY-1", "1000.00", march(12), workedExampleAllocation,
                                    new Balance(920_556, 0, 0, 0, 0)),
                            new PenaltyAccrued(ACCOUNT, march(12), march(15), List.of(), 1_840, 1_840, 5_396))
                    .when(new ReversePayment(ACCOUNT, "PAY-1", "chargeback"))
                    .expectEvents(
                            new PaymentReversed(ACCOUNT, "PAY-1", Money.parse("1000.00", "CNY"), march(12),
                                    "chargeback", workedExampleAllocation, new Balance(1_000_000, 15_000, 2_000, 5_588, 0)),
                            new PenaltyAdjusted(ACCOUNT, "PaymentReversed:PAY-1", List.of(
                                    new PenaltyCorrection(march(12), march(15), 4, 920_556, 1_840, 1_015_000, 2_032)),
                                    192, 5_588, 5_588));
        }

        @Test
        void reversingThePaymentThatResolvedTheAccountReopensIt() {
            fixture.given(accountOpened(),
                            recorded("PAY-1", "10200.00", march(2), new Allocation(0, 2_000, 15_000, 1_000_000, 3_000),
                                    new Balance(0, 0, 0, 0, 3_000)),
                            new AccountResolved(ACCOUNT, Stage.PREPARATION, march(2)))
                    .when(new ReversePayment(ACCOUNT, "PAY-1", "bounced"))
                    .expectEvents(
                            new PaymentReversed(ACCOUNT, "PAY-1", Money.parse("10200.00", "CNY"), march(2), "bounced",
                                    new Allocation(0, 2_000, 15_000, 1_000_000, 3_000), AccountFixtures.OPENING),
                            new AccountReopened(ACCOUNT, Stage.PREPARATION, 0, "PaymentReversed:PAY-1"));
        }

        @Test
        void cannotReverseAPaymentTwice() {
            fixture.given(accountOpened(),
                            recorded("PAY-1", "100.00", march(2), new Allocation(0, 2_000, 8_000, 0, 0),
                                    new Balance(1_000_000, 7_000, 0, 0, 0)),
                            new PaymentReversed(ACCOUNT, "PAY-1", Money.parse("100.00", "CNY"), march(2), "bounced",
                                    new Allocation(0, 2_000, 8_000, 0, 0), AccountFixtures.OPENING))
                    .when(new ReversePayment(ACCOUNT, "PAY-1", "bounced"))
                    .expectException(RuleViolation.class)
                    .expectExceptionMessage("payment PAY-1 was reversed already")
                    .expectNoEvents();
        }

        @Test
        void cannotReverseAnUnknownPayment() {
            fixture.given(accountOpened())
                    .when(new ReversePayment(ACCOUNT, "PAY-9", "bounced"))
                    .expectException(UnknownReference.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Waivers {

        private GrantWaiver waiver(String id, Component component, String amount, LocalDate date) {
            return new GrantWaiver(ACCOUNT, id, component, amount, date, "goodwill");
        }

        @Test
        void aWaiverForgivesWhatWasOutstandingOnItsDateAfterThatDatesPayments() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early())
                    .when(waiver("W-1", Component.PENALTY, "25.40", march(10)))
                    .expectEvents(new WaiverGranted(ACCOUNT, "W-1", Component.PENALTY, Money.parse("25.40", "CNY"),
                            march(10), "goodwill", new Balance(1_000_000, 15_000, 2_000, 508, 0)));
        }

        @Test
        void aWaiverAboveTheOutstandingAmountOnItsDateIsRefused() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early())
                    .when(waiver("W-1", Component.PENALTY, "30.48", march(10)))
                    .expectException(RuleViolation.class)
                    .expectExceptionMessage("a waiver may not exceed the outstanding penalty of 25.40 CNY on 2026-03-10")
                    .expectNoEvents();
        }

        @Test
        void aBackdatedInterestWaiverLowersThePenaltyBaseFromItsDate() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early())
                    .when(waiver("W-1", Component.INTEREST, "150.00", march(8)))
                    .expectEvents(
                            new WaiverGranted(ACCOUNT, "W-1", Component.INTEREST, Money.parse("150.00", "CNY"),
                                    march(8), "goodwill", new Balance(1_000_000, 0, 2_000, 3_024, 0)),
                            new PenaltyAdjusted(ACCOUNT, "WaiverGranted:W-1", List.of(
                                    new PenaltyCorrection(march(8), march(10), 3, 1_015_000, 1_524, 1_000_000, 1_500)),
                                    -24, 3_024, 3_024));
        }

        @Test
        void aRepeatedWaiverWritesNothingAndTheSameIdWithOtherContentIsAConflict() {
            WaiverGranted granted = new WaiverGranted(ACCOUNT, "W-1", Component.FEES, Money.parse("20.00", "CNY"),
                    march(11), "goodwill", new Balance(1_000_000, 15_000, 0, 3_048, 0));
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(), granted)
                    .when(waiver("W-1", Component.FEES, "20.00", march(11)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(), granted)
                    .when(waiver("W-1", Component.FEES, "10.00", march(11)))
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
        }

        @Test
        void principalIsNeverWaived() {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> waiver("W-1", Component.PRINCIPAL, "1.00", march(11)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Disputes {

        private final DisputeRaised raisedOnTheEighth = new DisputeRaised(ACCOUNT, "D-1", march(8), "not my debt",
                new Balance(1_000_000, 15_000, 2_000, 1_524, 0));
        private final PenaltyAdjusted frozenFromTheEighth = new PenaltyAdjusted(ACCOUNT, "DisputeRaised:D-1", List.of(
                new PenaltyCorrection(march(8), march(10), 3, 1_015_000, 1_524, 1_015_000, 0)), -1_524, 1_524, 1_524);

        @Test
        void aBackdatedDisputeTakesBackThePenaltyOfTheEveningsItFreezes() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early())
                    .when(new RaiseDispute(ACCOUNT, "D-1", march(8), "not my debt"))
                    .expectEvents(raisedOnTheEighth, frozenFromTheEighth);
        }

        @Test
        void noPenaltyAccruesWhileTheDisputeIsOpen() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(), raisedOnTheEighth, frozenFromTheEighth)
                    .when(new AccruePenalty(ACCOUNT, march(12)))
                    .expectEvents(new PenaltyAccrued(ACCOUNT, march(11), march(12), List.of(), 0, 1_524, 1_524));
        }

        @Test
        void penaltyAccruesAgainFromTheEveningOfTheResolution() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(), raisedOnTheEighth, frozenFromTheEighth,
                            new DisputeResolved(ACCOUNT, "D-1", march(12), DisputeOutcome.REJECTED,
                                    new Balance(1_000_000, 15_000, 2_000, 1_524, 0)))
                    .when(new AccruePenalty(ACCOUNT, march(13)))
                    .expectEvents(new PenaltyAccrued(ACCOUNT, march(11), march(13), List.of(
                            new AccrualSegment(march(12), march(13), 1_015_000, 5, 2, 508, 1_016)), 1_016, 2_540, 2_540));
        }

        @Test
        void aResolutionDatedLaterPostsTheFrozenEveningsBeforeIt() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(), raisedOnTheEighth, frozenFromTheEighth)
                    .when(new ResolveDispute(ACCOUNT, "D-1", march(12), DisputeOutcome.WITHDRAWN))
                    .expectEvents(new PenaltyAccrued(ACCOUNT, march(11), march(11), List.of(), 0, 1_524, 1_524),
                            new DisputeResolved(ACCOUNT, "D-1", march(12), DisputeOutcome.WITHDRAWN,
                                    new Balance(1_000_000, 15_000, 2_000, 1_524, 0)));
        }

        @Test
        void onlyOneDisputeIsOpenAtATime() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(), raisedOnTheEighth, frozenFromTheEighth)
                    .when(new RaiseDispute(ACCOUNT, "D-2", march(10), "again"))
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
        }

        @Test
        void aResolutionBeforeTheDisputeWasRaisedIsRejected() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(), raisedOnTheEighth, frozenFromTheEighth)
                    .when(new ResolveDispute(ACCOUNT, "D-1", march(7), DisputeOutcome.UPHELD))
                    .expectException(InvalidField.class)
                    .expectNoEvents();
        }

        @Test
        void resolvingAnUnknownDisputeIsRejected() {
            fixture.given(accountOpened())
                    .when(new ResolveDispute(ACCOUNT, "D-9", march(7), DisputeOutcome.UPHELD))
                    .expectException(UnknownReference.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class WriteOff {

        private final AccountWrittenOff writtenOff = new AccountWrittenOff(ACCOUNT, march(8), "uncollectable",
                Stage.EARLY, new Balance(1_000_000, 15_000, 2_000, 1_524, 0),
                new Balance(1_000_000, 15_000, 2_000, 1_524, 0));
        private final PenaltyAdjusted noPenaltyFromTheEighth = new PenaltyAdjusted(ACCOUNT, "AccountWrittenOff",
                List.of(new PenaltyCorrection(march(8), march(10), 3, 1_015_000, 1_524, 1_015_000, 0)), -1_524, 1_524,
                1_524);

        @Test
        void aBackdatedWriteOffStopsAccrualFromItsDate() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early())
                    .when(new WriteOffAccount(ACCOUNT, march(8), "uncollectable"))
                    .expectEvents(writtenOff, noPenaltyFromTheEighth);
        }

        @Test
        void aPaymentAfterTheWriteOffIsARecoveryByTheSameWaterfall() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(), writtenOff, noPenaltyFromTheEighth)
                    .when(payment("PAY-1", "100.00", march(12)))
                    .expectEvents(new PenaltyAccrued(ACCOUNT, march(11), march(11), List.of(), 0, 1_524, 1_524),
                            new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("100.00", "CNY"), march(12), "ALIPAY",
                                    new Allocation(1_524, 2_000, 6_476, 0, 0), new Balance(1_000_000, 8_524, 0, 0, 0),
                                    true));
        }

        @Test
        void aWrittenOffAccountIsNotWrittenOffAgainFromAnotherDate() {
            fixture.given(accountOpened(), accruedThroughTheTenth(), early(), writtenOff, noPenaltyFromTheEighth)
                    .when(new WriteOffAccount(ACCOUNT, march(9), "uncollectable"))
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
        }

        @Test
        void aResolvedAccountHasNothingToWriteOff() {
            fixture.given(accountOpened(),
                            recorded("PAY-1", "10200.00", march(2), new Allocation(0, 2_000, 15_000, 1_000_000, 3_000),
                                    new Balance(0, 0, 0, 0, 3_000)),
                            new AccountResolved(ACCOUNT, Stage.PREPARATION, march(2)))
                    .when(new WriteOffAccount(ACCOUNT, march(3), "uncollectable"))
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
        }
    }
}
