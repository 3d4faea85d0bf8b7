package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.DisputeOutcome;
import io.arrears.kernel.account.Identifiers;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.Objects;

/** Ends a dispute on {@code resolvedOn} with its outcome. */
public record ResolveDispute(@TargetAggregateIdentifier AccountId accountId, String disputeId, LocalDate resolvedOn,
                             DisputeOutcome outcome) implements AccountCommand {

    public ResolveDispute {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("disputeId", disputeId);
        Objects.requireNonNull(resolvedOn, "resolvedOn");
        Objects.requireNonNull(outcome, "outcome");
    }
}
