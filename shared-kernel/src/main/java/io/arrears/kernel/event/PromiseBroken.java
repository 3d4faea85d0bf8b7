package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** The due date passed before payments reached the promised amount; {@code paidMinor} is what did arrive. */
@Revision("1")
public record PromiseBroken(AccountId accountId, String promiseId, LocalDate dueDate, long paidMinor)
        implements AccountEvent {
}
