package io.arrears.command.account;

import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.PlanInstalment;
import io.arrears.kernel.command.AgreePlan;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.InvalidField;
import io.arrears.kernel.rejection.RuleViolation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a command's input passes against the account as it stands and the ledger's calendar,
 * before anything is recorded. Each names the field it refuses, so that the answer says what to fix.
 *
 * @param currency     the account's currency: amounts are read in it
 * @param standing     the account's standing now
 * @param balancesAsOf the date of the opening balances: money dated on or before it is inside them
 * @param clock        the ledger's calendar
 */
record AccountChecks(String currency, AccountStanding standing, LocalDate balancesAsOf, LedgerClock clock) {

    /** How far in the future a contact's {@code occurredAt} may be, for clocks that disagree a little. */
    static final Duration CLOCK_SKEW_MAX = Duration.ofMinutes(5);

    /** {@code amount} read as money in the account's currency. */
    Money money(String field, String amount) {
        try {
            return Money.parse(amount, currency);
        } catch (IllegalArgumentException e) {
            throw new InvalidField(field, e.getMessage());
        }
    }

    /** A value date the ledger can post: not in the future, and after the opening balances. */
    void valueDate(String field, LocalDate date) {
        notFuture(field, date);
        if (!date.isAfter(balancesAsOf)) {
            throw new InvalidField(field, "must be after balancesAsOf " + balancesAsOf
                    + ": earlier money is already inside the opening balances");
        }
    }

    void notFuture(String field, LocalDate date) {
        LocalDate today = clock.today();
        if (date.isAfter(today)) {
            throw new InvalidField(field, "may not be in the future (today is " + today + ")");
        }
    }

    /** An instant something happened at, allowing for {@link #CLOCK_SKEW_MAX} of disagreement between clocks. */
    void happened(String field, Instant at) {
        if (at.isAfter(clock.now().plus(CLOCK_SKEW_MAX))) {
            throw new InvalidField(field, "may not be in the future");
        }
    }

    /** A due date from today on, after the last posted evening, so that its passing is always seen. */
    void ahead(String field, LocalDate dueDate) {
        if (dueDate.isBefore(clock.today()) || !dueDate.isAfter(standing.accruedThrough())) {
            throw new InvalidField(field, "must be today or later and after accruedThrough "
                    + standing.accruedThrough());
        }
    }

    /** An account still owing; else {@code rule} is broken, as "an account that is RESOLVED {@code why}". */
    void open(String rule, String why) {
        if (standing.status() != AccountStatus.OPEN) {
            throw new RuleViolation(rule, "an account that is " + standing.status() + " " + why);
        }
    }

    /** The instalments of a plan, their amounts read as money. */
    List<PlanInstalment> instalments(AgreePlan command) {
        List<PlanInstalment> instalments = new ArrayList<>();
        for (int i = 0; i < command.instalments().size(); i++) {
            AgreePlan.Instalment instalment = command.instalments().get(i);
            instalments.add(new PlanInstalment(instalment.dueDate(),
                    money("instalments[" + i + "].amount", instalment.amount()).amountMinor()));
        }
        return instalments;
    }
}
