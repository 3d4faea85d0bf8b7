package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** An account was handed to collections with these balances as of the end of {@code balancesAsOf}. */
@Revision("1")
public record AccountOpened(AccountId accountId, String borrowerId, String product, String currency,
                            LocalDate dueDate, LocalDate balancesAsOf, Balance opening, Terms terms,
                            Borrower borrower, Stage stage, long daysPastDue) implements AccountEvent {
}
