package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Records a legal step (a claim filed, a judgment, enforcement) under its court or case reference. */
public record TakeLegalAction(@TargetAggregateIdentifier AccountId accountId, String reference, String action,
                              String description) implements AccountCommand {

    public TakeLegalAction {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("reference", reference);
        Identifiers.require("action", action);
        Reasons.require(description);
    }
}
