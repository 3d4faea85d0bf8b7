package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

/** Every instalment of the plan was covered. */
@Revision("1")
public record PlanCompleted(AccountId accountId, String planId) implements AccountEvent {
}
