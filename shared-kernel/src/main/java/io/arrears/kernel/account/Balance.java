package io.arrears.kernel.account;

/**
 * An account's balance by component, in minor units of the account currency. Every component is
 * non-negative; CREDIT is money received beyond everything owed.
 */
public record Balance(long principalMinor, long interestMinor, long feesMinor, long penaltyMinor, long creditMinor) {

    public static final Balance ZERO = new Balance(0, 0, 0, 0, 0);

    public Balance {
        if (principalMinor < 0 || interestMinor < 0 || feesMinor < 0 || penaltyMinor < 0 || creditMinor < 0) {
            throw new IllegalArgumentException("balance components are never negative");
        }
    }

    public long of(Component component) {
        return switch (component) {
            case PENALTY -> penaltyMinor;
            case FEES -> feesMinor;
            case INTEREST -> interestMinor;
            case PRINCIPAL -> principalMinor;
        };
    }

    public Balance with(Component component, long amountMinor) {
        return switch (component) {
            case PENALTY -> new Balance(principalMinor, interestMinor, feesMinor, amountMinor, creditMinor);
            case FEES -> new Balance(principalMinor, interestMinor, amountMinor, penaltyMinor, creditMinor);
            case INTEREST -> new Balance(principalMinor, amountMinor, feesMinor, penaltyMinor, creditMinor);
            case PRINCIPAL -> new Balance(amountMinor, interestMinor, feesMinor, penaltyMinor, creditMinor);
        };
    }

    public Balance withCredit(long amountMinor) {
        return new Balance(principalMinor, interestMinor, feesMinor, penaltyMinor, amountMinor);
    }

    /** Everything owed: principal, interest, fees and penalty. Credit is not netted against it. */
    public long owedMinor() {
        return Math.addExact(Math.addExact(principalMinor, interestMinor), Math.addExact(feesMinor, penaltyMinor));
    }

    public boolean isSettled() {
        return owedMinor() == 0;
    }
}
