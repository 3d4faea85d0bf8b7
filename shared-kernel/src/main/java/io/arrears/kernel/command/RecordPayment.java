package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Records money received, value-dated. Idempotent on {@code paymentId}.
 *
 * <p>The amount is the decimal text the payer sent ("1000.00"); only the account knows its currency
 * and so how many minor digits the text must have. {@code currency} is optional: when given it must
 * be the account's.
 */
public record RecordPayment(@TargetAggregateIdentifier AccountId accountId, String paymentId, String amount,
                            String currency, LocalDate valueDate, String channel) implements AccountCommand {

    public RecordPayment {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("paymentId", paymentId);
        if (!Money.isPositiveDecimal(amount)) {
            throw new IllegalArgumentException("amount must be a positive decimal string such as \"1000.00\"");
        }
        Objects.requireNonNull(valueDate, "valueDate");
        Identifiers.require("channel", channel);
    }
}
