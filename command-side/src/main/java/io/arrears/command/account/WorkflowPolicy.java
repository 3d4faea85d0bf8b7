package io.arrears.command.account;

import io.arrears.kernel.account.Stage;

import java.util.Optional;

/**
 * When an account moves between collection stages, and how long a repayment plan waits for a
 * missed instalment: configuration, injected like the clock.
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
}
