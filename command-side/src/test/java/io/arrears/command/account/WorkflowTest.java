package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.PlanKind;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.AgreePlan;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.command.RecordPromise;
import io.arrears.kernel.command.ReportToCreditBureau;
import io.arrears.kernel.command.TakeLegalAction;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.InstalmentKept;
import io.arrears.kernel.event.LegalActionTaken;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PlanBroken;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseKept;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.event.ReportedToCreditBureau;
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

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static io.arrears.command.account.AccountFixtures.accountOpened;
import static io.arrears.command.account.AccountFixtures.openAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stages by configurable DPD, promises to pay, repayment plans, bureau reporting and legal action. */
class WorkflowTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    private static final LedgerClock CLOCK = LedgerClock.fixed(TODAY, ZoneId.of("Asia/Shanghai"));
    private FixtureConfiguration<CollectionAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture(WorkflowPolicy.DEFAULT, CLOCK);
    }

    /** A fixture whose today is {@code clock}'s: later than TODAY for commands after a promise was made. */
    private static FixtureConfiguration<CollectionAccount> fixture(WorkflowPolicy workflow, LedgerClock clock) {
        FixtureConfiguration<CollectionAccount> fixture = new AggregateTestFixture<>(CollectionAccount.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(new ContactPolicy(ContactPreset.DEFAULT));
        fixture.registerInjectableResource(BorrowerContacts.NONE);
        fixture.registerInjectableResource(new RecordingVault());
        fixture.registerInjectableResource(workflow);
        return fixture;
    }

    private static LocalDate march(int day) {
        return LocalDate.of(2026, 3, day);
    }

    private static PromiseRecorded promised(String amount, LocalDate dueDate) {
        return new PromiseRecorded(ACCOUNT, "PTP-1", Money.parse(amount, "CNY"), dueDate, TODAY);
    }

    private static RecordPayment payment(String id, String amount, LocalDate valueDate) {
        return new RecordPayment(ACCOUNT, id, amount, null, valueDate, "ALIPAY");
    }

    @Nested
    class Stages {

        @Test
        void thresholdsComeFromThePolicy() {
            AccountHarness harness = new AccountHarness(LedgerClock.fixed(march(20), ZoneId.of("UTC")),
                    new WorkflowPolicy(1, 11, 21, true, 7));
            harness.send(openAccount());
            AccountOutcome outcome = harness.send(new AccruePenalty(ACCOUNT, march(13)));
            assertThat(outcome.stage()).isEqualTo(Stage.MIDDLE);
        }
    }

    @Nested
    class Promises {

        @Test
        void recordsAPromise() {
            fixture.given(accountOpened())
                    .when(new RecordPromise(ACCOUNT, "PTP-1", "100.00", march(5)))
                    .expectEvents(promised("100.00", march(5)));
        }

        @Test
        void aPromiseDueBeforeTodayIsRejected() {
            fixture.given(accountOpened())
                    .when(new RecordPromise(ACCOUNT, "PTP-1", "100.00", march(1)))
                    .expectException(InvalidField.class)
                    .expectNoEvents();
        }

        @Test
        void aPaymentValueDatedByTheDueDateThatReachesTheAmountKeepsIt() {
            fixture.given(accountOpened(), promised("100.00", march(5)))
                    .when(payment("PAY-1", "100.00", march(2)))
                    .expectEvents(new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("100.00", "CNY"), march(2),
                                    "ALIPAY", new Allocation(0, 2_000, 8_000, 0, 0),
                                    new Balance(1_000_000, 7_000, 0, 0, 0), false),
                            new PromiseKept(ACCOUNT, "PTP-1", march(2), 10_000));
        }

        private final LedgerClock later = LedgerClock.fixed(march(20), ZoneId.of("Asia/Shanghai"));

        @Test
        void theDailyRunPastTheDueDateBreaksItAndTheAccountMovesOneStageOn() {
            fixture(WorkflowPolicy.DEFAULT, later).given(accountOpened(), promised("100.00", march(5)))
                    .when(new AccruePenalty(ACCOUNT, march(5)))
                    .expectEvents(new PenaltyAccrued(ACCOUNT, march(2), march(5), List.of(
                                    new AccrualSegment(march(5), march(5), 1_015_000, 5, 1, 508, 508)), 508, 508, 508),
                            new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 4, march(5)),
                            new PromiseBroken(ACCOUNT, "PTP-1", march(5), 0),
                            new StageEscalated(ACCOUNT, Stage.EARLY, Stage.MIDDLE, "promise PTP-1 broken", true));
        }

        @Test
        void aPaymentAfterTheDueDateFindsThePromiseBrokenBeforeItIsApplied() {
            fixture(new WorkflowPolicy(1, 31, 61, false, 7), later).given(accountOpened(), promised("100.00", march(5)))
                    .when(payment("PAY-1", "100.00", march(7)))
                    .expectEvents(new PenaltyAccrued(ACCOUNT, march(2), march(6), List.of(
                                    new AccrualSegment(march(5), march(6), 1_015_000, 5, 2, 508, 1_016)), 1_016, 1_016,
                                    1_016),
                            new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 5, march(6)),
                            new PromiseBroken(ACCOUNT, "PTP-1", march(5), 0),
                            new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("100.00", "CNY"), march(7), "ALIPAY",
                                    new Allocation(1_016, 2_000, 6_984, 0, 0), new Balance(1_000_000, 8_016, 0, 0, 0),
                                    false));
        }
    }

    @Nested
    class Plans {

        private final AccountId account = ACCOUNT;
        private final MovableClock clock = new MovableClock(march(2), ZoneId.of("UTC"));

        /** The plan is agreed on 2026-03-02; then the days pass. */
        private AccountHarness harness() {
            AccountHarness harness = new AccountHarness(new LedgerClock(clock, ZoneId.of("UTC")),
                    WorkflowPolicy.DEFAULT);
            harness.send(openAccount());
            return harness;
        }

        private void today(LocalDate date) {
            clock.today(date);
        }

        private static AgreePlan twoInstalments(String planId) {
            return new AgreePlan(ACCOUNT, planId, PlanKind.INSTALMENTS, List.of(
                    new AgreePlan.Instalment(LocalDate.of(2026, 3, 10), "100.00"),
                    new AgreePlan.Instalment(LocalDate.of(2026, 3, 20), "100.00")));
        }

        private List<String> workflowEvents(AccountHarness harness) {
            return harness.events(account).stream().map(event -> event.getClass().getSimpleName())
                    .filter(type -> type.startsWith("Plan") || type.startsWith("Instalment")).toList();
        }

        @Test
        void paymentsCoveringEachInstalmentByItsDateCompleteThePlan() {
            AccountHarness harness = harness();
            harness.send(twoInstalments("PLAN-1"));
            today(march(25));
            harness.send(payment("PAY-1", "100.00", march(8)));
            harness.send(payment("PAY-2", "100.00", march(15)));

            assertThat(workflowEvents(harness)).containsExactly("PlanAgreed", "InstalmentKept", "InstalmentKept",
                    "PlanCompleted");
        }

        @Test
        void aMissedInstalmentStillUncoveredAfterTheGraceDaysBreaksThePlan() {
            AccountHarness harness = harness();
            harness.send(twoInstalments("PLAN-1"));
            today(march(25));
            harness.send(new AccruePenalty(account, march(10)));
            harness.send(new AccruePenalty(account, march(16)));
            assertThat(workflowEvents(harness)).containsExactly("PlanAgreed", "InstalmentMissed");

            harness.send(new AccruePenalty(account, march(17)));

            assertThat(workflowEvents(harness)).endsWith("PlanBroken");
            assertThat(harness.events(account)).contains(new PlanBroken(account, "PLAN-1", 0, march(17)));
        }

        @Test
        void aMissedInstalmentCoveredWithinTheGraceDaysIsKeptLateAndThePlanGoesOn() {
            AccountHarness harness = harness();
            harness.send(twoInstalments("PLAN-1"));
            today(march(25));
            harness.send(new AccruePenalty(account, march(10)));
            harness.send(payment("PAY-1", "100.00", march(12)));
            harness.send(new AccruePenalty(account, march(18)));

            assertThat(harness.events(account)).contains(new InstalmentKept(account, "PLAN-1", 0, march(12), true));
            assertThat(workflowEvents(harness)).doesNotContain("PlanBroken");
        }

        @Test
        void onlyOnePlanRunsAtATime() {
            AccountHarness harness = harness();
            harness.send(twoInstalments("PLAN-1"));
            assertThatThrownBy(() -> harness.send(twoInstalments("PLAN-2"))).isInstanceOf(RuleViolation.class)
                    .hasMessageContaining("PLAN-1 is still running");
            AccountOutcome repeat = harness.send(twoInstalments("PLAN-1"));
            assertThat(repeat.repeated()).isTrue();
        }
    }

    @Nested
    class BureauAndLegal {

        private final StageAdvanced late = new StageAdvanced(ACCOUNT, Stage.MIDDLE, Stage.LATE, 61, march(2));

        @Test
        void bureauReportingWaitsForLate() {
            fixture.given(accountOpened())
                    .when(new ReportToCreditBureau(ACCOUNT, "PBOC", "CR-1"))
                    .expectException(RuleViolation.class)
                    .expectExceptionMessage("credit-bureau reporting is allowed from stage LATE on; the account is "
                            + "in PREPARATION")
                    .expectNoEvents();
            fixture.given(accountOpened(), late)
                    .when(new ReportToCreditBureau(ACCOUNT, "PBOC", "CR-1"))
                    .expectEvents(new ReportedToCreditBureau(ACCOUNT, "PBOC", "CR-1", Stage.LATE, 1_017_000));
        }

        @Test
        void legalActionOnlyInLegal() {
            TakeLegalAction claim = new TakeLegalAction(ACCOUNT, "HZ-2026-0042", "CLAIM_FILED",
                    "claim filed at the Hangzhou Internet Court");
            fixture.given(accountOpened(), late)
                    .when(claim)
                    .expectException(RuleViolation.class)
                    .expectNoEvents();
            fixture.given(accountOpened(), late,
                            new StageEscalated(ACCOUNT, Stage.LATE, Stage.LEGAL, "refuses to pay", false))
                    .when(claim)
                    .expectEvents(new LegalActionTaken(ACCOUNT, "HZ-2026-0042", "CLAIM_FILED",
                            "claim filed at the Hangzhou Internet Court"));
        }
    }
}
