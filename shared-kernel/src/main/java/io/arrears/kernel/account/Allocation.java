package io.arrears.kernel.account;

/** How one payment was split across the components, in minor units; the parts add up to the payment. */
public record Allocation(long penaltyMinor, long feesMinor, long interestMinor, long principalMinor, long creditMinor) {

    public Allocation {
        if (penaltyMinor < 0 || feesMinor < 0 || interestMinor < 0 || principalMinor < 0 || creditMinor < 0) {
            throw new IllegalArgumentException("allocation parts are never negative");
        }
    }

    public long totalMinor() {
        return penaltyMinor + feesMinor + interestMinor + principalMinor + creditMinor;
    }
}
