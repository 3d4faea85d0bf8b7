package io.arrears.kernel.account;

/** What the daily penalty is computed on. */
public enum PenaltyBase {
    PRINCIPAL, PRINCIPAL_AND_INTEREST
}
