package io.arrears.kernel.account;

/**
 * Collection stages in the order an account moves through them. Automatic evaluation by days past
 * due (docs/DESIGN.md §3) only ever moves an account to a later stage.
 */
public enum Stage {
    PREPARATION, EARLY, MIDDLE, LATE, LEGAL, WRITTEN_OFF, RESOLVED;

    public boolean isAfter(Stage other) {
        return ordinal() > other.ordinal();
    }

    /** The stage days past due alone would put an account in: 0 PREPARATION, 1–30 EARLY, 31–60 MIDDLE, 61+ LATE. */
    public static Stage forDaysPastDue(long dpd) {
        if (dpd <= 0) {
            return PREPARATION;
        }
        if (dpd <= 30) {
            return EARLY;
        }
        if (dpd <= 60) {
            return MIDDLE;
        }
        return LATE;
    }

    /** Stages that DPD evaluation may still move forward; a manual or terminal stage stays put. */
    public boolean isDpdDriven() {
        return ordinal() <= LATE.ordinal();
    }
}
