package io.arrears.infra.accrual;

import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;

/**
 * The state of one date's accrual run.
 *
 * @param cursor   the last account id done, in id order; accounts after it are still to do
 * @param accounts accounts handled so far
 * @param accrued  accounts whose accrual wrote events (the others were already accrued)
 * @param failed   accounts whose accrual failed; they are logged and accrue with their next fact
 */
public record AccrualRun(LocalDate asOf, String state, String owner, String trigger, String cursor, long accounts,
                         long accrued, long failed, Instant startedAt, Instant finishedAt) {

    static AccrualRun of(Document document) {
        Date finished = document.getDate("finishedAt");
        return new AccrualRun(LocalDate.parse(document.getString("_id")), document.getString("state"),
                document.getString("owner"), document.getString("trigger"), document.getString("cursor"),
                number(document, "accounts"), number(document, "accrued"), number(document, "failed"),
                document.getDate("startedAt").toInstant(), finished == null ? null : finished.toInstant());
    }

    AccrualRun after(String lastAccountId, long handled, long accruedNow, long failedNow) {
        return new AccrualRun(asOf, state, owner, trigger, lastAccountId, accounts + handled, accrued + accruedNow,
                failed + failedNow, startedAt, finishedAt);
    }

    public boolean done() {
        return AccrualRuns.DONE.equals(state);
    }

    private static long number(Document document, String key) {
        return ((Number) document.get(key)).longValue();
    }
}
