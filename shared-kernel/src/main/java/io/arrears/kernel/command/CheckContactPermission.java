package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Objects;

/**
 * Asks whether an outbound contact on a channel at a moment would be lawful. It is answered by the
 * account itself, so a call logged a moment ago already counts; it records nothing.
 */
public record CheckContactPermission(@TargetAggregateIdentifier AccountId accountId, ContactChannel channel,
                                     Instant at) implements AccountCommand {

    public CheckContactPermission {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(at, "at");
    }
}
