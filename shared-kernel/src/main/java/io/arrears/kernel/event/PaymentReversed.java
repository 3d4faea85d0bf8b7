package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.money.Money;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A recorded payment did not happen after all (a chargeback, a bounced transfer): it leaves the
 * ledger's facts as if never received. {@code allocation} is what it had paid until now.
 *
 * @param balanceAfter the balance once the reversal and the corrections it caused are posted
 */
@Revision("1")
public record PaymentReversed(AccountId accountId, String paymentId, Money amount, LocalDate valueDate,
                              String reason, Allocation allocation, Balance balanceAfter)
        implements BalancePosted {
}
