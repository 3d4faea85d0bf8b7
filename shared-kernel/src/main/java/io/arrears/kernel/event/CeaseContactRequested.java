package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The borrower asked collectors to stop contacting them: from now on written letters only. */
@Revision("1")
public record CeaseContactRequested(AccountId accountId, Instant requestedAt, String reason) implements AccountEvent {
}
