package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.Objects;

/** Records money received, value-dated. Idempotent on {@code paymentId}. */
public record RecordPayment(@TargetAggregateIdentifier AccountId accountId, String paymentId, Money amount,
                            LocalDate valueDate, String channel) implements AccountCommand {

    public RecordPayment {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("paymentId", paymentId);
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a payment amount must be positive");
        }
        Objects.requireNonNull(valueDate, "valueDate");
        Identifiers.require("channel", channel);
    }
}
