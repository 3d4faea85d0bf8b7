package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import org.axonframework.serialization.Revision;

/**
 * A resolved account owes again (a reversal took back the money that settled it) and returns to
 * collections in {@code toStage}.
 *
 * @param cause which recorded fact reopened it
 */
@Revision("1")
public record AccountReopened(AccountId accountId, Stage toStage, long daysPastDue, String cause)
        implements AccountEvent {
}
