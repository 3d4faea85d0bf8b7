package io.arrears.kernel.account;

/**
 * Keeps a borrower's personal data (name, phone, e-mail, address) readable only while their key
 * exists: events store the fields sealed with a key per borrower, and erasing the key makes every
 * copy unreadable at once, in events, projections and exports alike, while the stored events and
 * their hash chain stay as they were written (crypto-shredding).
 */
public interface PersonalDataVault {

    /** How a sealed field starts; the rest is the vault's own encoding. */
    String SEALED_PREFIX = "pii:";
    /** What a field reads as once the borrower's key is erased. */
    String ERASED = "[erased]";

    /** The borrower's personal fields sealed with their key (made on first use); the time zone stays plain. */
    Borrower seal(String borrowerId, Borrower plain);

    /** The fields readable again, or {@link #ERASED} in each sealed field once the key is gone. */
    Borrower open(String borrowerId, Borrower sealed);

    /** Destroys the borrower's key; repeating it changes nothing. */
    void erase(String borrowerId);

    static boolean isSealed(String field) {
        return field != null && field.startsWith(SEALED_PREFIX);
    }
}
