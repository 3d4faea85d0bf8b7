package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;

import java.util.List;

/**
 * What logging a contact did: it is always recorded; {@code breaches} names the rules it broke
 * (each also a {@code ContactPolicyBreached} event). A repeat answers the original.
 */
public record ContactLogOutcome(AccountId accountId, String contactId, List<String> breaches, long lastSequence,
                                boolean repeated) {

    public ContactLogOutcome {
        breaches = List.copyOf(breaches);
    }
}
