package io.arrears.kernel.event;

import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Stage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static io.arrears.kernel.event.AccountStandingTest.DUE;
import static io.arrears.kernel.event.AccountStandingTest.ID;
import static io.arrears.kernel.event.AccountStandingTest.OPENED;
import static org.assertj.core.api.Assertions.assertThat;

class StageMovesTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2026-04-09 in Shanghai, still 2026-04-08 in UTC. */
    static final Instant ESCALATED_AT = Instant.parse("2026-04-08T20:00:00Z");

    final StageMoves moves = StageMoves.opened(OPENED)
            .after(new StageAdvanced(ID, Stage.EARLY, Stage.MIDDLE, 31, DUE.plusDays(31)), Instant.EPOCH)
            .after(new StageEscalated(ID, Stage.MIDDLE, Stage.LEGAL, "fraud", false), ESCALATED_AT);

    @Test
    void theStageOnADateIsTheLatestMoveDatedByThenValueDatesForAdvancesTheLedgersCalendarForEscalations() {
        assertThat(moves.on(DUE.plusDays(4), false, SHANGHAI)).isEqualTo(Stage.EARLY);
        assertThat(moves.on(DUE.plusDays(30), false, SHANGHAI)).isEqualTo(Stage.EARLY);
        assertThat(moves.on(DUE.plusDays(31), false, SHANGHAI)).isEqualTo(Stage.MIDDLE);
        assertThat(moves.on(LocalDate.of(2026, 4, 8), false, SHANGHAI)).isEqualTo(Stage.MIDDLE);
        assertThat(moves.on(LocalDate.of(2026, 4, 9), false, SHANGHAI)).isEqualTo(Stage.LEGAL);
        assertThat(moves.on(LocalDate.of(2026, 4, 8), false, ZoneId.of("UTC"))).isEqualTo(Stage.LEGAL);
    }

    @Test
    void owingNothingIsResolvedAndAWriteOffWinsFromItsDateOn() {
        StageMoves writtenOff = moves.after(new AccountWrittenOff(ID, DUE.plusDays(90), "uncollectable", Stage.LEGAL,
                AccountStandingTest.OWED, AccountStandingTest.OWED), Instant.EPOCH);

        assertThat(writtenOff.on(DUE.plusDays(40), true, SHANGHAI)).isEqualTo(Stage.RESOLVED);
        assertThat(writtenOff.on(DUE.plusDays(89), false, SHANGHAI)).isEqualTo(Stage.LEGAL);
        assertThat(writtenOff.on(DUE.plusDays(90), false, SHANGHAI)).isEqualTo(Stage.WRITTEN_OFF);
        assertThat(writtenOff.on(DUE.plusDays(90), true, SHANGHAI)).isEqualTo(Stage.WRITTEN_OFF);
    }

    @Test
    void aReopeningCountsFromTheDayItWasRecorded() {
        StageMoves reopened = StageMoves.opened(OPENED)
                .after(new AccountResolved(ID, Stage.EARLY, DUE.plusDays(10)), Instant.EPOCH)
                .after(new AccountReopened(ID, Stage.MIDDLE, 40, "reversal of P-1"), ESCALATED_AT);

        assertThat(reopened.moves()).hasSize(2);
        assertThat(reopened.on(LocalDate.of(2026, 4, 8), false, SHANGHAI)).isEqualTo(Stage.EARLY);
        assertThat(reopened.on(LocalDate.of(2026, 4, 9), false, SHANGHAI)).isEqualTo(Stage.MIDDLE);
        assertThat(reopened.on(LocalDate.of(2026, 4, 9), new Balance(0, 0, 0, 0, 0).isSettled(), SHANGHAI))
                .isEqualTo(Stage.RESOLVED);
    }
}
