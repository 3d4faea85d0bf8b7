package io.arrears.kernel.account;

/** The owed components of a balance, which payments pay in the order of a waterfall. */
public enum Component {
    PENALTY, FEES, INTEREST, PRINCIPAL
}
