package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * The borrower disputes the debt from {@code raisedOn}: no penalty accrues on the evenings from that
 * date until the dispute is resolved.
 *
 * @param balanceAfter the balance once the dispute and the corrections it caused are posted
 */
@Revision("1")
public record DisputeRaised(AccountId accountId, String disputeId, LocalDate raisedOn, String reason,
                            Balance balanceAfter)
        implements BalancePosted {
}
