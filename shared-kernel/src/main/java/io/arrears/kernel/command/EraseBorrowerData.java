package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Erases the personal data of the account's borrower, on every account of theirs, for good. */
public record EraseBorrowerData(@TargetAggregateIdentifier AccountId accountId, String reason)
        implements AccountCommand {

    public EraseBorrowerData {
        Objects.requireNonNull(accountId, "accountId");
        Reasons.require(reason);
    }
}
