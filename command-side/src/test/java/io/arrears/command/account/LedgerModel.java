package io.arrears.command.account;

import io.arrears.kernel.account.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docs/DESIGN.md §3 written as plainly as possible, to check the ledger against: one date at a time,
 * components in a map, rounding with BigDecimal, no shortcuts and nothing shared with the
 * production timeline beyond the rules themselves.
 */
final class LedgerModel {

    record Payment(String id, long amount, LocalDate date) {
    }

    record Waiver(String id, Component component, long amount, LocalDate date) {
    }

    static final class Dispute {
        final String id;
        final LocalDate raisedOn;
        LocalDate resolvedOn;

        Dispute(String id, LocalDate raisedOn) {
            this.id = id;
            this.raisedOn = raisedOn;
        }
    }

    /** The ledger as of an evening: what is owed by component, credit, and what each fact did. */
    record Result(Map<Component, Long> owed, long credit, Map<String, Map<Component, Long>> paid,
                  Map<String, Long> waived) {

        long owedTotal() {
            return owed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    final LocalDate due;
    final LocalDate balancesAsOf;
    final Map<Component, Long> opening;
    final int rateBps;
    final int graceDays;
    final boolean onInterestToo;
    final Integer capBps;
    final List<Component> waterfall;
    final List<Payment> payments = new ArrayList<>();
    final List<Waiver> waivers = new ArrayList<>();
    final List<Dispute> disputes = new ArrayList<>();
    LocalDate writtenOffOn;
    LocalDate accruedThrough;

    LedgerModel(LocalDate due, LocalDate balancesAsOf, Map<Component, Long> opening, int rateBps, int graceDays,
                boolean onInterestToo, Integer capBps, List<Component> waterfall) {
        this.due = due;
        this.balancesAsOf = balancesAsOf;
        this.opening = new EnumMap<>(opening);
        this.rateBps = rateBps;
        this.graceDays = graceDays;
        this.onInterestToo = onInterestToo;
        this.capBps = capBps;
        this.waterfall = waterfall;
        this.accruedThrough = balancesAsOf;
    }

    Result run() {
        return run(accruedThrough);
    }

    Result run(LocalDate evenings) {
        Map<Component, Long> owed = new EnumMap<>(opening);
        long credit = 0;
        long accrued = 0;
        long cap = capBps == null ? Long.MAX_VALUE
                : BigDecimal.valueOf(opening.get(Component.PRINCIPAL)).multiply(BigDecimal.valueOf(capBps))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.FLOOR).longValueExact();
        Map<String, Map<Component, Long>> paid = new LinkedHashMap<>();
        Map<String, Long> waived = new LinkedHashMap<>();
        LocalDate last = evenings;
        for (Payment p : payments) {
            last = p.date().isAfter(last) ? p.date() : last;
        }
        for (Waiver w : waivers) {
            last = w.date().isAfter(last) ? w.date() : last;
        }
        for (LocalDate day = balancesAsOf.plusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (Payment p : payments) {
                if (!p.date().equals(day)) {
                    continue;
                }
                long left = p.amount();
                Map<Component, Long> parts = new EnumMap<>(Component.class);
                for (Component c : waterfall) {
                    long part = Math.min(left, owed.get(c));
                    owed.put(c, owed.get(c) - part);
                    parts.put(c, part);
                    left -= part;
                }
                credit += left;
                paid.put(p.id(), parts);
            }
            for (Waiver w : waivers) {
                if (w.date().equals(day)) {
                    long forgiven = Math.min(w.amount(), owed.get(w.component()));
                    owed.put(w.component(), owed.get(w.component()) - forgiven);
                    waived.put(w.id(), forgiven);
                }
            }
            if (day.isAfter(evenings)) {
                continue;
            }
            boolean frozen = writtenOffOn != null && !day.isBefore(writtenOffOn);
            for (Dispute d : disputes) {
                frozen |= !day.isBefore(d.raisedOn) && (d.resolvedOn == null || day.isBefore(d.resolvedOn));
            }
            if (day.isAfter(due.plusDays(graceDays)) && !frozen) {
                long base = owed.get(Component.PRINCIPAL) + (onInterestToo ? owed.get(Component.INTEREST) : 0);
                long daily = BigDecimal.valueOf(base).multiply(BigDecimal.valueOf(rateBps))
                        .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_EVEN).longValueExact();
                long amount = Math.min(daily, cap - accrued);
                owed.put(Component.PENALTY, owed.get(Component.PENALTY) + amount);
                accrued += amount;
            }
        }
        return new Result(owed, credit, paid, waived);
    }

    /** A fact dated after accruedThrough has the evenings before it posted first. */
    void factOn(LocalDate date) {
        if (date.minusDays(1).isAfter(accruedThrough)) {
            accruedThrough = date.minusDays(1);
        }
    }

    Dispute openDispute() {
        return disputes.stream().filter(d -> d.resolvedOn == null).findFirst().orElse(null);
    }
}
