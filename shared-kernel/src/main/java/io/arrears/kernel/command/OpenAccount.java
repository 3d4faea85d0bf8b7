package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Hands an overdue account to collections with its balances as they stood at the end of
 * {@code balancesAsOf}. The opening balance carries no credit.
 */
public record OpenAccount(@TargetAggregateIdentifier AccountId accountId, String borrowerId, String product,
                          String currency, LocalDate dueDate, LocalDate balancesAsOf, Balance opening, Terms terms,
                          Borrower borrower) implements AccountCommand {

    public OpenAccount {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("borrowerId", borrowerId);
        Identifiers.require("product", product);
        Money.minorDigits(currency);
        Objects.requireNonNull(dueDate, "dueDate");
        balancesAsOf = balancesAsOf == null ? dueDate : balancesAsOf;
        if (balancesAsOf.isBefore(dueDate)) {
            throw new IllegalArgumentException("balancesAsOf may not be before dueDate");
        }
        Objects.requireNonNull(opening, "opening");
        if (opening.creditMinor() != 0) {
            throw new IllegalArgumentException("an opening balance carries no credit");
        }
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(borrower, "borrower");
    }
}
