package io.arrears.kernel.money;

/** Integer division rounded half to even, the one rounding the ledger uses (docs/DESIGN.md §3). */
public final class HalfEven {

    private HalfEven() {
    }

    /** Rounds {@code numerator / denominator} half to even; both must be non-negative. */
    public static long divide(long numerator, long denominator) {
        if (numerator < 0 || denominator <= 0) {
            throw new IllegalArgumentException("half-even division needs numerator >= 0 and denominator > 0");
        }
        long quotient = numerator / denominator;
        long twiceRemainder = 2 * (numerator % denominator);
        if (twiceRemainder > denominator || (twiceRemainder == denominator && (quotient & 1) == 1)) {
            return quotient + 1;
        }
        return quotient;
    }
}
