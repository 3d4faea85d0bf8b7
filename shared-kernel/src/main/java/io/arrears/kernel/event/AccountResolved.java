package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** Nothing is owed any more: the account left {@code fromStage} for RESOLVED on {@code resolvedOn}. */
@Revision("1")
public record AccountResolved(AccountId accountId, Stage fromStage, LocalDate resolvedOn) implements AccountEvent {
}
