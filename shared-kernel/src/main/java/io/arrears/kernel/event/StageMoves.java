package io.arrears.kernel.event;

import io.arrears.kernel.account.Stage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages an account was moved to and when, and its write-off date: what its stage on a value
 * date is decided from. The one rule (docs/REPORTS.md, "standing"), used by the reports and by time
 * travel to a value date: at the end of date D an account is
 * <ol>
 *   <li>WRITTEN_OFF if it was written off on or before D;</li>
 *   <li>RESOLVED if it owes nothing at the end of D, with everything known now;</li>
 *   <li>otherwise in the latest stage it had been moved to by D: its opening stage and DPD advances
 *       count from their value dates, escalations and reopenings from the date, in the ledger's time
 *       zone, on which they were recorded.</li>
 * </ol>
 *
 * @param moves        in the order they were recorded
 * @param writtenOffOn null while the account is not written off
 */
public record StageMoves(List<Move> moves, LocalDate writtenOffOn) {

    /** A move to {@code stage}, dated by a value date {@code on} or else by the instant {@code at} it was recorded. */
    public record Move(LocalDate on, Instant at, Stage stage) {

        LocalDate date(ZoneId zone) {
            return on != null ? on : LocalDate.ofInstant(at, zone);
        }
    }

    public StageMoves {
        moves = List.copyOf(moves);
    }

    public static StageMoves opened(AccountOpened event) {
        return new StageMoves(List.of(new Move(event.balancesAsOf(), null, event.stage())), null);
    }

    /** The moves once {@code event}, recorded at {@code recordedAt}, is added; other events leave them as they are. */
    public StageMoves after(AccountEvent event, Instant recordedAt) {
        if (event instanceof StageAdvanced e) {
            return with(new Move(e.asOf(), null, e.toStage()));
        }
        if (event instanceof StageEscalated e) {
            return with(new Move(null, recordedAt, e.toStage()));
        }
        if (event instanceof AccountReopened e) {
            return with(new Move(null, recordedAt, e.toStage()));
        }
        if (event instanceof AccountWrittenOff e) {
            return new StageMoves(moves, e.writtenOffOn());
        }
        return this;
    }

    /**
     * The account's stage at the end of {@code date}.
     *
     * @param settled whether it owes nothing at the end of that date
     * @param zone    the ledger's time zone, which dates the moves recorded by instant
     */
    public Stage on(LocalDate date, boolean settled, ZoneId zone) {
        if (writtenOffOn != null && !writtenOffOn.isAfter(date)) {
            return Stage.WRITTEN_OFF;
        }
        if (settled) {
            return Stage.RESOLVED;
        }
        Stage stage = Stage.PREPARATION;
        for (Move move : moves) {
            if (!move.date(zone).isAfter(date) && move.stage().isAfter(stage) && !move.stage().isAfter(Stage.LEGAL)) {
                stage = move.stage();
            }
        }
        return stage;
    }

    private StageMoves with(Move move) {
        List<Move> longer = new ArrayList<>(moves);
        longer.add(move);
        return new StageMoves(longer, writtenOffOn);
    }
}
