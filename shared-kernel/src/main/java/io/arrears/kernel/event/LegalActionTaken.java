package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

/** A legal step was taken on the account in stage LEGAL, under its court or case reference. */
@Revision("1")
public record LegalActionTaken(AccountId accountId, String reference, String action, String description)
        implements AccountEvent {
}
