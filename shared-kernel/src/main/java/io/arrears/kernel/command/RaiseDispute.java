package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.Objects;

/** The borrower disputes the debt from {@code raisedOn}. Idempotent on {@code disputeId}. */
public record RaiseDispute(@TargetAggregateIdentifier AccountId accountId, String disputeId, LocalDate raisedOn,
                           String reason) implements AccountCommand {

    public RaiseDispute {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("disputeId", disputeId);
        Objects.requireNonNull(raisedOn, "raisedOn");
        Reasons.require(reason);
    }
}
