package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import org.axonframework.serialization.Revision;

/** A supervisor moved the account to a later stage by hand; the actor is in the event's metadata. */
@Revision("1")
public record StageEscalated(AccountId accountId, Stage fromStage, Stage toStage, String reason)
        implements AccountEvent {
}
