package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.Objects;

/** The borrower promised to pay an amount by a date. Idempotent on {@code promiseId}. */
public record RecordPromise(@TargetAggregateIdentifier AccountId accountId, String promiseId, String amount,
                            LocalDate dueDate) implements AccountCommand {

    public RecordPromise {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("promiseId", promiseId);
        if (!Money.isPositiveDecimal(amount)) {
            throw new IllegalArgumentException("amount must be a positive decimal string such as \"500.00\"");
        }
        Objects.requireNonNull(dueDate, "dueDate");
    }
}
