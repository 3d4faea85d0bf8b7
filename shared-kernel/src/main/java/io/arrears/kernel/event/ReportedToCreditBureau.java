package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import org.axonframework.serialization.Revision;

/** The delinquency was reported to a credit bureau, in the stage the account was then in. */
@Revision("1")
public record ReportedToCreditBureau(AccountId accountId, String bureau, String reference, Stage stage, long owedMinor)
        implements AccountEvent {
}
