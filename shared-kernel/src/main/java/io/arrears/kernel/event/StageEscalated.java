package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import org.axonframework.serialization.Revision;

/**
 * The account moved to a later stage outside the DPD schedule: by a supervisor's hand, or by a
 * rule such as a broken promise ({@code automatic}). The reason says why; the actor is in the
 * event's metadata.
 *
 * <p>Revision 2 added {@code automatic}; revision 1 events are upcast on reading
 * ({@code StageEscalatedUpcaster}), never rewritten in the store.
 */
@Revision("2")
public record StageEscalated(AccountId accountId, Stage fromStage, Stage toStage, String reason, boolean automatic)
        implements AccountEvent {
}
