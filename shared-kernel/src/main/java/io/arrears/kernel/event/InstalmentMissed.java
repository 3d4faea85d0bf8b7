package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** Instalment {@code index} (from 0) was not covered by its due date; the plan's grace days now run. */
@Revision("1")
public record InstalmentMissed(AccountId accountId, String planId, int index, LocalDate dueDate)
        implements AccountEvent {
}
