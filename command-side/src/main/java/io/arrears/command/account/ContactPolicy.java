package io.arrears.command.account;

import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.Stage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contact rules of docs/DESIGN.md §4 under one {@link ContactPreset}, as pure functions of the
 * contacts already on record, the account's situation, the channel and the moment. Local times are
 * the borrower's, in their time zone, daylight saving included.
 */
public final class ContactPolicy {

    public static final String HOURS = "contact.hours";
    public static final String PHONE_SEVEN_IN_SEVEN = "contact.phone-attempts-7-days";
    public static final String AFTER_CONVERSATION = "contact.after-conversation";
    public static final String SMS_PER_DAY = "contact.sms-24-hours";
    public static final String EFFECTIVE_CALLS_PER_DAY = "contact.effective-calls-per-day";
    public static final String STAGE_TOO_EARLY = "contact.stage-before-middle";
    public static final String DISPUTE_OPEN = "contact.dispute-open";
    public static final String CEASE_REQUESTED = "contact.cease-requested";

    /** How far ahead {@link #permission} looks for the next allowed moment. */
    static final Duration LOOK_AHEAD_MAX = Duration.ofDays(15);
    private static final Set<ContactChannel> TIMED = EnumSet.of(ContactChannel.PHONE, ContactChannel.SMS,
            ContactChannel.EMAIL, ContactChannel.VISIT);
    private static final Set<ContactChannel> FROM_MIDDLE = EnumSet.of(ContactChannel.VISIT,
            ContactChannel.LAWYER_LETTER);
    private static final Set<ContactOutcome> REACHED = EnumSet.of(ContactOutcome.CONVERSATION, ContactOutcome.REFUSED);

    private final ContactPreset preset;

    public ContactPolicy(ContactPreset preset) {
        this.preset = preset;
    }

    public ContactPreset preset() {
        return preset;
    }

    /** A contact on record, as the rules see it. */
    public record Contact(ContactChannel channel, ContactDirection direction, ContactOutcome outcome, Instant at) {
    }

    /**
     * The account's situation that rules depend on.
     *
     * @param borrowerContacts the borrower's recent contacts on their other accounts, for per-borrower limits
     */
    public record Situation(Stage stage, boolean disputeOpen, boolean ceaseRequested, ZoneId borrowerZone,
                            List<Contact> borrowerContacts) {

        public Situation {
            borrowerContacts = List.copyOf(borrowerContacts);
        }

        public Situation(Stage stage, boolean disputeOpen, boolean ceaseRequested, ZoneId borrowerZone) {
            this(stage, disputeOpen, ceaseRequested, borrowerZone, List.of());
        }
    }

    /**
     * @param nextAllowedAt null when allowed now, or when no moment in the look-ahead is allowed
     * @param preset        the preset and version judged by, such as {@code US_REG_F/1}
     */
    public record Permission(boolean allowed, List<String> blockedBy, Instant nextAllowedAt, String preset) {
    }

    /**
     * The rules a contact that happened broke, judged against the contacts that happened before it.
     * Inbound contacts break nothing: the borrower chose to call.
     */
    public List<String> breaches(List<Contact> history, Situation situation, Contact contact) {
        if (contact.direction() == ContactDirection.INBOUND) {
            return List.of();
        }
        List<String> broken = blockedBy(history, situation, contact.channel(), contact.at());
        if (broken.contains(EFFECTIVE_CALLS_PER_DAY) && !REACHED.contains(contact.outcome())) {
            // A call that did not reach the borrower is not one more effective call.
            broken = broken.stream().filter(rule -> !rule.equals(EFFECTIVE_CALLS_PER_DAY)).toList();
        }
        return broken;
    }

    /** Whether an outbound contact on {@code channel} at {@code at} would be lawful, and if not, from when. */
    public Permission permission(List<Contact> history, Situation situation, ContactChannel channel, Instant at) {
        String judgedBy = preset.id() + "/" + preset.version();
        List<String> blocked = blockedBy(history, situation, channel, at);
        if (blocked.isEmpty()) {
            return new Permission(true, List.of(), null, judgedBy);
        }
        if (blocked.contains(STAGE_TOO_EARLY) || blocked.contains(DISPUTE_OPEN) || blocked.contains(CEASE_REQUESTED)) {
            // These lift only by a new fact (a later stage, a resolution), not by time passing.
            return new Permission(false, blocked, null, judgedBy);
        }
        for (Instant candidate : candidates(history, situation, at)) {
            if (blockedBy(history, situation, channel, candidate).isEmpty()) {
                return new Permission(false, blocked, candidate, judgedBy);
            }
        }
        return new Permission(false, blocked, null, judgedBy);
    }

