package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Takes a recorded payment out of the ledger's facts, as if it had never been received. */
public record ReversePayment(@TargetAggregateIdentifier AccountId accountId, String paymentId, String reason)
        implements AccountCommand {

    public ReversePayment {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("paymentId", paymentId);
        Reasons.require(reason);
    }
}
