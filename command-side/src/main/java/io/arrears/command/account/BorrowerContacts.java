package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;

import java.time.Instant;
import java.util.List;

/**
 * Contacts with the same borrower on their other accounts, for the rules that count per borrower
 * rather than per account (CN_COLLECTION_STANDARD's effective calls a day). An account only knows
 * its own events, so this is read from a read model and may lag it by moments.
 */
public interface BorrowerContacts {

    BorrowerContacts NONE = (borrowerId, account, since) -> List.of();

    /** The borrower's contacts from {@code since} on, on accounts other than {@code account}. */
    List<ContactPolicy.Contact> onOtherAccounts(String borrowerId, AccountId account, Instant since);
}
