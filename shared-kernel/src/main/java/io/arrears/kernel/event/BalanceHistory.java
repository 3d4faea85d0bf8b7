package io.arrears.kernel.event;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An account's balance at the end of any value date, with what is known now: the opening, plus the
 * penalty of each evening posted (corrections included), less the latest allocation of each payment
 * and the latest amount of each waiver dated on or before that date. Like {@link EventSums} it
 * ignores every {@code balanceAfter}; reports read it to age a portfolio as of a past date.
 *
 * <p>Penalty is kept as spans of evenings with one amount a day, so a nightly accrual extends the
 * last span rather than adding one.
 */
public final class BalanceHistory {

    /**
     * Consecutive evenings, {@code dailyMinor} each; {@code amountMinor} is their sum, less when a
     * cap cut the last evening short. Negative for a correction that took penalty back.
     */
    public record Span(LocalDate from, LocalDate to, int days, long dailyMinor, long amountMinor) {

        /** The penalty of this span's evenings on or before {@code date}. */
        long through(LocalDate date) {
            long evenings = ChronoUnit.DAYS.between(from, date) + 1;
            if (evenings <= 0) {
                return 0;
            }
            return evenings >= days ? amountMinor : dailyMinor * evenings;
        }

        /**
         * This span and {@code next} as one, when {@code next} starts the evening after this one ends
         * with the same whole amount a day; null when they stay two.
         */
        public Span followedBy(Span next) {
            if (to.plusDays(1).equals(next.from()) && dailyMinor == next.dailyMinor() && isWhole() && next.isWhole()) {
                return new Span(from, next.to(), days + next.days(), dailyMinor, amountMinor + next.amountMinor());
            }
            return null;
        }

        boolean isWhole() {
            return amountMinor == dailyMinor * days;
        }
    }

    /** A payment as it stands now: its latest allocation, and what it was for the reports. */
    public record Payment(LocalDate valueDate, String channel, long amountMinor, Allocation allocation,
                          boolean recovery) {

        public static Payment of(PaymentRecorded event) {
            return new Payment(event.valueDate(), event.channel(), event.amount().amountMinor(), event.allocation(),
                    event.recovery());
        }
    }

    /** A waiver as it stands now: what it forgives after its latest adjustment. */
    public record Waiver(LocalDate effectiveDate, Component component, long amountMinor) {

        public static Waiver of(WaiverGranted event) {
            return new Waiver(event.effectiveDate(), event.component(), event.amount().amountMinor());
        }
    }

    private final LocalDate start;
    private final Balance opening;
    private final List<Span> penalty;
    private final Map<String, Payment> payments;
    private final Map<String, Waiver> waivers;

    public BalanceHistory(LocalDate start, Balance opening, List<Span> penalty, Map<String, Payment> payments,
                          Map<String, Waiver> waivers) {
        this.start = Objects.requireNonNull(start, "start");
        this.opening = Objects.requireNonNull(opening, "opening");
        this.penalty = new ArrayList<>(penalty);
        this.payments = new LinkedHashMap<>(payments);
        this.waivers = new LinkedHashMap<>(waivers);
    }

    public static BalanceHistory opened(AccountOpened event) {
        return new BalanceHistory(event.balancesAsOf(), event.opening(), List.of(), Map.of(), Map.of());
    }

    /** The history of an account from all its events, the opening first. */
    public static BalanceHistory of(List<AccountEvent> events) {
        if (events.isEmpty() || !(events.get(0) instanceof AccountOpened opened)) {
            throw new IllegalArgumentException("an account's events start with its opening");
        }
        BalanceHistory history = opened(opened);
        events.forEach(history::apply);
        return history;
    }

    /** Takes in an event of the account; events that move no balance change nothing. */
    public void apply(AccountEvent event) {
        spansOf(event).forEach(this::extend);
        if (event instanceof PaymentRecorded e) {
            payments.put(e.paymentId(), Payment.of(e));
        } else if (event instanceof PaymentReallocated e) {
            payments.computeIfPresent(e.paymentId(), (id, p) -> new Payment(p.valueDate(), p.channel(),
                    p.amountMinor(), e.after(), p.recovery()));
        } else if (event instanceof PaymentReversed e) {
            payments.remove(e.paymentId());
        } else if (event instanceof WaiverGranted e) {
            waivers.put(e.waiverId(), Waiver.of(e));
        } else if (event instanceof WaiverAdjusted e) {
            waivers.computeIfPresent(e.waiverId(), (id, w) -> new Waiver(w.effectiveDate(), w.component(),
                    e.waivedAfterMinor()));
        }
    }

    /**
     * The evenings of penalty an event posts (accruals) or corrects (adjustments), in order; none for
     * the others. Each extends the last span when {@link Span#followedBy} joins them.
     */
    public static List<Span> spansOf(AccountEvent event) {
        if (event instanceof PenaltyAccrued e) {
            return e.segments().stream().map(s -> new Span(s.from(), s.to(), s.days(), s.dailyAmountMinor(),
                    s.amountMinor())).toList();
        }
        if (event instanceof PenaltyAdjusted e) {
            return e.corrections().stream().map(c -> new Span(c.from(), c.to(), c.days(),
                    c.differenceMinor() / c.days(), c.differenceMinor())).toList();
        }
        return List.of();
    }

    private void extend(Span span) {
        Span joined = penalty.isEmpty() ? null : penalty.get(penalty.size() - 1).followedBy(span);
        if (joined != null) {
            penalty.set(penalty.size() - 1, joined);
        } else {
            penalty.add(span);
        }
    }

    /** The balance at the end of {@code date}: after its payments and waivers, and its evening. */
    public Balance on(LocalDate date) {
        if (date.isBefore(start)) {
            throw new IllegalArgumentException("the account's balances start at the end of " + start);
        }
        Map<Component, Long> owed = new EnumMap<>(Component.class);
        for (Component c : Component.values()) {
            owed.put(c, opening.of(c));
        }
        for (Span span : penalty) {
            owed.merge(Component.PENALTY, span.through(date), Math::addExact);
        }
        long credit = opening.creditMinor();
        for (Payment p : payments.values()) {
            if (!p.valueDate().isAfter(date)) {
                Allocation a = p.allocation();
                owed.merge(Component.PENALTY, -a.penaltyMinor(), Math::addExact);
                owed.merge(Component.FEES, -a.feesMinor(), Math::addExact);
                owed.merge(Component.INTEREST, -a.interestMinor(), Math::addExact);
                owed.merge(Component.PRINCIPAL, -a.principalMinor(), Math::addExact);
                credit = Math.addExact(credit, a.creditMinor());
            }
        }
        for (Waiver w : waivers.values()) {
            if (!w.effectiveDate().isAfter(date)) {
                owed.merge(w.component(), -w.amountMinor(), Math::addExact);
            }
        }
        return new Balance(owed.get(Component.PRINCIPAL), owed.get(Component.INTEREST), owed.get(Component.FEES),
                owed.get(Component.PENALTY), credit);
    }

    public LocalDate start() {
        return start;
    }

    public Balance opening() {
        return opening;
    }

    public List<Span> penalty() {
        return Collections.unmodifiableList(penalty);
    }

    public Map<String, Payment> payments() {
        return Collections.unmodifiableMap(payments);
    }

    public Map<String, Waiver> waivers() {
        return Collections.unmodifiableMap(waivers);
    }
}
