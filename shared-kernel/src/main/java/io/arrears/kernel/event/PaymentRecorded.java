package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.money.Money;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A payment was received and allocated by the waterfall on its value date; what was left went to
 * credit. For a backdated payment the allocation is the one on its value date, and the corrections it
 * caused to later payments and to penalty follow as their own events.
 *
 * @param balanceAfter the balance once the payment and any corrections it caused are posted
 * @param recovery     true when the account had been written off on or before the value date
 */
@Revision("1")
public record PaymentRecorded(AccountId accountId, String paymentId, Money amount, LocalDate valueDate,
                              String channel, Allocation allocation, Balance balanceAfter, boolean recovery)
        implements BalancePosted {
}
