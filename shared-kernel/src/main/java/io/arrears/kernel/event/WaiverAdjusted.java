package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Component;
import org.axonframework.serialization.Revision;

/**
 * A backdated fact changed what a waiver forgives: a waiver never forgives more than was outstanding
 * on its date, so a backdated payment can leave it less to forgive, and a reversal more (up to the
 * amount granted).
 *
 * @param cause which recorded fact made the ledger recompute
 */
@Revision("1")
public record WaiverAdjusted(AccountId accountId, String waiverId, Component component, long waivedBeforeMinor,
                             long waivedAfterMinor, String cause) implements AccountEvent {
}
