package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.CeaseContactRequested;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's contact record (docs/WORKFLOW.md, contact policy): every contact logged, the policy
 * rules each broke, and whether the borrower asked to be left alone. It answers what a contact
 * that happened is recorded as, and whether the next one is allowed, from the account's own
 * history and the situation the account gives it. Folded from the account's events; a snapshot
 * carries it.
 */
final class ContactRecord {

    private final Map<String, ContactLogged> contacts = new HashMap<>();
    private final List<ContactPolicy.Contact> history = new ArrayList<>();
    private final Map<String, List<String>> breachesOf = new HashMap<>();
    private CeaseContactRequested ceaseRequest;

    /** Whether {@code contact} repeats the contact logged under its id; another contact under it is refused. */
    boolean repeats(ContactLogged contact) {
        ContactLogged earlier = contacts.get(contact.contactId());
        return earlier != null && RetryAnswers.repeated(earlier.equals(contact), "contact.id-reused",
                "contactId " + contact.contactId() + " was already used for a different contact");
    }

    /** The rules the contact logged under {@code contactId} broke. */
    List<String> breachesOf(String contactId) {
        return breachesOf.getOrDefault(contactId, List.of());
    }

    boolean ceaseRequested() {
        return ceaseRequest != null;
    }

    /** Folds an event of the account; events of no contact change nothing. */
    void after(AccountEvent event) {
        if (event instanceof ContactLogged e) {
            contacts.put(e.contactId(), e);
            history.add(new ContactPolicy.Contact(e.channel(), e.direction(), e.outcome(), e.occurredAt()));
        } else if (event instanceof ContactPolicyBreached e) {
            List<String> rules = new ArrayList<>(breachesOf(e.contactId()));
            rules.add(e.rule());
            breachesOf.put(e.contactId(), List.copyOf(rules));
        } else if (event instanceof CeaseContactRequested e) {
            ceaseRequest = e;
        }
    }

    /**
     * A contact that happened, as recorded: always its own event, then one event for each rule of
     * the policy it broke, naming the rule and the preset with its version.
     */
    List<AccountEvent> logged(ContactLogged contact, ContactPolicy policy, ContactPolicy.Situation situation) {
        List<AccountEvent> events = new ArrayList<>();
        events.add(contact);
        AccountId accountId = contact.accountId();
        for (String rule : policy.breaches(history, situation, new ContactPolicy.Contact(contact.channel(),
                contact.direction(), contact.outcome(), contact.occurredAt()))) {
            events.add(new ContactPolicyBreached(accountId, contact.contactId(), rule, policy.preset().id(),
                    policy.preset().version(), contact.channel(), contact.occurredAt(), contact.agentId()));
        }
        return events;
    }

    /** Whether a contact by {@code channel} at {@code at} is allowed, and if not, why and from when. */
    ContactPolicy.Permission permission(ContactPolicy policy, ContactPolicy.Situation situation,
                                        ContactChannel channel, Instant at) {
        return policy.permission(history, situation, channel, at);
    }
}
