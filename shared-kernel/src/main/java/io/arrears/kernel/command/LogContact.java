package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.Identifiers;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Objects;

/** Records a contact attempt that happened. Idempotent on {@code contactId}. */
public record LogContact(@TargetAggregateIdentifier AccountId accountId, String contactId, ContactChannel channel,
                         ContactDirection direction, ContactOutcome outcome, Instant occurredAt, String agentId,
                         String note) implements AccountCommand {

    public static final int NOTE_LENGTH_MAX = 2_000;

    public LogContact {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("contactId", contactId);
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Identifiers.require("agentId", agentId);
        if (note != null && note.length() > NOTE_LENGTH_MAX) {
            throw new IllegalArgumentException("note is at most " + NOTE_LENGTH_MAX + " characters");
        }
    }
}
