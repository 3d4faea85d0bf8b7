package io.arrears.query.api;

import io.arrears.kernel.money.Money;
import io.arrears.query.penalty.PenaltyStatement;
import org.bson.Document;

import java.util.List;

/** The penalty ledger as API.md shows it: amounts as decimal strings in the account currency. */
public record PenaltyLedgerResponse(String accountId, String currency, List<Segment> segments,
                                    List<Adjustment> adjustments, List<Waiver> waivers, List<Payment> payments,
                                    Totals totals, long position) {

    public record Segment(String from, String to, String base, int rateBps, int days, String dailyAmount,
                          String amount, long position) {
    }

    public record Correction(String from, String to, int days, String postedBase, String posted,
                             String recomputedBase, String recomputed) {
    }

    public record Adjustment(String cause, String amount, List<Correction> corrections, long position) {
    }

    public record Change(String cause, String before, String after, long position) {
    }

    public record Waiver(String waiverId, String effectiveDate, String amount, long position, List<Change> changes) {
    }

    /** The penalty part of a payment as it stands now; a reversed payment pays none. */
    public record Payment(String paymentId, String valueDate, boolean recovery, boolean reversed, String penaltyPaid,
                          long position, List<Change> changes) {
    }

    /** {@code balance} = opening + accrued + adjusted − paid − waived. */
    public record Totals(String opening, String accrued, String adjusted, String paid, String waived,
                         String balance) {
    }

    static PenaltyLedgerResponse of(PenaltyStatement s) {
        String c = s.currency();
        return new PenaltyLedgerResponse(s.accountId(), c,
                s.accruals().stream().map(a -> new Segment(a.from(), a.to(), money(a.baseMinor(), c), a.rateBps(),
                        a.days(), money(a.dailyAmountMinor(), c), money(a.amountMinor(), c), a.position())).toList(),
                s.adjustments().stream().map(a -> new Adjustment(a.cause(), money(a.amountMinor(), c),
                        a.corrections().stream().map(d -> correction(d, c)).toList(), a.position())).toList(),
                s.waivers().stream().map(w -> new Waiver(w.waiverId(), w.effectiveDate(), money(w.amountMinor(), c),
                        w.position(), changes(w.changes(), c))).toList(),
                s.payments().stream().map(p -> new Payment(p.paymentId(), p.valueDate(), p.recovery(), p.reversed(),
                        money(p.penaltyMinor(), c), p.position(), changes(p.changes(), c))).toList(),
                new Totals(money(s.openingMinor(), c), money(s.accruedMinor(), c), money(s.adjustedMinor(), c),
                        money(s.paidMinor(), c), money(s.waivedMinor(), c), money(s.balanceMinor(), c)),
                s.lastPosition());
    }

    private static List<Change> changes(List<PenaltyStatement.Change> changes, String currency) {
        return changes.stream().map(ch -> new Change(ch.cause(), money(ch.beforeMinor(), currency),
                money(ch.afterMinor(), currency), ch.position())).toList();
    }

    private static Correction correction(Document d, String currency) {
        return new Correction(d.getString("from"), d.getString("to"), ((Number) d.get("days")).intValue(),
                money(d, "postedBaseMinor", currency), money(d, "postedMinor", currency),
                money(d, "recomputedBaseMinor", currency), money(d, "recomputedMinor", currency));
    }

    private static String money(Document d, String key, String currency) {
        return money(((Number) d.get(key)).longValue(), currency);
    }

    private static String money(long minor, String currency) {
        return Money.format(minor, currency);
    }
}
