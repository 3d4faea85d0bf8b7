package io.arrears.query.api;

import io.arrears.kernel.audit.Caller;

import java.util.List;

/**
 * Records every showing of a borrower's personal data in plaintext: who (actor, client, role),
 * which account and borrower, which fields, and when. China's PIPL and the US Regulation F both
 * expect a controller of personal data to be able to say who saw it.
 */
public interface PersonalDataAccessLog {

    /** Records the showing before the data is answered; a record that cannot be written stops the answer. */
    void record(Caller caller, String accountId, String borrowerId, List<String> fields);
}
