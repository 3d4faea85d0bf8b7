package io.arrears.query.report;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.BalanceHistory;
import io.arrears.kernel.event.StageMoves;
import io.arrears.kernel.time.CanonicalDates;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One account as the reports see it: its value-dated balance history, the stages it was moved to
 * and when, its written-off date, and its contacts, promises and policy breaches. Stored as one
 * document per account in {@code report_accounts}.
 *
 * @param stages the moves to a stage and the write-off date, which its stage on a date is decided from
 */
public record ReportAccount(String accountId, long lastSequence, String product, String currency, LocalDate dueDate,
                            BalanceHistory history, StageMoves stages, List<Contact> contacts, List<Promise> promises,
                            List<Breach> breaches) {

    public record Contact(Instant at, ContactChannel channel, ContactDirection direction, ContactOutcome outcome,
                          String agentId) {
    }

    /** @param outcome KEPT or BROKEN once decided, null while open; {@code decidedOn} the value date */
    public record Promise(String promiseId, LocalDate dueDate, long amountMinor, String outcome, LocalDate decidedOn) {
    }

    public record Breach(Instant at, String rule, ContactChannel channel, String agentId) {
    }

    /** Where the account stood at the end of a value date. */
    public record Standing(Stage stage, long dpd, Bucket bucket, Balance balance) {

        public boolean isDelinquent() {
            return dpd > 0 && stage != Stage.WRITTEN_OFF;
        }

        public RollState rollState() {
            if (stage == Stage.WRITTEN_OFF) {
                return RollState.WRITTEN_OFF;
            }
            if (balance.isSettled()) {
                return RollState.PAID;
            }
            return RollState.of(bucket);
        }
    }

    /** The account's standing at the end of {@code date}; null before its balances start. */
    public Standing on(LocalDate date, ZoneId zone) {
        if (date.isBefore(history.start())) {
            return null;
        }
        Balance balance = history.on(date);
        long dpd = AccountStanding.daysPastDue(dueDate, date, balance);
        return new Standing(stages.on(date, balance.isSettled(), zone), dpd, Bucket.of(dpd), balance);
    }

    Document toDocument() {
        BalanceHistory h = history;
        List<Document> penalty = h.penalty().stream().map(s -> new Document("from", s.from().toString())
                .append("to", s.to().toString()).append("days", s.days()).append("dailyMinor", s.dailyMinor())
                .append("amountMinor", s.amountMinor())).toList();
        List<Document> payments = new ArrayList<>();
        h.payments().forEach((id, p) -> payments.add(new Document("paymentId", id)
                .append("valueDate", p.valueDate().toString()).append("channel", p.channel())
                .append("amountMinor", p.amountMinor()).append("allocation", allocation(p.allocation()))
                .append("recovery", p.recovery())));
        List<Document> waivers = new ArrayList<>();
        h.waivers().forEach((id, w) -> waivers.add(new Document("waiverId", id)
                .append("effectiveDate", w.effectiveDate().toString()).append("component", w.component().name())
                .append("amountMinor", w.amountMinor())));
        return new Document("_id", accountId)
                .append("lastSequence", lastSequence)
                .append("product", product)
                .append("currency", currency)
                .append("dueDate", dueDate.toString())
                .append("start", h.start().toString())
                .append("opening", balance(h.opening()))
                .append("penalty", penalty)
                .append("payments", payments)
                .append("waivers", waivers)
                .append("stages", stages.moves().stream().map(m -> new Document("on", text(m.on()))
                        .append("at", text(m.at())).append("stage", m.stage().name())).toList())
                .append("writtenOffOn", text(stages.writtenOffOn()))
                .append("contacts", contacts.stream().map(c -> new Document("at", c.at().toString())
                        .append("channel", c.channel().name()).append("direction", c.direction().name())
                        .append("outcome", c.outcome().name()).append("agentId", c.agentId())).toList())
                .append("promises", promises.stream().map(p -> new Document("promiseId", p.promiseId())
                        .append("dueDate", p.dueDate().toString()).append("amountMinor", p.amountMinor())
                        .append("outcome", p.outcome()).append("decidedOn", text(p.decidedOn()))).toList())
                .append("breaches", breaches.stream().map(b -> new Document("at", b.at().toString())
                        .append("rule", b.rule()).append("channel", b.channel().name())
                        .append("agentId", b.agentId())).toList());
    }

    static ReportAccount fromDocument(Document d) {
        List<BalanceHistory.Span> penalty = d.getList("penalty", Document.class).stream()
                .map(s -> new BalanceHistory.Span(CanonicalDates.parse(s.getString("from")),
                        CanonicalDates.parse(s.getString("to")), s.getInteger("days"), s.getLong("dailyMinor"),
                        s.getLong("amountMinor"))).toList();
        Map<String, BalanceHistory.Payment> payments = new LinkedHashMap<>();
        for (Document p : d.getList("payments", Document.class)) {
            payments.put(p.getString("paymentId"), new BalanceHistory.Payment(
                    CanonicalDates.parse(p.getString("valueDate")), p.getString("channel"), p.getLong("amountMinor"),
                    allocation(p.get("allocation", Document.class)), p.getBoolean("recovery")));
        }
        Map<String, BalanceHistory.Waiver> waivers = new LinkedHashMap<>();
        for (Document w : d.getList("waivers", Document.class)) {
            waivers.put(w.getString("waiverId"), new BalanceHistory.Waiver(
                    CanonicalDates.parse(w.getString("effectiveDate")), Component.valueOf(w.getString("component")),
                    w.getLong("amountMinor")));
        }
        BalanceHistory history = new BalanceHistory(CanonicalDates.parse(d.getString("start")),
                balance(d.get("opening", Document.class)), penalty, payments, waivers);
        return new ReportAccount(d.getString("_id"), d.getLong("lastSequence"), d.getString("product"),
                d.getString("currency"), CanonicalDates.parse(d.getString("dueDate")), history,
                new StageMoves(d.getList("stages", Document.class).stream().map(m -> new StageMoves.Move(
                        date(m.getString("on")), instant(m.getString("at")), Stage.valueOf(m.getString("stage"))))
                        .toList(), date(d.getString("writtenOffOn"))),
                d.getList("contacts", Document.class).stream().map(c -> new Contact(Instant.parse(c.getString("at")),
                        ContactChannel.valueOf(c.getString("channel")), ContactDirection.valueOf(c.getString("direction")),
                        ContactOutcome.valueOf(c.getString("outcome")), c.getString("agentId"))).toList(),
                d.getList("promises", Document.class).stream().map(p -> new Promise(p.getString("promiseId"),
                        CanonicalDates.parse(p.getString("dueDate")), p.getLong("amountMinor"), p.getString("outcome"),
                        date(p.getString("decidedOn")))).toList(),
                d.getList("breaches", Document.class).stream().map(b -> new Breach(Instant.parse(b.getString("at")),
                        b.getString("rule"), ContactChannel.valueOf(b.getString("channel")), b.getString("agentId")))
                        .toList());
    }

    private static Document balance(Balance b) {
        return new Document("principalMinor", b.principalMinor()).append("interestMinor", b.interestMinor())
                .append("feesMinor", b.feesMinor()).append("penaltyMinor", b.penaltyMinor())
                .append("creditMinor", b.creditMinor());
    }

    private static Balance balance(Document d) {
        return new Balance(d.getLong("principalMinor"), d.getLong("interestMinor"), d.getLong("feesMinor"),
                d.getLong("penaltyMinor"), d.getLong("creditMinor"));
    }

    private static Document allocation(Allocation a) {
        return new Document("penaltyMinor", a.penaltyMinor()).append("feesMinor", a.feesMinor())
                .append("interestMinor", a.interestMinor()).append("principalMinor", a.principalMinor())
                .append("creditMinor", a.creditMinor());
    }

    private static Allocation allocation(Document d) {
        return new Allocation(d.getLong("penaltyMinor"), d.getLong("feesMinor"), d.getLong("interestMinor"),
                d.getLong("principalMinor"), d.getLong("creditMinor"));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static LocalDate date(String text) {
        return text == null ? null : CanonicalDates.parse(text);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
