package io.arrears.kernel.event;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.PlanInstalment;
import io.arrears.kernel.account.PlanKind;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * A repayment plan: payments recorded from now on count towards its instalments in order. An
 * instalment not covered by its due date is missed; still not covered {@code graceDays} later, the
 * plan is broken.
 */
@Revision("1")
public record PlanAgreed(AccountId accountId, String planId, PlanKind kind, List<PlanInstalment> instalments,
                         int graceDays, LocalDate agreedOn) implements AccountEvent {

    public PlanAgreed {
        instalments = List.copyOf(instalments);
    }
}
