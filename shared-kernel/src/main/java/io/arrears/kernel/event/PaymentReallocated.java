package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import org.axonframework.serialization.Revision;

/**
 * A backdated fact changed how an earlier payment splits across the components; {@code after}
 * replaces {@code before}.
 *
 * @param cause which recorded fact made the ledger recompute, such as {@code PaymentReversed:PAY-3}
 */
@Revision("1")
public record PaymentReallocated(AccountId accountId, String paymentId, Allocation before, Allocation after,
                                 String cause) implements AccountEvent {
}
