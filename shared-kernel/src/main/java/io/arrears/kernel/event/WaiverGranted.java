package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.money.Money;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * Part of a component is forgiven from {@code effectiveDate}, after that date's payments.
 *
 * @param balanceAfter the balance once the waiver and the corrections it caused are posted
 */
@Revision("1")
public record WaiverGranted(AccountId accountId, String waiverId, Component component, Money amount,
                            LocalDate effectiveDate, String reason, Balance balanceAfter)
        implements BalancePosted {
}
