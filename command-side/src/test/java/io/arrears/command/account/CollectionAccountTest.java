package io.arrears.command.account;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.EscalateStage;
import io.arrears.kernel.command.LogContact;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.InvalidField;
import io.arrears.kernel.rejection.RuleViolation;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static io.arrears.command.account.AccountFixtures.BORROWER;
import static io.arrears.command.account.AccountFixtures.DUE;
import static io.arrears.command.account.AccountFixtures.OPENING;
import static io.arrears.command.account.AccountFixtures.TERMS;
import static io.arrears.command.account.AccountFixtures.accountOpened;
import static io.arrears.command.account.AccountFixtures.openAccount;
import static org.assertj.core.api.Assertions.assertThat;

class CollectionAccountTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
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

    private static RecordPayment payment(String id, String amount, LocalDate valueDate) {
        return new RecordPayment(ACCOUNT, id, amount, null, valueDate, "ALIPAY");
    }

    private static PenaltyAccrued accrued(LocalDate from, LocalDate through, List<AccrualSegment> segments,
                                          long amountMinor, long penaltyAfterMinor, long byLedgerMinor) {
        return new PenaltyAccrued(ACCOUNT, from, through, segments, amountMinor, penaltyAfterMinor, byLedgerMinor);
    }

    @Nested
    class Opening {

        @Test
        void opensAnAccountInPreparationWhenBalancesAreAsOfTheDueDate() {
            fixture.givenNoPriorActivity()
                    .when(openAccount())
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(accountOpened());
        }

        @Test
        void anAccountHandedOverLateStartsInTheStageOfItsDaysPastDue() {
            OpenAccount late = new OpenAccount(ACCOUNT, "B-77", "JIEBEI", "CNY", DUE, DUE.plusDays(40), OPENING,
                    TERMS, BORROWER);
            fixture.givenNoPriorActivity()
                    .when(late)
                    .expectEvents(new AccountOpened(ACCOUNT, "B-77", "JIEBEI", "CNY", DUE, DUE.plusDays(40), OPENING,
                            TERMS, BORROWER, Stage.MIDDLE, 40));
        }

        @Test
        void cannotOpenAnAccountThatOwesNothing() {
            OpenAccount nothingOwed = new OpenAccount(ACCOUNT, "B-77", "HUABEI", "CNY", DUE, DUE, Balance.ZERO, TERMS,
                    BORROWER);
            fixture.givenNoPriorActivity()
                    .when(nothingOwed)
                    .expectException(InvalidField.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class WorkedExample {

        @Test
        void accruesSixDaysAfterGraceAtHalfEvenRounding() {
            fixture.given(accountOpened())
                    .when(new AccruePenalty(ACCOUNT, LocalDate.of(2026, 3, 10)))
                    .expectEvents(accrued(DUE.plusDays(1), LocalDate.of(2026, 3, 10), List.of(
                            new AccrualSegment(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 10), 1_015_000, 5, 6,
                                    508, 3_048)), 3_048, 3_048, 3_048),
                            new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 9, LocalDate.of(2026, 3, 10)));
        }

        @Test
        void aPaymentFirstAccruesUpToTheDayBeforeItsValueDateThenPaysByTheWaterfall() {
            fixture.given(accountOpened(),
                            accrued(DUE.plusDays(1), LocalDate.of(2026, 3, 10), List.of(), 3_048, 3_048, 3_048))
                    .when(payment("PAY-1", "1000.00", LocalDate.of(2026, 3, 12)))
                    .expectEvents(
                            accrued(LocalDate.of(2026, 3, 11), LocalDate.of(2026, 3, 11), List.of(
                                    new AccrualSegment(LocalDate.of(2026, 3, 11), LocalDate.of(2026, 3, 11),
                                            1_015_000, 5, 1, 508, 508)), 508, 3_556, 3_556),
                            new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 10,
                                    LocalDate.of(2026, 3, 11)),
                            new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("1000.00", "CNY"),
                                    LocalDate.of(2026, 3, 12), "ALIPAY", new Allocation(3_556, 2_000, 15_000, 79_444, 0),
                                    new Balance(920_556, 0, 0, 0, 0), false))
                    .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(PaymentOutcome.class));
        }

        @Test
        void afterThePaymentFourMoreDaysAccrueOnTheReducedBase() {
            fixture.given(accountOpened(),
                            accrued(DUE.plusDays(1), LocalDate.of(2026, 3, 11), List.of(), 3_556, 3_556, 3_556),
                            new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 10, LocalDate.of(2026, 3, 11)),
                            new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("1000.00", "CNY"),
                                    LocalDate.of(2026, 3, 12), "ALIPAY", new Allocation(3_556, 2_000, 15_000, 79_444, 0),
                                    new Balance(920_556, 0, 0, 0, 0), false))
                    .when(new AccruePenalty(ACCOUNT, LocalDate.of(2026, 3, 15)))
                    .expectEvents(accrued(LocalDate.of(2026, 3, 12), LocalDate.of(2026, 3, 15), List.of(
                            new AccrualSegment(LocalDate.of(2026, 3, 12), LocalDate.of(2026, 3, 15), 920_556, 5, 4,
                                    460, 1_840)), 1_840, 1_840, 5_396));
        }
    }

    @Nested
    class Accrual {

        @Test
        void accruingTheSameDateAgainPostsNothing() {
            fixture.given(accountOpened(),
                            accrued(DUE.plusDays(1), LocalDate.of(2026, 3, 10), List.of(), 3_048, 3_048, 3_048))
                    .when(new AccruePenalty(ACCOUNT, LocalDate.of(2026, 3, 10)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theLastDayOfGraceAccruesNothingButAdvancesAccruedThrough() {
            fixture.given(accountOpened())
                    .when(new AccruePenalty(ACCOUNT, DUE.plusDays(3)))
                    .expectEvents(accrued(DUE.plusDays(1), DUE.plusDays(3), List.of(), 0, 0, 0),
                            new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 3, DUE.plusDays(3)));
        }

        @Test
        void theCapCutsTheEveningItIsReachedAndStopsAccrual() {
            Terms capped = new Terms(5, 0, PenaltyBase.PRINCIPAL, 12, Terms.DEFAULT_WATERFALL);
            // Cap: 10,000.00 × 12 bp = 12.00; daily 5.00, so two full evenings and 2.00 on the third.
            fixture.given(accountOpened(capped, OPENING))
                    .when(new AccruePenalty(ACCOUNT, DUE.plusDays(5)))
                    .expectEvents(accrued(DUE.plusDays(1), DUE.plusDays(5), List.of(
                                    new AccrualSegment(DUE.plusDays(1), DUE.plusDays(2), 1_000_000, 5, 2, 500, 1_000),
                                    new AccrualSegment(DUE.plusDays(3), DUE.plusDays(3), 1_000_000, 5, 1, 500, 200)),
                            1_200, 1_200, 1_200),
                            new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 5, DUE.plusDays(5)));
        }

        @Test
        void cannotAccrueBeyondToday() {
            fixture.given(accountOpened())
                    .when(new AccruePenalty(ACCOUNT, TODAY.plusDays(1)))
                    .expectException(InvalidField.class)
                    .expectNoEvents();
        }

        @Test
        void sixtyOneDaysPastDueMovesTheAccountToLate() {
            fixture.given(accountOpened())
                    .when(new AccruePenalty(ACCOUNT, DUE.plusDays(61)))
                    .expectEvents(accrued(DUE.plusDays(1), DUE.plusDays(61), List.of(
                                    new AccrualSegment(DUE.plusDays(4), DUE.plusDays(61), 1_015_000, 5, 58, 508,
                                            29_464)), 29_464, 29_464, 29_464),
                            new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.LATE, 61, DUE.plusDays(61)));
        }
    }

    @Nested
    class Payments {

        @Test
        void aRepeatedPaymentWithTheSameContentReturnsTheOriginalAndWritesNothing() {
            PaymentRecorded original = new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("100.00", "CNY"),
                    DUE.plusDays(1), "ALIPAY", new Allocation(0, 2_000, 8_000, 0, 0),
                    new Balance(1_000_000, 7_000, 0, 0, 0), false);
            fixture.given(accountOpened(), accrued(DUE.plusDays(1), DUE, List.of(), 0, 0, 0), original)
                    .when(payment("PAY-1", "100.00", DUE.plusDays(1)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new PaymentOutcome(ACCOUNT, "PAY-1", "CNY", original.allocation(),
                            original.balanceAfter(), DUE, 2, true));
        }

        @Test
        void theSamePaymentIdWithOtherContentIsAConflict() {
            fixture.given(accountOpened(), new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("100.00", "CNY"),
                            DUE.plusDays(1), "ALIPAY", new Allocation(0, 2_000, 8_000, 0, 0),
                            new Balance(1_000_000, 7_000, 0, 0, 0), false))
                    .when(payment("PAY-1", "100.01", DUE.plusDays(1)))
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
        }

        @Test
        void aPaymentInAnotherCurrencyIsRejected() {
            fixture.given(accountOpened())
                    .when(new RecordPayment(ACCOUNT, "PAY-1", "100.00", "USD", DUE.plusDays(1), "CARD"))
                    .expectException(InvalidField.class)
                    .expectNoEvents();
        }

        @Test
        void anAmountWithTheWrongNumberOfMinorDigitsIsRejected() {
            fixture.given(accountOpened())
                    .when(payment("PAY-1", "100.5", DUE.plusDays(1)))
                    .expectException(InvalidField.class)
                    .expectNoEvents();
        }

        @Test
        void aFutureValueDateIsRejected() {
            fixture.given(accountOpened())
                    .when(payment("PAY-1", "100.00", TODAY.plusDays(1)))
                    .expectException(InvalidField.class)
                    .expectNoEvents();
        }

        @Test
        void aValueDateInsideTheOpeningBalancesIsRejected() {
            fixture.given(accountOpened())
                    .when(payment("PAY-1", "100.00", DUE))
                    .expectException(InvalidField.class)
                    .expectNoEvents();
        }

        @Test
        void aPaymentClearingEverythingResolvesTheAccountAndKeepsTheExcessAsCredit() {
            fixture.given(accountOpened())
                    .when(payment("PAY-1", "10200.00", DUE.plusDays(1)))
                    .expectEvents(new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("10200.00", "CNY"),
                                    DUE.plusDays(1), "ALIPAY", new Allocation(0, 2_000, 15_000, 1_000_000, 3_000),
                                    new Balance(0, 0, 0, 0, 3_000), false),
                            new AccountResolved(ACCOUNT, Stage.PREPARATION, DUE.plusDays(1)));
        }
    }

    @Nested
    class Contacts {

        private final Instant at = Instant.parse("2026-03-12T02:30:00Z");

        private LogContact call(String id, ContactOutcome outcome) {
            return new LogContact(ACCOUNT, id, ContactChannel.PHONE, ContactDirection.OUTBOUND, outcome, at, "agent-7",
                    "promised to pay Friday");
        }

        private ContactLogged logged(String id, ContactOutcome outcome) {
            return new ContactLogged(ACCOUNT, id, ContactChannel.PHONE, ContactDirection.OUTBOUND, outcome, at,
                    "agent-7", "promised to pay Friday");
        }

        @Test
        void recordsAContact() {
            fixture.given(accountOpened())
                    .when(call("C-1", ContactOutcome.CONVERSATION))
                    .expectEvents(logged("C-1", ContactOutcome.CONVERSATION));
        }

        @Test
        void aRepeatedContactWritesNothing() {
            fixture.given(accountOpened(), logged("C-1", ContactOutcome.CONVERSATION))
                    .when(call("C-1", ContactOutcome.CONVERSATION))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theSameContactIdWithAnotherOutcomeIsAConflict() {
            fixture.given(accountOpened(), logged("C-1", ContactOutcome.CONVERSATION))
                    .when(call("C-1", ContactOutcome.NO_ANSWER))
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Escalation {

        @Test
        void aSupervisorEscalatesToLegal() {
            fixture.given(accountOpened())
                    .when(new EscalateStage(ACCOUNT, Stage.LEGAL, "borrower unreachable for 60 days"))
                    .expectEvents(new StageEscalated(ACCOUNT, Stage.PREPARATION, Stage.LEGAL,
                            "borrower unreachable for 60 days", false));
        }

        @Test
        void cannotEscalateBackwards() {
            fixture.given(accountOpened(), new StageEscalated(ACCOUNT, Stage.PREPARATION, Stage.MIDDLE, "field visit", false))
                    .when(new EscalateStage(ACCOUNT, Stage.EARLY, "mistake"))
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
        }

        @Test
        void cannotEscalateToWrittenOffOrResolved() {
            fixture.given(accountOpened())
                    .when(new EscalateStage(ACCOUNT, Stage.WRITTEN_OFF, "loss"))
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
        }

        @Test
        void cannotEscalateAResolvedAccount() {
            fixture.given(accountOpened(), new AccountResolved(ACCOUNT, Stage.PREPARATION, DUE.plusDays(1)))
                    .when(new EscalateStage(ACCOUNT, Stage.LEGAL, "late"))
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
        }
    }

    @Test
    void daysPastDueIsZeroOnceNothingIsOwed() {
        assertThat(AccountStanding.daysPastDue(DUE, DUE.plusDays(10), new Balance(0, 0, 0, 0, 5))).isZero();
        assertThat(AccountStanding.daysPastDue(DUE, DUE.plusDays(10), OPENING)).isEqualTo(10);
    }
}