    List<String> blockedBy(List<Contact> history, Situation situation, ContactChannel channel, Instant at) {
        List<String> blocked = new ArrayList<>();
        ZoneId zone = situation.borrowerZone();
        if (situation.ceaseRequested() && channel != ContactChannel.LETTER) {
            blocked.add(CEASE_REQUESTED);
        }
        if (situation.disputeOpen() && channel != ContactChannel.LETTER) {
            blocked.add(DISPUTE_OPEN);
        }
        if (FROM_MIDDLE.contains(channel) && !situation.stage().isAfter(Stage.EARLY)) {
            blocked.add(STAGE_TOO_EARLY);
        }
        if (TIMED.contains(channel)) {
            LocalTime local = at.atZone(zone).toLocalTime();
            if (local.isBefore(preset.allowedFrom()) || !local.isBefore(preset.allowedUntil())) {
                blocked.add(HOURS);
            }
        }
        if (channel == ContactChannel.PHONE) {
            LocalDate today = at.atZone(zone).toLocalDate();
            if (preset.phoneAttemptsPerSevenDaysMax() > 0) {
                long attempts = history.stream().filter(c -> isOutbound(c, ContactChannel.PHONE) && c.at().isBefore(at)
                        && !c.at().atZone(zone).toLocalDate().isBefore(today.minusDays(6))).count();
                if (attempts >= preset.phoneAttemptsPerSevenDaysMax()) {
                    blocked.add(PHONE_SEVEN_IN_SEVEN);
                }
            }
            if (!preset.quietAfterConversation().isZero() && history.stream().anyMatch(c ->
                    c.channel() == ContactChannel.PHONE && c.outcome() == ContactOutcome.CONVERSATION
                            && !c.at().isAfter(at) && at.isBefore(c.at().plus(preset.quietAfterConversation())))) {
                blocked.add(AFTER_CONVERSATION);
            }
            if (preset.effectiveCallsPerDayMax() > 0) {
                // Counted per borrower: this account's calls and those on the borrower's other accounts.
                long effective = java.util.stream.Stream.concat(history.stream(), situation.borrowerContacts().stream())
                        .filter(c -> isOutbound(c, ContactChannel.PHONE)
                        && REACHED.contains(c.outcome()) && c.at().isBefore(at)
                        && c.at().atZone(zone).toLocalDate().equals(today)).count();
                if (effective >= preset.effectiveCallsPerDayMax()) {
                    blocked.add(EFFECTIVE_CALLS_PER_DAY);
                }
            }
        }
        if (channel == ContactChannel.SMS && preset.smsPerDayMax() > 0) {
            long messages = history.stream().filter(c -> isOutbound(c, ContactChannel.SMS) && c.at().isBefore(at)
                    && c.at().isAfter(at.minus(Duration.ofDays(1)))).count();
            if (messages >= preset.smsPerDayMax()) {
                blocked.add(SMS_PER_DAY);
            }
        }
        return blocked;
    }

    /**
     * The moments at which a blocking rule can stop blocking, in order: each day's opening hour, and
     * when each recorded contact leaves a window. The first that is allowed is the next allowed moment.
     */
    private Set<Instant> candidates(List<Contact> history, Situation situation, Instant at) {
        ZoneId zone = situation.borrowerZone();
        Instant horizon = at.plus(LOOK_AHEAD_MAX);
        TreeSet<Instant> candidates = new TreeSet<>();
        LocalDate date = at.atZone(zone).toLocalDate();
        for (int day = 0; day <= LOOK_AHEAD_MAX.toDays(); day++) {
            candidates.add(ZonedDateTime.of(date.plusDays(day), preset.allowedFrom(), zone).toInstant());
            candidates.add(date.plusDays(day).atStartOfDay(zone).toInstant());
        }
        for (Contact contact : history) {
            candidates.add(contact.at().plus(Duration.ofDays(1)));
            candidates.add(contact.at().plus(preset.quietAfterConversation()));
            candidates.add(contact.at().atZone(zone).toLocalDate().plusDays(7).atStartOfDay(zone).toInstant());
        }
        return candidates.subSet(at, false, horizon, true);
    }

    private static boolean isOutbound(Contact contact, ContactChannel channel) {
        return contact.channel() == channel && contact.direction() == ContactDirection.OUTBOUND;
    }
}
