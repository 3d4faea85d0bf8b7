package io.arrears.command.account;

import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.CeaseContactRequested;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.rejection.RuleViolation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactRecordTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ContactPolicy POLICY = new ContactPolicy(ContactPreset.DEFAULT);
    static final ContactPolicy.Situation EARLY = new ContactPolicy.Situation(Stage.EARLY, false, false, SHANGHAI,
            List.of());
    /** 10:00 in Shanghai. */
    static final Instant MORNING = Instant.parse("2026-03-12T02:00:00Z");

    final ContactRecord record = new ContactRecord();

    @Test
    void aContactWithinThePolicyIsRecordedAloneAndOneThatBreaksItWithARuleEventEach() {
        assertThat(record.logged(call("C-1", MORNING), POLICY, EARLY)).containsExactly(call("C-1", MORNING));

        // 23:00 in Shanghai, outside the hours.
        Instant lateEvening = Instant.parse("2026-03-12T15:00:00Z");
        List<AccountEvent> late = record.logged(call("C-2", lateEvening), POLICY, EARLY);
        assertThat(late).hasSize(2).first().isEqualTo(call("C-2", lateEvening));
        ContactPolicyBreached breach = (ContactPolicyBreached) late.get(1);
        assertThat(breach.rule()).isEqualTo("contact.hours");
        assertThat(breach.contactId()).isEqualTo("C-2");
    }

    @Test
    void theRecordRemembersContactsTheirBreachesAndACeaseRequest() {
        Instant lateEvening = Instant.parse("2026-03-12T15:00:00Z");
        record.logged(call("C-2", lateEvening), POLICY, EARLY).forEach(record::after);
        record.after(new CeaseContactRequested(ACCOUNT, MORNING, "asked"));

        assertThat(record.repeats(call("C-2", lateEvening))).isTrue();
        assertThat(record.repeats(call("C-3", lateEvening))).isFalse();
        assertThatThrownBy(() -> record.repeats(call("C-2", lateEvening.plusSeconds(60))))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("C-2 was already used");
        assertThat(record.breachesOf("C-2")).containsExactly("contact.hours");
        assertThat(record.breachesOf("C-3")).isEmpty();
        assertThat(record.ceaseRequested()).isTrue();
    }

    @Test
    void theNextContactIsJudgedAgainstTheHistorySoFar() {
        for (int i = 0; i < 7; i++) {
            record.after(call("C-" + i, MORNING.plusSeconds(3_600L * i / 2)));
        }

        assertThat(record.permission(POLICY, EARLY, ContactChannel.PHONE, MORNING.plusSeconds(14_400)).allowed())
                .isFalse();
        assertThat(new ContactRecord().permission(POLICY, EARLY, ContactChannel.PHONE, MORNING).allowed()).isTrue();
    }

    static ContactLogged call(String contactId, Instant at) {
        return new ContactLogged(ACCOUNT, contactId, ContactChannel.PHONE, ContactDirection.OUTBOUND,
                ContactOutcome.NO_ANSWER, at, "agent-1", null);
    }
}
