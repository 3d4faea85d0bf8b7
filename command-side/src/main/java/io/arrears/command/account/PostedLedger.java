package io.arrears.command.account;

import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.BalancePosted;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;

/**
 * An account's ledger as posted: the value-dated facts it is computed from, the balance its events
 * posted, and the penalty the ledger has accrued on them so far (docs/DESIGN.md §3). A pure fold
 * of the account's events; a snapshot carries it.
 */
record PostedLedger(LedgerFacts facts, Balance balance, long accruedByLedgerMinor) {

    static PostedLedger opened(AccountOpened event) {
        return new PostedLedger(LedgerFacts.opened(event.dueDate(), event.balancesAsOf(), event.opening(),
                event.terms()), event.opening(), 0);
    }

    /** The ledger after {@code event}; events that post nothing leave the balance as it is. */
    PostedLedger after(AccountEvent event) {
        LedgerFacts nextFacts = facts.apply(event);
        if (event instanceof BalancePosted posted) {
            return new PostedLedger(nextFacts, posted.balanceAfter(), accruedByLedgerMinor);
        } else if (event instanceof PenaltyAccrued accrued) {
            return new PostedLedger(nextFacts, balance.with(Component.PENALTY, accrued.penaltyAfterMinor()),
                    accrued.accruedByLedgerMinor());
        } else if (event instanceof PenaltyAdjusted adjusted) {
            return new PostedLedger(nextFacts, balance, adjusted.accruedByLedgerMinor());
        }
        return nextFacts == facts ? this : new PostedLedger(nextFacts, balance, accruedByLedgerMinor);
    }
}
