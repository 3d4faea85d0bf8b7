package io.arrears.kernel.api;

import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.money.Money;

/** How a payment was allocated, as the HTTP API shows it. */
public record AllocationJson(String penalty, String fees, String interest, String principal, String credit) {

    public static AllocationJson of(Allocation allocation, String currency) {
        return new AllocationJson(Money.format(allocation.penaltyMinor(), currency),
                Money.format(allocation.feesMinor(), currency), Money.format(allocation.interestMinor(), currency),
                Money.format(allocation.principalMinor(), currency), Money.format(allocation.creditMinor(), currency));
    }
}
