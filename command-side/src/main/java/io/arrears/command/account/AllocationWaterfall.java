package io.arrears.command.account;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Pays a payment into the owed components in the order of the account's waterfall; whatever is
 * left over becomes refundable credit (docs/DESIGN.md §3).
 */
public final class AllocationWaterfall {

    private AllocationWaterfall() {
    }

    public record Allocated(Allocation allocation, Balance balanceAfter) {
    }

    public static Allocated allocate(Balance before, long amountMinor, List<Component> waterfall) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("only a positive amount can be allocated");
        }
        Map<Component, Long> paid = new EnumMap<>(Component.class);
        Balance after = before;
        long remainingMinor = amountMinor;
        for (Component component : waterfall) {
            long portionMinor = Math.min(remainingMinor, after.of(component));
            paid.put(component, portionMinor);
            after = after.with(component, after.of(component) - portionMinor);
            remainingMinor -= portionMinor;
        }
        after = after.withCredit(Math.addExact(after.creditMinor(), remainingMinor));
        Allocation allocation = new Allocation(paid.getOrDefault(Component.PENALTY, 0L),
                paid.getOrDefault(Component.FEES, 0L), paid.getOrDefault(Component.INTEREST, 0L),
                paid.getOrDefault(Component.PRINCIPAL, 0L), remainingMinor);
        assert allocation.totalMinor() == amountMinor : "an allocation adds up to the payment";
        return new Allocated(allocation, after);
    }
}
