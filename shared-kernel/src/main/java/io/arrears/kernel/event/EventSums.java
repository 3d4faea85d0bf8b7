package io.arrears.kernel.event;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's balance as the sum of what its events say moved: the opening, plus penalty accrued
 * and adjusted, less each payment's latest allocation and each waiver's latest amount. It ignores
 * every {@code balanceAfter}, so reconciliation and tests use it to check them.
 */
public final class EventSums {

    private EventSums() {
    }

    public static Balance balanceOf(List<AccountEvent> events) {
        Map<Component, Long> owed = new EnumMap<>(Component.class);
        Map<String, Allocation> allocations = new HashMap<>();
        Map<String, Long> waived = new HashMap<>();
        Map<String, Component> waivedComponent = new HashMap<>();
        for (AccountEvent event : events) {
            if (event instanceof AccountOpened e) {
                for (Component c : Component.values()) {
                    owed.put(c, e.opening().of(c));
                }
            } else if (event instanceof PenaltyAccrued e) {
                owed.merge(Component.PENALTY, e.amountMinor(), Long::sum);
            } else if (event instanceof PenaltyAdjusted e) {
                owed.merge(Component.PENALTY, e.adjustmentMinor(), Long::sum);
            } else if (event instanceof PaymentRecorded e) {
                allocations.put(e.paymentId(), e.allocation());
            } else if (event instanceof PaymentReallocated e) {
                allocations.put(e.paymentId(), e.after());
            } else if (event instanceof PaymentReversed e) {
                allocations.remove(e.paymentId());
            } else if (event instanceof WaiverGranted e) {
                waived.put(e.waiverId(), e.amount().amountMinor());
                waivedComponent.put(e.waiverId(), e.component());
            } else if (event instanceof WaiverAdjusted e) {
                waived.put(e.waiverId(), e.waivedAfterMinor());
            }
        }
        long credit = 0;
        for (Allocation a : allocations.values()) {
            owed.merge(Component.PENALTY, -a.penaltyMinor(), Long::sum);
            owed.merge(Component.FEES, -a.feesMinor(), Long::sum);
            owed.merge(Component.INTEREST, -a.interestMinor(), Long::sum);
            owed.merge(Component.PRINCIPAL, -a.principalMinor(), Long::sum);
            credit += a.creditMinor();
        }
        waived.forEach((id, amount) -> owed.merge(waivedComponent.get(id), -amount, Long::sum));
        return new Balance(owed.get(Component.PRINCIPAL), owed.get(Component.INTEREST), owed.get(Component.FEES),
                owed.get(Component.PENALTY), credit);
    }
}
