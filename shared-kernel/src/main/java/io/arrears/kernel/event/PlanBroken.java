package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** A missed instalment was still not covered when its grace days ended; the plan no longer stands. */
@Revision("1")
public record PlanBroken(AccountId accountId, String planId, int missedIndex, LocalDate brokenOn)
        implements AccountEvent {
}
