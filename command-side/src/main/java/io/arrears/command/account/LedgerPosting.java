package io.arrears.command.account;

import io.arrears.command.account.LedgerTimeline.Recomputation;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PenaltyCorrection;
import io.arrears.kernel.event.WaiverAdjusted;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The correcting events that post a change of an account's facts (docs/DESIGN.md §3, backdating):
 * the ledger as posted before the change and as computed with it are compared, and every
 * difference becomes an event of its own, so what the ledger believed before stays in the history.
 * A pure function: no clock, no state of its own.
 */
final class LedgerPosting {

    private LedgerPosting() {
    }

    /**
     * The events after the fact's own: each payment whose allocation changed, each waiver whose
     * amount changed, the penalty of the evenings whose amount changed, and a resolution or a
     * reopening when the change settles the account or makes it owe again.
     *
     * @param standing        the account's standing before the change
     * @param waiverComponent the component a granted waiver is against, by its id
     * @param cause           which fact made the ledger recompute, such as {@code PaymentRecorded:PAY-7}
     */
    static List<AccountEvent> corrections(AccountId accountId, AccountStanding standing, Recomputation before,
                                          Recomputation after, Function<String, Component> waiverComponent,
                                          WorkflowPolicy workflow, String cause) {
        List<AccountEvent> events = new ArrayList<>();
        before.allocations().forEach((paymentId, allocation) -> {
            Allocation now = after.allocations().get(paymentId);
            if (now != null && !now.equals(allocation)) {
                events.add(new PaymentReallocated(accountId, paymentId, allocation, now, cause));
            }
        });
        before.waivedMinor().forEach((waiverId, waivedMinor) -> {
            long now = after.waivedMinor(waiverId);
            if (now != waivedMinor) {
                events.add(new WaiverAdjusted(accountId, waiverId, waiverComponent.apply(waiverId), waivedMinor, now,
                        cause));
            }
        });
        List<PenaltyCorrection> corrections = after.correctionsOf(before);
        if (!corrections.isEmpty()) {
            events.add(new PenaltyAdjusted(accountId, cause, corrections,
                    after.accruedByLedgerMinor() - before.accruedByLedgerMinor(), after.balance().penaltyMinor(),
                    after.accruedByLedgerMinor()));
        }
        if (standing.status() == AccountStatus.OPEN && after.balance().isSettled()) {
            events.add(new AccountResolved(accountId, standing.stage(), after.settledOn()));
        } else if (standing.status() == AccountStatus.RESOLVED && !after.balance().isSettled()) {
            long dpd = AccountStanding.daysPastDue(standing.dueDate(), standing.accruedThrough(), after.balance());
            events.add(new AccountReopened(accountId, workflow.reopeningStage(standing, dpd), dpd, cause));
        }
        return events;
    }
}
