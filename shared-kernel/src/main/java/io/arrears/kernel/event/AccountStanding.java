package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Stage;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where an account stands after the events recorded so far, folded in the order they were
 * recorded: its status, its stage, the date its ledger is posted through and its latest payment.
 * The one fold behind the aggregate, the account view and time travel by recorded instant; the
 * stage on a value date is {@link StageMoves}'s rule.
 *
 * @param stageBeforeResolution the stage a resolved account left, where a reopening starts from
 * @param accruedThrough        the last evening the ledger has posted penalty for
 * @param lastPaymentDate       the latest value date of a recorded payment, null before the first
 */
public record AccountStanding(AccountStatus status, Stage stage, Stage stageBeforeResolution, LocalDate dueDate,
                              LocalDate accruedThrough, LocalDate lastPaymentDate) {

    public static AccountStanding opened(AccountOpened event) {
        return new AccountStanding(AccountStatus.OPEN, event.stage(), null, event.dueDate(), event.balancesAsOf(),
                null);
    }

    /** The standing of an account's events, the first being its opening. */
    public static AccountStanding of(List<? extends AccountEvent> events) {
        AccountStanding standing = opened((AccountOpened) events.get(0));
        for (AccountEvent event : events.subList(1, events.size())) {
            standing = standing.after(event);
        }
        return standing;
    }

    /** The standing once {@code event} is recorded; events that move none of it leave it as it is. */
    public AccountStanding after(AccountEvent event) {
        if (event instanceof StageAdvanced e) {
            return withStage(status, e.toStage());
        }
        if (event instanceof StageEscalated e) {
            return withStage(status, e.toStage());
        }
        if (event instanceof AccountResolved e) {
            return new AccountStanding(AccountStatus.RESOLVED, Stage.RESOLVED, e.fromStage(), dueDate, accruedThrough,
                    lastPaymentDate);
        }
        if (event instanceof AccountReopened e) {
            return withStage(AccountStatus.OPEN, e.toStage());
        }
        if (event instanceof AccountWrittenOff) {
            return withStage(AccountStatus.WRITTEN_OFF, Stage.WRITTEN_OFF);
        }
        if (event instanceof PenaltyAccrued e) {
            return new AccountStanding(status, stage, stageBeforeResolution, dueDate, e.throughDate(),
                    lastPaymentDate);
        }
        if (event instanceof PaymentRecorded e && (lastPaymentDate == null || e.valueDate().isAfter(lastPaymentDate))) {
            return new AccountStanding(status, stage, stageBeforeResolution, dueDate, accruedThrough, e.valueDate());
        }
        return this;
    }

    /** Days past due on the date the ledger is posted through. */
    public long daysPastDue(Balance balance) {
        return daysPastDue(dueDate, accruedThrough, balance);
    }

    /** Days from the due date to {@code asOf} while anything is owed; 0 once nothing is (docs/DESIGN.md §3). */
    public static long daysPastDue(LocalDate dueDate, LocalDate asOf, Balance balance) {
        return balance.isSettled() ? 0 : Math.max(0, ChronoUnit.DAYS.between(dueDate, asOf));
    }

    private AccountStanding withStage(AccountStatus newStatus, Stage newStage) {
        return new AccountStanding(newStatus, newStage, stageBeforeResolution, dueDate, accruedThrough,
                lastPaymentDate);
    }
}
