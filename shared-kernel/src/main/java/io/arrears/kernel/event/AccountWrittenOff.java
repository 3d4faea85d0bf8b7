package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Stage;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * The loss is booked from {@code writtenOffOn}: no penalty accrues from that evening on, and payments
 * value-dated on or after it are recoveries.
 *
 * @param balanceWrittenOff what was owed at the start of {@code writtenOffOn}, before its payments
 * @param balanceAfter      the balance once the write-off and the corrections it caused are posted
 */
@Revision("1")
public record AccountWrittenOff(AccountId accountId, LocalDate writtenOffOn, String reason, Stage fromStage,
                                Balance balanceWrittenOff, Balance balanceAfter)
        implements BalancePosted {
}
