package io.arrears.kernel.command;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.account.PlanKind;
import io.arrears.kernel.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** The borrower agreed a repayment plan. Idempotent on {@code planId}. */
public record AgreePlan(@TargetAggregateIdentifier AccountId accountId, String planId, PlanKind kind,
                        List<Instalment> instalments) implements AccountCommand {

    public static final int INSTALMENTS_MAX = 120;

    /** An instalment as sent: its amount is decimal text the account parses in its currency. */
    public record Instalment(LocalDate dueDate, String amount) {

        public Instalment {
            Objects.requireNonNull(dueDate, "dueDate");
            if (!Money.isPositiveDecimal(amount)) {
                throw new IllegalArgumentException("an instalment amount is a positive decimal string");
            }
        }
    }

    public AgreePlan {
        Objects.requireNonNull(accountId, "accountId");
        Identifiers.require("planId", planId);
        Objects.requireNonNull(kind, "kind");
        instalments = List.copyOf(instalments);
        if (instalments.isEmpty() || instalments.size() > INSTALMENTS_MAX) {
            throw new IllegalArgumentException("a plan has 1 to " + INSTALMENTS_MAX + " instalments");
        }
        if (kind != PlanKind.INSTALMENTS && instalments.size() != 1) {
            throw new IllegalArgumentException(kind + " is a single payment: one instalment");
        }
        if (kind == PlanKind.INSTALMENTS && instalments.size() < 2) {
            throw new IllegalArgumentException("an INSTALMENTS plan has at least two instalments");
        }
        for (int i = 1; i < instalments.size(); i++) {
            if (!instalments.get(i).dueDate().isAfter(instalments.get(i - 1).dueDate())) {
                throw new IllegalArgumentException("instalment due dates must increase");
            }
        }
    }
}
