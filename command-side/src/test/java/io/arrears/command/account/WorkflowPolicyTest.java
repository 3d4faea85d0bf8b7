package io.arrears.command.account;

import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
import io.arrears.kernel.rejection.RuleViolation;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static io.arrears.command.account.AccountFixtures.DUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The escalation policy on its own; WorkflowTest drives the same rules through the aggregate. */
class WorkflowPolicyTest {

    static final WorkflowPolicy POLICY = WorkflowPolicy.DEFAULT;
    static final LocalDate APRIL_1 = LocalDate.of(2026, 4, 1);

    static AccountStanding standing(AccountStatus status, Stage stage, Stage left) {
        return new AccountStanding(status, stage, left, DUE, APRIL_1, null);
    }

    @Test
    void aSupervisorMovesAnOpenAccountForwardToEarlyMiddleLateOrLegalOnly() {
        AccountStanding early = standing(AccountStatus.OPEN, Stage.EARLY, null);

        assertThat(POLICY.escalation(ACCOUNT, early, Stage.LEGAL, "fraud"))
                .isEqualTo(new StageEscalated(ACCOUNT, Stage.EARLY, Stage.LEGAL, "fraud", false));
        assertThatThrownBy(() -> POLICY.escalation(ACCOUNT, early, Stage.EARLY, "again"))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("only move forward");
        assertThatThrownBy(() -> POLICY.escalation(ACCOUNT, early, Stage.RESOLVED, "done"))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("not RESOLVED");
        assertThatThrownBy(() -> POLICY.escalation(ACCOUNT, standing(AccountStatus.RESOLVED, Stage.RESOLVED,
                Stage.EARLY), Stage.LATE, "late")).isInstanceOf(RuleViolation.class)
                .hasMessageContaining("RESOLVED cannot be escalated");
    }

    @Test
    void daysPastDueAdvanceAnOpenAccountInADpdStageForwardOnly() {
        assertThat(POLICY.advance(ACCOUNT, standing(AccountStatus.OPEN, Stage.EARLY, null), 31, APRIL_1))
                .contains(new StageAdvanced(ACCOUNT, Stage.EARLY, Stage.MIDDLE, 31, APRIL_1));
        assertThat(POLICY.advance(ACCOUNT, standing(AccountStatus.OPEN, Stage.MIDDLE, null), 31, APRIL_1)).isEmpty();
        assertThat(POLICY.advance(ACCOUNT, standing(AccountStatus.OPEN, Stage.LEGAL, null), 90, APRIL_1)).isEmpty();
        assertThat(POLICY.advance(ACCOUNT, standing(AccountStatus.WRITTEN_OFF, Stage.WRITTEN_OFF, null), 90,
                APRIL_1)).isEmpty();
    }

    @Test
    void aBrokenPromiseMovesAnOpenAccountOneStageOnNeverPastLate() {
        assertThat(POLICY.afterBroken(ACCOUNT, standing(AccountStatus.OPEN, Stage.PREPARATION, null), "P-1"))
                .contains(new StageEscalated(ACCOUNT, Stage.PREPARATION, Stage.EARLY, "promise P-1 broken", true));
        assertThat(POLICY.afterBroken(ACCOUNT, standing(AccountStatus.OPEN, Stage.LATE, null), "P-1")).isEmpty();
        assertThat(POLICY.afterBroken(ACCOUNT, standing(AccountStatus.RESOLVED, Stage.RESOLVED, Stage.EARLY), "P-1"))
                .isEmpty();
    }

    @Test
    void aReopenedAccountReturnsToTheLaterOfTheStageItLeftAndItsDpdStage() {
        assertThat(POLICY.reopeningStage(standing(AccountStatus.RESOLVED, Stage.RESOLVED, Stage.LEGAL), 40))
                .isEqualTo(Stage.LEGAL);
        assertThat(POLICY.reopeningStage(standing(AccountStatus.RESOLVED, Stage.RESOLVED, Stage.EARLY), 40))
                .isEqualTo(Stage.MIDDLE);
    }
}
