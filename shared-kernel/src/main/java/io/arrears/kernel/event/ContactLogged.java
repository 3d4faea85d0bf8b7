package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A contact attempt happened and is on record, whatever the policy says of it. */
@Revision("1")
public record ContactLogged(AccountId accountId, String contactId, ContactChannel channel,
                            ContactDirection direction, ContactOutcome outcome, Instant occurredAt, String agentId,
                            String note) implements AccountEvent {
}
