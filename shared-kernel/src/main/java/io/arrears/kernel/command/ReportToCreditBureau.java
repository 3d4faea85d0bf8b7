package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Reports the delinquency to a credit bureau under the bureau's reference. Idempotent on the reference. */
public record ReportToCreditBureau(@TargetAggregateIdentifier AccountId accountId, String bureau, String reference)
        implements AccountCommand {

    public ReportToCreditBureau {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("bureau", bureau);
        Identifiers.require("reference", reference);
    }
}
