package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.money.Money;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * The borrower promised to pay {@code amount} by {@code dueDate}: payments recorded from now on and
 * value-dated on or before the due date count towards it.
 */
@Revision("1")
public record PromiseRecorded(AccountId accountId, String promiseId, Money amount, LocalDate dueDate,
                              LocalDate promisedOn) implements AccountEvent {
}
