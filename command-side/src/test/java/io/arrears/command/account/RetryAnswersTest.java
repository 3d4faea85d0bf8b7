package io.arrears.command.account;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

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
}
