package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import org.axonframework.serialization.Revision;

/**
 * The account moved to a later stage outside the DPD schedule: by a supervisor's hand, or by a
 * rule such as a broken promise. The reason says which; the actor is in the event's metadata.
 */
@Revision("1")
public record StageEscalated(AccountId accountId, Stage fromStage, Stage toStage, String reason)
        implements AccountEvent {
}
