package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.command.ReportToCreditBureau;
import io.arrears.kernel.command.TakeLegalAction;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.LegalActionTaken;
import io.arrears.kernel.event.ReportedToCreditBureau;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
import io.arrears.kernel.rejection.RuleViolation;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * When an account moves between collection stages (docs/WORKFLOW.md), and how long a repayment plan
 * waits for a missed instalment: configuration, injected like the clock, and the escalation policy
 * built on it, with what each stage allows.
 *
 * @param earlyFromDpd           first DPD in EARLY (docs/DESIGN.md: 1)
 * @param middleFromDpd          first DPD in MIDDLE (31)
 * @param lateFromDpd            first DPD in LATE (61)
 * @param brokenPromiseEscalates a broken promise moves an account in PREPARATION to MIDDLE one stage on
 * @param planGraceDays          days after a missed instalment's due date before the plan is broken
 */
public record WorkflowPolicy(int earlyFromDpd, int middleFromDpd, int lateFromDpd, boolean brokenPromiseEscalates,
                             int planGraceDays) {

    public static final int PLAN_GRACE_DAYS_MAX = 365;
    private static final Set<Stage> ESCALATION_TARGETS = EnumSet.of(Stage.EARLY, Stage.MIDDLE, Stage.LATE, Stage.LEGAL);
    public static final WorkflowPolicy DEFAULT = new WorkflowPolicy(1, 31, 61, true, 7);

    public WorkflowPolicy {
        if (earlyFromDpd < 1 || middleFromDpd <= earlyFromDpd || lateFromDpd <= middleFromDpd) {
            throw new IllegalArgumentException("stage thresholds must rise: 1 <= early < middle < late");
        }
        if (planGraceDays < 0 || planGraceDays > PLAN_GRACE_DAYS_MAX) {
            throw new IllegalArgumentException("planGraceDays must be between 0 and " + PLAN_GRACE_DAYS_MAX);
        }
    }

    /** The stage days past due alone put an account in. */
    public Stage stageFor(long dpd) {
        if (dpd >= lateFromDpd) {
            return Stage.LATE;
        }
        if (dpd >= middleFromDpd) {
            return Stage.MIDDLE;
        }
        return dpd >= earlyFromDpd ? Stage.EARLY : Stage.PREPARATION;
    }

    /** The stage a broken promise moves an account to, if any: one on, never past LATE by rule. */
    public Optional<Stage> afterBrokenPromise(Stage stage) {
        if (!brokenPromiseEscalates || !stage.isDpdDriven() || stage == Stage.LATE) {
            return Optional.empty();
        }
        return Optional.of(Stage.values()[stage.ordinal() + 1]);
    }

    /**
     * The move a supervisor asks for: to a later stage of EARLY, MIDDLE, LATE or LEGAL, on an open
     * account; anything else breaks a rule and records nothing.
     */
    public StageEscalated escalation(AccountId accountId, AccountStanding standing, Stage toStage, String reason) {
        if (standing.status() != AccountStatus.OPEN) {
            throw new RuleViolation("stage.account-not-open",
                    "an account that is " + standing.status() + " cannot be escalated");
        }
        if (!ESCALATION_TARGETS.contains(toStage)) {
            throw new RuleViolation("stage.escalation-target",
                    "an escalation moves an account to EARLY, MIDDLE, LATE or LEGAL, not " + toStage);
        }
        if (!toStage.isAfter(standing.stage())) {
            throw new RuleViolation("stage.forward-only", "stages only move forward: the account is in "
                    + standing.stage() + ", which is not before " + toStage);
        }
        return new StageEscalated(accountId, standing.stage(), toStage, reason, false);
    }

    /** The move days past due make once the evening of {@code through} is posted: forward only, open accounts only. */
    public Optional<StageAdvanced> advance(AccountId accountId, AccountStanding standing, long dpd,
                                           LocalDate through) {
        Stage byDpd = stageFor(dpd);
        Stage stage = standing.stage();
        if (standing.status() != AccountStatus.OPEN || !stage.isDpdDriven() || !byDpd.isAfter(stage)) {
            return Optional.empty();
        }
        return Optional.of(new StageAdvanced(accountId, stage, byDpd, dpd, through));
    }

    /** The move a broken promise makes on an open account ({@link #afterBrokenPromise}). */
    public Optional<StageEscalated> afterBroken(AccountId accountId, AccountStanding standing, String promiseId) {
        if (standing.status() != AccountStatus.OPEN) {
            return Optional.empty();
        }
        return afterBrokenPromise(standing.stage()).map(next -> new StageEscalated(accountId, standing.stage(), next,
                "promise " + promiseId + " broken", true));
    }

    /** A report to a credit bureau, allowed from stage LATE on while the account owes. */
    public ReportedToCreditBureau bureauReport(AccountId accountId, AccountStanding standing,
                                               ReportToCreditBureau command, long owedMinor) {
        if (standing.status() == AccountStatus.RESOLVED || !standing.stage().isAfter(Stage.MIDDLE)) {
            throw new RuleViolation("bureau.stage-before-late", "credit-bureau reporting is allowed from stage LATE "
                    + "on; the account is in " + standing.stage());
        }
        return new ReportedToCreditBureau(accountId, command.bureau(), command.reference(), standing.stage(),
                owedMinor);
    }

    /** A legal action, allowed only in stage LEGAL. */
    public LegalActionTaken legalAction(AccountId accountId, AccountStanding standing, TakeLegalAction command) {
        if (standing.stage() != Stage.LEGAL) {
            throw new RuleViolation("legal.stage-not-legal", "legal action is allowed only in stage LEGAL; the "
                    + "account is in " + standing.stage());
        }
        return new LegalActionTaken(accountId, command.reference(), command.action(), command.description());
    }

    /** The stage a resolved account that owes again returns to: the later of the one it left and its DPD stage. */
    public Stage reopeningStage(AccountStanding standing, long dpd) {
        Stage byDpd = stageFor(dpd);
        Stage left = standing.stageBeforeResolution();
        return byDpd.isAfter(left) ? byDpd : left;
    }
}
