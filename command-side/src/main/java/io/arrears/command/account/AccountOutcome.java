package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Stage;

import java.time.LocalDate;

/**
 * The account after a command other than a payment; {@code lastSequence} is that of the last event
 * the command wrote, or of the account's last event when it wrote none.
 */
public record AccountOutcome(AccountId accountId, String currency, Balance balance, LocalDate accruedThrough,
                             Stage stage, long lastSequence, boolean repeated) {
}
