package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;

import java.time.LocalDate;

/**
 * What recording a payment decided. For an idempotent repeat it is the original answer, with
 * {@code repeated} set and the sequence of the original events.
 */
public record PaymentOutcome(AccountId accountId, String paymentId, String currency, Allocation allocation,
                             Balance balance, LocalDate accruedThrough, long lastSequence, boolean repeated) {
}
