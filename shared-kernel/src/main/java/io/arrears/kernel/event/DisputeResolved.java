package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.DisputeOutcome;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A dispute ended on {@code resolvedOn}; penalty accrues again from that evening on.
 *
 * @param balanceAfter the balance once the resolution and the corrections it caused are posted
 */
@Revision("1")
public record DisputeResolved(AccountId accountId, String disputeId, LocalDate resolvedOn, DisputeOutcome outcome,
                              Balance balanceAfter)
        implements BalancePosted {
}
