package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** Payments counting towards the promise reached its amount; the last of them is value-dated {@code keptOn}. */
@Revision("1")
public record PromiseKept(AccountId accountId, String promiseId, LocalDate keptOn, long paidMinor)
        implements AccountEvent {
}
