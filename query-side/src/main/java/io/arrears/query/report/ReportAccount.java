package io.arrears.query.report;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.Stage;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.BalanceHistory;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseKept;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.event.StageMoves;
import io.arrears.kernel.event.WaiverAdjusted;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.kernel.time.CanonicalDates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One account as the reports see it: its value-dated balance history, the stages it was moved to
 * and when, its written-off date, and its contacts, promises and policy breaches. Stored in
 * {@code report_accounts} as the account's document, under its id, and a document for each of its
 * payments, under {@link #paymentDocumentId} and naming the account in {@value #ACCOUNT}.
 *
 * <p>Payments, which an account may have thousands of, are documents of their own: a store rewrites
 * a document whole when it is updated (the embedded one, and MongoDB's WiredTiger), so a payment
 * added to a list in the account's document cost more the more payments the account had. The
 * account's document lists what grows more slowly (waivers, contacts, promises, breaches, the spans
 * of penalty it closed) in arrays an event only appends to or changes in place, and keeps what an
 * event's change is decided from, its {@link #HEAD}, small: the last span of penalty, which the next
 * accrual may extend, has a field of its own. The projection reads only the head and writes only the
 * change.
 *
 * @param stages the moves to a stage and the write-off date, which its stage on a date is decided from
 */
public record ReportAccount(String accountId, long lastSequence, String product, String currency, LocalDate dueDate,
                            BalanceHistory history, StageMoves stages, List<Contact> contacts, List<Promise> promises,
                            List<Breach> breaches) {

    /**
     * The fields of a document an event's change is decided from, named one by one: a store may answer
     * an exclusion by copying the whole document first (mongo-java-server does).
     */
    static final Bson HEAD = Projections.include("lastSequence", "penaltyLast", "stages", "writtenOffOn", "form");

    /** On a payment's document: the id of its account. */
    static final String ACCOUNT = "account";
    /**
     * The form of the account's document: 2 since payments are documents of their own (December
     * 2026). A document without it lists its payments in {@code payments} and is written again in
     * this form ({@link #isOlderForm}).
     */
    private static final int FORM = 2;

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

    /** The {@code _id} of the document of the account's payment. */
    static String paymentDocumentId(String accountId, String paymentId) {
        return accountId + "/payment/" + paymentId;
    }

    /** The account's document; its payments are {@link #paymentDocuments}. */
    Document toDocument() {
        BalanceHistory h = history;
        List<BalanceHistory.Span> spans = h.penalty();
        List<Document> waivers = new ArrayList<>();
        h.waivers().forEach((id, w) -> waivers.add(waiver(id, w)));
        return new Document("_id", accountId)
                .append("lastSequence", lastSequence)
                .append("form", FORM)
                .append("product", product)
                .append("currency", currency)
                .append("dueDate", dueDate.toString())
                .append("start", h.start().toString())
                .append("opening", balance(h.opening()))
                .append("penalty", spans.stream().limit(Math.max(0, spans.size() - 1)).map(ReportAccount::span)
                        .toList())
                .append("penaltyLast", spans.isEmpty() ? null : span(spans.get(spans.size() - 1)))
                .append("waivers", waivers)
                .append("stages", stages(stages))
                .append("writtenOffOn", text(stages.writtenOffOn()))
                .append("contacts", contacts.stream().map(ReportAccount::contact).toList())
                .append("promises", promises.stream().map(ReportAccount::promise).toList())
                .append("breaches", breaches.stream().map(ReportAccount::breach).toList());
    }

    /** A document for each of the account's payments. */
    List<Document> paymentDocuments() {
        List<Document> payments = new ArrayList<>();
        history.payments().forEach((id, p) -> payments.add(paymentDocument(accountId, id, p)));
        return payments;
    }

    /**
     * Whether {@code head} is of a document written before payments had documents of their own (or
     * before that, before the last span of penalty had a field of its own).
     */
    static boolean isOlderForm(Document head) {
        return !Integer.valueOf(FORM).equals(head.get("form"));
    }

    /**
     * What {@code event}, the account's {@code sequence}th, recorded at {@code recordedAt}, changes in
     * the account's document, whose {@link #HEAD} was {@code head}: an update that touches only what the
     * event adds or changes, however long the account's history, the head it leaves, and the write of
     * a payment's document if the event records, reallocates or reverses one.
     */
    static Change change(String accountId, Document head, long sequence, AccountEvent event, Instant recordedAt) {
        Document after = new Document(head).append("lastSequence", sequence);
        PaymentWrite payment = null;
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("lastSequence", sequence)));
        // Only while the document has not seen this event; and the element a positional $ changes.
        Document condition = new Document("lastSequence", new Document("$lt", sequence));
        List<BalanceHistory.Span> spans = BalanceHistory.spansOf(event);
        if (!spans.isEmpty()) {
            // As BalanceHistory extends its last span: the spans it closes are pushed, the last one set.
            Document lastDocument = head.get("penaltyLast", Document.class);
            BalanceHistory.Span last = lastDocument == null ? null : span(lastDocument);
            List<Document> closed = new ArrayList<>();
            for (BalanceHistory.Span next : spans) {
                BalanceHistory.Span joined = last == null ? null : last.followedBy(next);
                if (joined == null && last != null) {
                    closed.add(span(last));
                }
                last = joined != null ? joined : next;
            }
            if (!closed.isEmpty()) {
                updates.add(Updates.pushEach("penalty", closed));
            }
            Document lastSpan = span(last);
            updates.add(Updates.set("penaltyLast", lastSpan));
            after.put("penaltyLast", lastSpan);
        } else if (event instanceof PaymentRecorded e) {
            payment = new PaymentStored(paymentDocument(accountId, e.paymentId(), BalanceHistory.Payment.of(e)));
        } else if (event instanceof PaymentReallocated e) {
            payment = new PaymentReallocation(paymentDocumentId(accountId, e.paymentId()),
                    Updates.set("allocation", allocation(e.after())));
        } else if (event instanceof PaymentReversed e) {
            payment = new PaymentRemoved(paymentDocumentId(accountId, e.paymentId()));
        } else if (event instanceof WaiverGranted e) {
            updates.add(Updates.push("waivers", waiver(e.waiverId(), BalanceHistory.Waiver.of(e))));
        } else if (event instanceof WaiverAdjusted e) {
            updates.add(Updates.set("waivers.$.amountMinor", e.waivedAfterMinor()));
            condition.append("waivers.waiverId", e.waiverId());
        } else if (event instanceof ContactLogged e) {
            updates.add(Updates.push("contacts", contact(new Contact(e.occurredAt(), e.channel(), e.direction(),
                    e.outcome(), e.agentId()))));
        } else if (event instanceof ContactPolicyBreached e) {
            updates.add(Updates.push("breaches", breach(new Breach(e.occurredAt(), e.rule(), e.channel(),
                    e.agentId()))));
        } else if (event instanceof PromiseRecorded e) {
            updates.add(Updates.push("promises", promise(new Promise(e.promiseId(), e.dueDate(),
                    e.amount().amountMinor(), null, null))));
        } else if (event instanceof PromiseKept e) {
            decided(updates, condition, e.promiseId(), "KEPT", e.keptOn());
        } else if (event instanceof PromiseBroken e) {
            decided(updates, condition, e.promiseId(), "BROKEN", e.dueDate());
        }
        StageMoves before = stages(head);
        StageMoves moved = before.after(event, recordedAt);
        if (!moved.equals(before)) {
            List<Document> moves = stages(moved);
            String writtenOffOn = text(moved.writtenOffOn());
            updates.add(Updates.set("stages", moves));
            updates.add(Updates.set("writtenOffOn", writtenOffOn));
            after.append("stages", moves).append("writtenOffOn", writtenOffOn);
        }
        return new Change(condition, Updates.combine(updates), after, payment);
    }

    /**
     * An update of one account's document, its {@link #HEAD} as the update leaves it, and what the
     * event writes to one of its payments' documents.
     *
     * @param condition what the document must hold besides its {@code _id}: a last sequence before the
     *                  event's, and the waiver or promise whose field a positional {@code $} sets
     * @param payment   null for an event that changes no payment
     */
    record Change(Document condition, Bson update, Document head, PaymentWrite payment) {
    }

    /** A write of a payment's document: each one by its {@code _id}, and the same when made again. */
    sealed interface PaymentWrite permits PaymentStored, PaymentReallocation, PaymentRemoved {
    }

    /** A recorded payment's document, written whole. */
    record PaymentStored(Document document) implements PaymentWrite {
    }

    /** The new allocation of the payment's document {@code id}, if it has one. */
    record PaymentReallocation(String id, Bson update) implements PaymentWrite {
    }

    /** A reversed payment's document, removed. */
    record PaymentRemoved(String id) implements PaymentWrite {
    }

    private static void decided(List<Bson> updates, Document condition, String promiseId, String outcome,
                                LocalDate on) {
        updates.add(Updates.set("promises.$.outcome", outcome));
        updates.add(Updates.set("promises.$.decidedOn", on.toString()));
        condition.append("promises.promiseId", promiseId);
    }

    /**
     * The account of document {@code d} with the documents of its {@code payments}, and any payments
     * {@code d} lists itself (a document of an older form).
     */
    static ReportAccount fromDocuments(Document d, List<Document> payments) {
        List<BalanceHistory.Span> penalty = new ArrayList<>(d.getList("penalty", Document.class).stream()
                .map(ReportAccount::span).toList());
        Document last = d.get("penaltyLast", Document.class);
        if (last != null) {
            penalty.add(span(last));
        }
        Map<String, BalanceHistory.Payment> paid = new LinkedHashMap<>();
        for (Document p : d.getList("payments", Document.class, List.of())) {
            paid.put(p.getString("paymentId"), payment(p));
        }
        for (Document p : payments) {
            paid.put(p.getString("paymentId"), payment(p));
        }
        Map<String, BalanceHistory.Waiver> waivers = new LinkedHashMap<>();
        for (Document w : d.getList("waivers", Document.class)) {
            waivers.put(w.getString("waiverId"), new BalanceHistory.Waiver(
                    CanonicalDates.parse(w.getString("effectiveDate")), Component.valueOf(w.getString("component")),
                    w.getLong("amountMinor")));
        }
        BalanceHistory history = new BalanceHistory(CanonicalDates.parse(d.getString("start")),
                balance(d.get("opening", Document.class)), penalty, paid, waivers);
        return new ReportAccount(d.getString("_id"), d.getLong("lastSequence"), d.getString("product"),
                d.getString("currency"), CanonicalDates.parse(d.getString("dueDate")), history,
                stages(d),
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

    private static StageMoves stages(Document d) {
        return new StageMoves(d.getList("stages", Document.class).stream().map(m -> new StageMoves.Move(
                date(m.getString("on")), instant(m.getString("at")), Stage.valueOf(m.getString("stage")))).toList(),
                date(d.getString("writtenOffOn")));
    }

    private static List<Document> stages(StageMoves stages) {
        return stages.moves().stream().map(m -> new Document("on", text(m.on())).append("at", text(m.at()))
                .append("stage", m.stage().name())).toList();
    }

    private static Document span(BalanceHistory.Span s) {
        return new Document("from", s.from().toString()).append("to", s.to().toString()).append("days", s.days())
                .append("dailyMinor", s.dailyMinor()).append("amountMinor", s.amountMinor());
    }

    private static BalanceHistory.Span span(Document s) {
        return new BalanceHistory.Span(CanonicalDates.parse(s.getString("from")),
                CanonicalDates.parse(s.getString("to")), s.getInteger("days"), s.getLong("dailyMinor"),
                s.getLong("amountMinor"));
    }

    private static Document paymentDocument(String accountId, String id, BalanceHistory.Payment p) {
        return new Document("_id", paymentDocumentId(accountId, id)).append(ACCOUNT, accountId)
                .append("paymentId", id).append("valueDate", p.valueDate().toString())
                .append("channel", p.channel()).append("amountMinor", p.amountMinor())
                .append("allocation", allocation(p.allocation())).append("recovery", p.recovery());
    }

    private static BalanceHistory.Payment payment(Document p) {
        return new BalanceHistory.Payment(CanonicalDates.parse(p.getString("valueDate")), p.getString("channel"),
                p.getLong("amountMinor"), allocation(p.get("allocation", Document.class)), p.getBoolean("recovery"));
    }

    private static Document waiver(String id, BalanceHistory.Waiver w) {
        return new Document("waiverId", id).append("effectiveDate", w.effectiveDate().toString())
                .append("component", w.component().name()).append("amountMinor", w.amountMinor());
    }

    private static Document contact(Contact c) {
        return new Document("at", c.at().toString()).append("channel", c.channel().name())
                .append("direction", c.direction().name()).append("outcome", c.outcome().name())
                .append("agentId", c.agentId());
    }

    private static Document promise(Promise p) {
        return new Document("promiseId", p.promiseId()).append("dueDate", p.dueDate().toString())
                .append("amountMinor", p.amountMinor()).append("outcome", p.outcome())
                .append("decidedOn", text(p.decidedOn()));
    }

    private static Document breach(Breach b) {
        return new Document("at", b.at().toString()).append("rule", b.rule()).append("channel", b.channel().name())
                .append("agentId", b.agentId());
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
