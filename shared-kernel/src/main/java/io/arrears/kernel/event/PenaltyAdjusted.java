package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * A fact dated on or before {@code accruedThrough} changed the penalty of evenings already posted;
 * the difference is posted here, evening range by evening range, and the earlier postings stay in the
 * history.
 *
 * @param cause                which recorded fact made the ledger recompute, such as {@code PaymentRecorded:PAY-7}
 * @param adjustmentMinor      the sum of the corrections' differences; negative when penalty is taken back
 * @param penaltyAfterMinor    the penalty outstanding once the command that caused this is posted
 * @param accruedByLedgerMinor penalty accrued by the ledger over the account's life, after the adjustment
 */
@Revision("1")
public record PenaltyAdjusted(AccountId accountId, String cause, List<PenaltyCorrection> corrections,
                              long adjustmentMinor, long penaltyAfterMinor, long accruedByLedgerMinor)
        implements AccountEvent {

    public PenaltyAdjusted {
        corrections = List.copyOf(corrections);
    }
}
