package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Objects;

/** Records the borrower's request to stop contact; a repeat changes nothing. */
public record RequestCeaseContact(@TargetAggregateIdentifier AccountId accountId, Instant requestedAt, String reason)
        implements AccountCommand {

    public RequestCeaseContact {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Reasons.require(reason);
    }
}
