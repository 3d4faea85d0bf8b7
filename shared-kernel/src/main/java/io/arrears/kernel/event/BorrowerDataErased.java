package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import org.axonframework.serialization.Revision;

/**
 * The borrower's key was destroyed: their name, phone, e-mail and address read as erased wherever
 * they appear, while every stored event, and so the hash chain, stays as written.
 */
@Revision("1")
public record BorrowerDataErased(AccountId accountId, String borrowerId, String reason) implements AccountEvent {
}
