package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * The evenings {@code fromDate} to {@code throughDate} were posted. Days in grace, frozen or past
 * the cap accrue nothing and have no segment; the account's {@code accruedThrough} is now
 * {@code throughDate}.
 */
@Revision("1")
public record PenaltyAccrued(AccountId accountId, LocalDate fromDate, LocalDate throughDate,
                             List<AccrualSegment> segments, long amountMinor, long penaltyAfterMinor,
                             long accruedByLedgerMinor) implements AccountEvent {

    public PenaltyAccrued {
        segments = List.copyOf(segments);
    }
}
