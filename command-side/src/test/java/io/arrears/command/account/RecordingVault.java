package io.arrears.command.account;

import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PersonalDataVault;

import java.util.HashSet;
import java.util.Set;

/** A vault for tests of the account: leaves fields as they are and remembers whose keys were erased. */
final class RecordingVault implements PersonalDataVault {

    final Set<String> erased = new HashSet<>();

    @Override
    public Borrower seal(String borrowerId, Borrower plain) {
        return plain;
    }

    @Override
    public Borrower open(String borrowerId, Borrower sealed) {
        return sealed;
    }

    @Override
    public void erase(String borrowerId) {
        erased.add(borrowerId);
    }
}
