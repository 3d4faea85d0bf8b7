package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.Objects;

/** Posts the penalty evenings up to and including {@code asOf}; a repeat for a posted date posts nothing. */
public record AccruePenalty(@TargetAggregateIdentifier AccountId accountId, LocalDate asOf) implements AccountCommand {

    public AccruePenalty {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(asOf, "asOf");
    }
}
