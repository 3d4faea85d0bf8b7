package io.arrears.kernel.rejection;

/** The command names an account the ledger has never opened; the API answers 404. */
public class UnknownAccount extends RuntimeException {

    public UnknownAccount(String accountId) {
        super("no account " + accountId);
    }
}
