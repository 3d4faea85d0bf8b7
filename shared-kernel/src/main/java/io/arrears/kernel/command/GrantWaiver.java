package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Forgives part of the penalty, fees or interest from a date. Idempotent on {@code waiverId}; the
 * amount is decimal text that the account parses in its currency, like a payment's.
 */
public record GrantWaiver(@TargetAggregateIdentifier AccountId accountId, String waiverId, Component component,
                          String amount, LocalDate effectiveDate, String reason) implements AccountCommand {

    public GrantWaiver {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("waiverId", waiverId);
        Objects.requireNonNull(component, "component");
        if (component == Component.PRINCIPAL) {
            throw new IllegalArgumentException("a waiver forgives PENALTY, FEES or INTEREST, never PRINCIPAL");
        }
        if (!Money.isPositiveDecimal(amount)) {
            throw new IllegalArgumentException("amount must be a positive decimal string such as \"10.00\"");
        }
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Reasons.require(reason);
    }
}
