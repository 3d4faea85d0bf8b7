package io.arrears.command.account;

import io.arrears.command.account.ContactPolicy.Contact;
import io.arrears.command.account.ContactPolicy.Permission;
import io.arrears.command.account.ContactPolicy.Situation;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/DESIGN.md §4 and the presets, rule by rule, at their boundaries. */
class ContactPolicyTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ContactPolicy DEFAULT = new ContactPolicy(ContactPreset.DEFAULT);
    private static final ContactPolicy REG_F = new ContactPolicy(ContactPreset.US_REG_F);
    private static final ContactPolicy CN = new ContactPolicy(ContactPreset.CN_COLLECTION_STANDARD);

    private static Situation early(ZoneId zone) {
        return new Situation(Stage.EARLY, false, false, zone);
    }

    private static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    private static Contact call(Instant at, ContactOutcome outcome) {
        return new Contact(ContactChannel.PHONE, ContactDirection.OUTBOUND, outcome, at);
    }

    @ParameterizedTest(name = "{0} {1} at {2} local: allowed {3}")
    @CsvSource({
            "DEFAULT, Asia/Shanghai, 2026-03-12T07:59:59, false",
            "DEFAULT, Asia/Shanghai, 2026-03-12T08:00, true",
            "DEFAULT, Asia/Shanghai, 2026-03-12T20:59:59, true",
            "DEFAULT, Asia/Shanghai, 2026-03-12T21:00, false",
            "CN_COLLECTION_STANDARD, Asia/Shanghai, 2026-03-12T21:30, true",
            "CN_COLLECTION_STANDARD, Asia/Shanghai, 2026-03-12T22:00, false",
            "CN_COLLECTION_STANDARD, Asia/Shanghai, 2026-03-13T07:59, false",
            // Daylight saving starts in New York on 2026-03-08 (02:00 → 03:00) and ends on 2026-11-01.
            "US_REG_F, America/New_York, 2026-03-08T07:59, false",
            "US_REG_F, America/New_York, 2026-03-08T08:00, true",
            "US_REG_F, America/New_York, 2026-11-01T08:00, true",
            "US_REG_F, America/New_York, 2026-11-01T21:00, false",
    })
    void callsOnlyInTheBorrowersDaytime(String preset, String zone, String localTime, boolean allowed) {
        ContactPolicy policy = new ContactPolicy(ContactPreset.named(preset));
        Permission permission = policy.permission(List.of(), early(ZoneId.of(zone)), ContactChannel.PHONE,
                local(localTime, ZoneId.of(zone)));
        assertThat(permission.allowed()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(permission.blockedBy()).containsExactly(ContactPolicy.HOURS);
        }
    }

    @Test
    void lateInTheEveningTheNextAllowedMomentIsEightOClockTomorrowInTheBorrowersZone() {
        Permission permission = DEFAULT.permission(List.of(), early(SHANGHAI), ContactChannel.PHONE,
                local("2026-03-12T21:30", SHANGHAI));
        assertThat(permission.nextAllowedAt()).isEqualTo(Instant.parse("2026-03-13T00:00:00Z"));
    }

    @Test
    void theNextAllowedMomentFollowsTheClockChangeInNewYork() {
        // 07:00 on the morning clocks go forward: 08:00 EDT is 12:00 UTC, not 13:00.
        Permission permission = REG_F.permission(List.of(), early(NEW_YORK), ContactChannel.PHONE,
                local("2026-03-08T07:00", NEW_YORK));
        assertThat(permission.nextAllowedAt()).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
        Permission autumn = REG_F.permission(List.of(), early(NEW_YORK), ContactChannel.PHONE,
                local("2026-11-01T07:00", NEW_YORK));
        assertThat(autumn.nextAllowedAt()).isEqualTo(Instant.parse("2026-11-01T13:00:00Z"));
    }

    @Test
    void sevenCallsInSevenDaysBlockTheEighthUntilTheFirstDayLeavesTheWindow() {
        List<Contact> history = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            history.add(call(local("2026-03-0" + day + "T10:00", NEW_YORK), ContactOutcome.NO_ANSWER));
        }
        Permission eighth = REG_F.permission(history, early(NEW_YORK), ContactChannel.PHONE,
                local("2026-03-07T11:00", NEW_YORK));
        assertThat(eighth.blockedBy()).containsExactly(ContactPolicy.PHONE_SEVEN_IN_SEVEN);
        assertThat(eighth.nextAllowedAt()).isEqualTo(local("2026-03-08T08:00", NEW_YORK));
        assertThat(REG_F.breaches(history, early(NEW_YORK),
                call(local("2026-03-07T11:00", NEW_YORK), ContactOutcome.NO_ANSWER)))
                .containsExactly(ContactPolicy.PHONE_SEVEN_IN_SEVEN);
        assertThat(REG_F.permission(history, early(NEW_YORK), ContactChannel.PHONE,
                local("2026-03-08T09:00", NEW_YORK)).allowed()).isTrue();
    }

    @Test
    void afterAConversationNoCallForSevenDaysToTheMinute() {
        List<Contact> history = List.of(call(local("2026-03-02T10:00", SHANGHAI), ContactOutcome.CONVERSATION));
        Permission dayAfter = DEFAULT.permission(history, early(SHANGHAI), ContactChannel.PHONE,
                local("2026-03-03T10:00", SHANGHAI));
        assertThat(dayAfter.blockedBy()).containsExactly(ContactPolicy.AFTER_CONVERSATION);
        assertThat(dayAfter.nextAllowedAt()).isEqualTo(local("2026-03-09T10:00", SHANGHAI));
        assertThat(DEFAULT.permission(history, early(SHANGHAI), ContactChannel.PHONE,
                local("2026-03-09T09:59", SHANGHAI)).allowed()).isFalse();
        assertThat(DEFAULT.permission(history, early(SHANGHAI), ContactChannel.PHONE,
                local("2026-03-09T10:00", SHANGHAI)).allowed()).isTrue();
        // An SMS is not a call.
        assertThat(DEFAULT.permission(history, early(SHANGHAI), ContactChannel.SMS,
                local("2026-03-03T10:00", SHANGHAI)).allowed()).isTrue();
    }

    @Test
    void threeTextMessagesInAnyTwentyFourHours() {
        List<Contact> history = new ArrayList<>();
        for (String time : List.of("2026-03-02T09:00", "2026-03-02T12:00", "2026-03-02T18:00")) {
            history.add(new Contact(ContactChannel.SMS, ContactDirection.OUTBOUND, ContactOutcome.DELIVERED,
                    local(time, SHANGHAI)));
        }
        Permission fourth = DEFAULT.permission(history, early(SHANGHAI), ContactChannel.SMS,
                local("2026-03-03T08:30", SHANGHAI));
        assertThat(fourth.blockedBy()).containsExactly(ContactPolicy.SMS_PER_DAY);
        assertThat(fourth.nextAllowedAt()).isEqualTo(local("2026-03-03T09:00", SHANGHAI));
        assertThat(REG_F.permission(history, early(SHANGHAI), ContactChannel.SMS,
                local("2026-03-03T08:30", SHANGHAI)).allowed()).as("Reg F sets no SMS count").isTrue();
    }

    @Test
    void theChineseStandardAllowsThreeEffectiveCallsADayAndUnansweredOnesDoNotCount() {
        List<Contact> history = new ArrayList<>(List.of(
                call(local("2026-03-02T09:00", SHANGHAI), ContactOutcome.CONVERSATION),
                call(local("2026-03-02T10:00", SHANGHAI), ContactOutcome.NO_ANSWER),
                call(local("2026-03-02T11:00", SHANGHAI), ContactOutcome.REFUSED),
                call(local("2026-03-02T12:00", SHANGHAI), ContactOutcome.CONVERSATION)));
        Instant afternoon = local("2026-03-02T15:00", SHANGHAI);
        Permission fourth = CN.permission(history, early(SHANGHAI), ContactChannel.PHONE, afternoon);
        assertThat(fourth.blockedBy()).containsExactly(ContactPolicy.EFFECTIVE_CALLS_PER_DAY);
        assertThat(fourth.nextAllowedAt()).isEqualTo(local("2026-03-03T08:00", SHANGHAI));
        assertThat(CN.breaches(history, early(SHANGHAI), call(afternoon, ContactOutcome.NO_ANSWER))).isEmpty();
        assertThat(CN.breaches(history, early(SHANGHAI), call(afternoon, ContactOutcome.CONVERSATION)))
                .containsExactly(ContactPolicy.EFFECTIVE_CALLS_PER_DAY);
    }

    @Test
    void effectiveCallsAreCountedPerBorrowerAcrossTheirAccounts() {
        List<Contact> thisAccount = List.of(call(local("2026-03-02T09:00", SHANGHAI), ContactOutcome.CONVERSATION));
        List<Contact> otherAccounts = List.of(call(local("2026-03-02T10:00", SHANGHAI), ContactOutcome.CONVERSATION),
                call(local("2026-03-02T11:00", SHANGHAI), ContactOutcome.REFUSED));
        Situation borrower = new Situation(Stage.EARLY, false, false, SHANGHAI, otherAccounts);
        Instant afternoon = local("2026-03-02T15:00", SHANGHAI);

        assertThat(CN.permission(thisAccount, borrower, ContactChannel.PHONE, afternoon).blockedBy())
                .containsExactly(ContactPolicy.EFFECTIVE_CALLS_PER_DAY);
        assertThat(CN.permission(thisAccount, early(SHANGHAI), ContactChannel.PHONE, afternoon).allowed()).isTrue();
        assertThat(DEFAULT.permission(List.of(), borrower, ContactChannel.PHONE, afternoon).allowed())
                .as("the other presets count per account").isTrue();
    }

    @Test
    void visitsAndLawyerLettersOnlyFromMiddleOn() {
        Instant noon = local("2026-03-02T12:00", SHANGHAI);
        Permission visit = DEFAULT.permission(List.of(), early(SHANGHAI), ContactChannel.VISIT, noon);
        assertThat(visit.blockedBy()).containsExactly(ContactPolicy.STAGE_TOO_EARLY);
        assertThat(visit.nextAllowedAt()).isNull();
        Situation middle = new Situation(Stage.MIDDLE, false, false, SHANGHAI);
        assertThat(DEFAULT.permission(List.of(), middle, ContactChannel.VISIT, noon).allowed()).isTrue();
        assertThat(DEFAULT.permission(List.of(), new Situation(Stage.LEGAL, false, false, SHANGHAI),
                ContactChannel.LAWYER_LETTER, local("2026-03-02T23:00", SHANGHAI)).allowed())
                .as("a letter may go out at any hour").isTrue();
    }

    @Test
    void anOpenDisputeOrACeaseRequestAllowsLettersOnly() {
        Instant noon = local("2026-03-02T12:00", SHANGHAI);
        Situation disputed = new Situation(Stage.MIDDLE, true, false, SHANGHAI);
        Situation ceased = new Situation(Stage.MIDDLE, false, true, SHANGHAI);
        for (ContactChannel channel : ContactChannel.values()) {
            boolean letter = channel == ContactChannel.LETTER;
            assertThat(DEFAULT.permission(List.of(), disputed, channel, noon).allowed()).as(channel.name())
                    .isEqualTo(letter);
            assertThat(DEFAULT.permission(List.of(), ceased, channel, noon).allowed()).as(channel.name())
                    .isEqualTo(letter);
        }
        assertThat(DEFAULT.permission(List.of(), ceased, ContactChannel.PHONE, noon).blockedBy())
                .containsExactly(ContactPolicy.CEASE_REQUESTED);
    }

    @Test
    void theBorrowerCallingInBreaksNothing() {
        Contact inbound = new Contact(ContactChannel.PHONE, ContactDirection.INBOUND, ContactOutcome.CONVERSATION,
                local("2026-03-02T23:30", SHANGHAI));
        assertThat(DEFAULT.breaches(List.of(), new Situation(Stage.EARLY, true, true, SHANGHAI), inbound)).isEmpty();
    }
}
