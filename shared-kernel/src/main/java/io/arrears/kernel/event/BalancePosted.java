package io.arrears.kernel.event;

import io.arrears.kernel.account.Balance;

/**
 * A fact event that carries the account's balance once its command is posted, corrections
 * included, so a read model takes the balance from it as it is.
 */
public sealed interface BalancePosted extends AccountEvent
        permits PaymentRecorded, PaymentReversed, WaiverGranted, DisputeRaised, DisputeResolved, AccountWrittenOff {

    Balance balanceAfter();
}
