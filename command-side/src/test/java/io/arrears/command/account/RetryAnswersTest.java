package io.arrears.command.account;

import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.StageAdvanced;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

class RetryAnswersTest {

    static final LocalDate MARCH_10 = LocalDate.of(2026, 3, 10);
    static final LocalDate MARCH_12 = LocalDate.of(2026, 3, 12);

    final RetryAnswers answers = new RetryAnswers();

    @Test
    void aFactIsAnsweredWithTheLastEventItsCommandWroteAndTheDatePostedThroughThen() {
        answers.otherRecorded(0);
        answers.factRecorded(RetryAnswers.key("payment", "PAY-1"), 1, MARCH_10);
        answers.correctionRecorded(2, MARCH_10);
        answers.correctionRecorded(3, MARCH_12);

        assertThat(answers.of("payment:PAY-1")).isEqualTo(new RetryAnswers.Posted(3, MARCH_12));
        assertThat(answers.lastSequence()).isEqualTo(3);
    }

    @Test
    void anotherCommandsEventEndsTheFactsAnswer() {
        answers.factRecorded("payment:PAY-1", 1, MARCH_10);
        answers.otherRecorded(2);
        answers.correctionRecorded(3, MARCH_12);
        answers.factRecorded("contact:C-1", 4, MARCH_12);
        answers.correctionRecorded(5, MARCH_12);

        assertThat(answers.of("payment:PAY-1")).isEqualTo(new RetryAnswers.Posted(1, MARCH_10));
        assertThat(answers.of("contact:C-1")).isEqualTo(new RetryAnswers.Posted(5, MARCH_12));
        assertThat(answers.lastSequence()).isEqualTo(5);
    }

    @Test
    void aFactNeverRecordedHasNoAnswer() {
        answers.factRecorded("payment:PAY-1", 1, MARCH_10);

        assertThat(answers.of("payment:PAY-2")).isNull();
        assertThat(answers.of(RetryAnswers.key("write-off", ""))).isNull();
    }

    @Test
    void eventsAreFoldedAsAFactAnEventItCausedOrAnEventOfAnotherCommand() {
        answers.recorded(AccountFixtures.accountOpened(), 0, MARCH_10);
        answers.recorded(new ContactLogged(ACCOUNT, "C-1", ContactChannel.PHONE, ContactDirection.OUTBOUND,
                ContactOutcome.NO_ANSWER, Instant.parse("2026-03-10T15:00:00Z"), "agent-1", null), 1, MARCH_10);
        answers.recorded(new ContactPolicyBreached(ACCOUNT, "C-1", "contact.hours", "DEFAULT", "1",
                ContactChannel.PHONE, Instant.parse("2026-03-10T15:00:00Z"), "agent-1"), 2, MARCH_10);
        answers.recorded(new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 11, MARCH_12), 3, MARCH_12);
        answers.recorded(new ContactPolicyBreached(ACCOUNT, "C-1", "contact.hours", "DEFAULT", "1",
                ContactChannel.PHONE, Instant.parse("2026-03-10T15:00:00Z"), "agent-1"), 4, MARCH_12);

        assertThat(answers.of(RetryAnswers.key("contact", "C-1"))).isEqualTo(new RetryAnswers.Posted(2, MARCH_10));
        assertThat(answers.lastSequence()).isEqualTo(4);
        assertThat(RetryAnswers.factOf(new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 11, MARCH_12)))
                .isNull();
    }
}
