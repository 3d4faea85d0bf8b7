package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A contact that happened broke a rule of the contact policy; it is on record all the same, in the
 * {@code ContactLogged} event just before this one.
 *
 * @param rule          the rule's id, such as {@code contact.hours}
 * @param presetId      the contact policy preset the contact was judged by
 * @param presetVersion that preset's version
 */
@Revision("1")
public record ContactPolicyBreached(AccountId accountId, String contactId, String rule, String presetId,
                                    String presetVersion, ContactChannel channel, Instant occurredAt, String agentId)
        implements AccountEvent {
}
