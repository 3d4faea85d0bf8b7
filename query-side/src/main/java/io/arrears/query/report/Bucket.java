package io.arrears.query.report;

/** Days past due in the buckets of the aging report: 0, 1–30, 31–60, 61–90 and over 90. */
public enum Bucket {
    CURRENT("0"), DPD_1_30("1-30"), DPD_31_60("31-60"), DPD_61_90("61-90"), DPD_90_PLUS("90+");

    private final String label;

    Bucket(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Bucket of(long dpd) {
        if (dpd <= 0) {
            return CURRENT;
        }
        if (dpd <= 30) {
            return DPD_1_30;
        }
        if (dpd <= 60) {
            return DPD_31_60;
        }
        return dpd <= 90 ? DPD_61_90 : DPD_90_PLUS;
    }
}
