package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.money.Money;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A payment was received and allocated by the waterfall; what was left went to credit.
 *
 * @param recovery true when the account had been written off before the payment
 */
@Revision("1")
public record PaymentRecorded(AccountId accountId, String paymentId, Money amount, LocalDate valueDate,
                              String channel, Allocation allocation, Balance balanceAfter, boolean recovery)
        implements AccountEvent {
}
