package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.Objects;

/** Books the account as a loss from {@code writtenOffOn}; later payments are recoveries. */
public record WriteOffAccount(@TargetAggregateIdentifier AccountId accountId, LocalDate writtenOffOn, String reason)
        implements AccountCommand {

    public WriteOffAccount {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(writtenOffOn, "writtenOffOn");
        Reasons.require(reason);
    }
}
