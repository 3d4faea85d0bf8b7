package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** Days past due moved the account to a later stage when evaluated as of {@code asOf}. */
@Revision("1")
public record StageAdvanced(AccountId accountId, Stage fromStage, Stage toStage, long daysPastDue, LocalDate asOf)
        implements AccountEvent {
}
