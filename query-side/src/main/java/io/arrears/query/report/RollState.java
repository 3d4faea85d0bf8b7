package io.arrears.query.report;

/**
 * Where an account is at a month end for roll rates: a DPD bucket while something is owed, PAID once
 * nothing is, WRITTEN_OFF once the loss is booked.
 */
public enum RollState {
    CURRENT("0"), DPD_1_30("1-30"), DPD_31_60("31-60"), DPD_61_90("61-90"), DPD_90_PLUS("90+"), PAID("paid"),
    WRITTEN_OFF("written-off");

    private final String label;

    RollState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static RollState of(Bucket bucket) {
        return switch (bucket) {
            case CURRENT -> CURRENT;
            case DPD_1_30 -> DPD_1_30;
            case DPD_31_60 -> DPD_31_60;
            case DPD_61_90 -> DPD_61_90;
            case DPD_90_PLUS -> DPD_90_PLUS;
        };
    }
}
