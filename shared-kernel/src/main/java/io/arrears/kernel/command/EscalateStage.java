package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Moves an account to a later collection stage by hand, with the reason on record. */
public record EscalateStage(@TargetAggregateIdentifier AccountId accountId, Stage toStage, String reason)
        implements AccountCommand {

    public EscalateStage {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(toStage, "toStage");
        Reasons.require(reason);
    }
}
