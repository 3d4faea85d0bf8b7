package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * Payments towards the plan covered instalment {@code index} (from 0) and all before it;
 * {@code late} when that happened after its due date, within the grace days.
 */
@Revision("1")
public record InstalmentKept(AccountId accountId, String planId, int index, LocalDate keptOn, boolean late)
        implements AccountEvent {
}
