package io.arrears.kernel.account;

import java.time.LocalDate;
import java.util.Objects;

/** One instalment of a repayment plan, in minor units of the account currency. */
public record PlanInstalment(LocalDate dueDate, long amountMinor) {

    public PlanInstalment {
        Objects.requireNonNull(dueDate, "dueDate");
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("an instalment is a positive amount");
        }
    }
}
