package io.arrears.query.penalty;

import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's penalty explained: the opening penalty, every accrual segment and adjustment, and
 * the penalty part of every payment and penalty waiver as it stands now, each with the position of
 * the event that posted it. {@code balanceMinor} is their sum, to the cent.
 */
public record PenaltyStatement(String accountId, String currency, long openingMinor, List<Accrual> accruals,
                               List<Adjustment> adjustments, List<Payment> payments, List<Waiver> waivers,
                               long accruedMinor, long adjustedMinor, long paidMinor, long waivedMinor,
                               long balanceMinor, long lastPosition) {

    public record Accrual(String from, String to, long baseMinor, int rateBps, int days, long dailyAmountMinor,
                          long amountMinor, long position) {
    }

    public record Adjustment(String cause, long amountMinor, List<Document> corrections, long position) {
    }

    /** A change to a payment's or waiver's penalty after it was posted. */
    public record Change(String cause, long beforeMinor, long afterMinor, long position) {
    }

    public record Payment(String paymentId, String valueDate, boolean recovery, long penaltyMinor, boolean reversed,
                          long position, List<Change> changes) {
    }

    public record Waiver(String waiverId, String effectiveDate, long amountMinor, long position,
                         List<Change> changes) {
    }

    static final class Builder {

        private final String accountId;
        private String currency;
        private long openingMinor;
        private final List<Accrual> accruals = new ArrayList<>();
        private final List<Adjustment> adjustments = new ArrayList<>();
        private final Map<String, Payment> payments = new LinkedHashMap<>();
        private final Map<String, Waiver> waivers = new LinkedHashMap<>();
        private long lastPosition = -1;

        Builder(String accountId) {
            this.accountId = accountId;
        }

        String currency() {
            return currency;
        }

        void add(Document entry) {
            long position = ((Number) entry.get("position")).longValue();
            long amountMinor = ((Number) entry.get("amountMinor")).longValue();
            lastPosition = Math.max(lastPosition, position);
            switch (entry.getString("kind")) {
                case "OPENING" -> {
                    currency = entry.getString("currency");
                    openingMinor = amountMinor;
                }
                case "ACCRUAL" -> {
                    for (Document segment : entry.getList("segments", Document.class)) {
                        accruals.add(new Accrual(segment.getString("from"), segment.getString("to"),
                                number(segment, "baseMinor"), (int) number(segment, "rateBps"),
                                (int) number(segment, "days"), number(segment, "dailyAmountMinor"),
                                number(segment, "amountMinor"), position));
                    }
                }
                case "ADJUSTMENT" -> adjustments.add(new Adjustment(entry.getString("cause"), amountMinor,
                        entry.getList("corrections", Document.class), position));
                case "PAYMENT" -> payments.put(entry.getString("paymentId"), new Payment(entry.getString("paymentId"),
                        entry.getString("valueDate"), entry.getBoolean("recovery"), amountMinor, false, position,
                        List.of()));
                case "REALLOCATION" -> payments.computeIfPresent(entry.getString("paymentId"), (id, p) ->
                        new Payment(id, p.valueDate(), p.recovery(), amountMinor, p.reversed(), p.position(),
                                with(p.changes(), new Change(entry.getString("cause"), number(entry, "beforeMinor"),
                                        amountMinor, position))));
                case "REVERSAL" -> payments.computeIfPresent(entry.getString("paymentId"), (id, p) ->
                        new Payment(id, p.valueDate(), p.recovery(), 0, true, p.position(),
                                with(p.changes(), new Change("PaymentReversed:" + id, amountMinor, 0, position))));
                case "WAIVER" -> waivers.put(entry.getString("waiverId"), new Waiver(entry.getString("waiverId"),
                        entry.getString("effectiveDate"), amountMinor, position, List.of()));
                case "WAIVER_ADJUSTMENT" -> waivers.computeIfPresent(entry.getString("waiverId"), (id, w) ->
                        new Waiver(id, w.effectiveDate(), amountMinor, w.position(),
                                with(w.changes(), new Change(entry.getString("cause"), number(entry, "beforeMinor"),
                                        amountMinor, position))));
                default -> throw new IllegalStateException("unknown penalty ledger entry " + entry.getString("kind"));
            }
        }

        PenaltyStatement build() {
            long accrued = accruals.stream().mapToLong(Accrual::amountMinor).sum();
            long adjusted = adjustments.stream().mapToLong(Adjustment::amountMinor).sum();
            long paid = payments.values().stream().mapToLong(Payment::penaltyMinor).sum();
            long waived = waivers.values().stream().mapToLong(Waiver::amountMinor).sum();
            long balance = openingMinor + accrued + adjusted - paid - waived;
            return new PenaltyStatement(accountId, currency, openingMinor, List.copyOf(accruals),
                    List.copyOf(adjustments), List.copyOf(payments.values()), List.copyOf(waivers.values()),
                    accrued, adjusted, paid, waived, balance, lastPosition);
        }

        private static long number(Document document, String key) {
            return ((Number) document.get(key)).longValue();
        }

        private static <T> List<T> with(List<T> list, T element) {
            List<T> copy = new ArrayList<>(list);
            copy.add(element);
            return List.copyOf(copy);
        }
    }
}
