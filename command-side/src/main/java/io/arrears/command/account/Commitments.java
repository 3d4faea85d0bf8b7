package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.PlanInstalment;
import io.arrears.kernel.command.AgreePlan;
import io.arrears.kernel.command.RecordPromise;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.InstalmentKept;
import io.arrears.kernel.event.InstalmentMissed;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PlanAgreed;
import io.arrears.kernel.event.PlanBroken;
import io.arrears.kernel.event.PlanCompleted;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseKept;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.RuleViolation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An account's promises to pay and repayment plans (docs/WORKFLOW.md): which are open, what the
 * payments since count towards them, and the events that keep, miss or break them. Folded from the
 * account's events ({@link #after}); the decisions ({@link #keptBy}, {@link #dueBy}) only return
 * events, which the account applies. A snapshot carries it.
 */
final class Commitments {

    /** A promise not yet kept or broken, and the payments that count towards it. */
    record OpenPromise(PromiseRecorded promise, Map<String, Long> countedMinor) {

        long paidMinor() {
            return countedMinor.values().stream().mapToLong(Long::longValue).sum();
        }

        OpenPromise counting(String paymentId, long amountMinor) {
            Map<String, Long> counted = new HashMap<>(countedMinor);
            counted.put(paymentId, amountMinor);
            return new OpenPromise(promise, Map.copyOf(counted));
        }

        OpenPromise uncounting(String paymentId) {
            Map<String, Long> counted = new HashMap<>(countedMinor);
            counted.remove(paymentId);
            return new OpenPromise(promise, Map.copyOf(counted));
        }
    }

    private final Map<String, PromiseRecorded> promises = new HashMap<>();
    private final Map<String, OpenPromise> openPromises = new HashMap<>();
    private final Map<String, PlanAgreed> plans = new HashMap<>();
    private PlanAgreed activePlan;
    private long planPaidMinor;
    private int instalmentsKept;
    private final Set<Integer> instalmentsMissed = new HashSet<>();
    /** Payments counted towards the running plan, so that a reversal uncounts them. */
    private final Map<String, Long> planPayments = new HashMap<>();

    /** Whether {@code command} repeats the promise recorded under its id; another promise under it is refused. */
    boolean repeats(RecordPromise command, Money amount) {
        PromiseRecorded earlier = promises.get(command.promiseId());
        return earlier != null && RetryAnswers.repeated(earlier.amount().equals(amount)
                        && earlier.dueDate().equals(command.dueDate()),
                "promise.id-reused", "promiseId " + command.promiseId() + " was already used for a different promise");
    }

    /** Whether {@code command}, with these instalments, repeats the plan agreed under its id. */
    boolean repeats(AgreePlan command, List<PlanInstalment> instalments) {
        PlanAgreed earlier = plans.get(command.planId());
        return earlier != null && RetryAnswers.repeated(earlier.kind() == command.kind()
                        && earlier.instalments().equals(instalments),
                "plan.id-reused", "planId " + command.planId() + " was already used for another plan");
    }

    /** A plan agreed, when none is running: one plan at a time. */
    PlanAgreed agreed(AccountId accountId, AgreePlan command, List<PlanInstalment> instalments, int graceDays,
                      LocalDate today) {
        if (activePlan != null) {
            throw new RuleViolation("plan.already-active", "plan " + activePlan.planId()
                    + " is still running; it must complete or break before another is agreed");
        }
        return new PlanAgreed(accountId, command.planId(), command.kind(), instalments, graceDays, today);
    }

    /** Folds an event of the account; events of no promise, plan or payment change nothing. */
    void after(AccountEvent event) {
        if (event instanceof PaymentRecorded e) {
            long amountMinor = e.amount().amountMinor();
            // A payment counts towards the promises due on or after its value date.
            openPromises.replaceAll((id, p) -> e.valueDate().isAfter(p.promise().dueDate()) ? p
                    : p.counting(e.paymentId(), amountMinor));
            if (activePlan != null) {
                planPaidMinor += amountMinor;
                planPayments.put(e.paymentId(), amountMinor);
            }
        } else if (event instanceof PaymentReversed e) {
            openPromises.replaceAll((id, p) -> p.uncounting(e.paymentId()));
            Long planCountedMinor = planPayments.remove(e.paymentId());
            if (planCountedMinor != null) {
                planPaidMinor -= planCountedMinor;
            }
        } else if (event instanceof PromiseRecorded e) {
            promises.put(e.promiseId(), e);
            openPromises.put(e.promiseId(), new OpenPromise(e, Map.of()));
        } else if (event instanceof PromiseKept e) {
            openPromises.remove(e.promiseId());
        } else if (event instanceof PromiseBroken e) {
            openPromises.remove(e.promiseId());
        } else if (event instanceof PlanAgreed e) {
            plans.put(e.planId(), e);
            activePlan = e;
            planPaidMinor = 0;
            planPayments.clear();
            instalmentsKept = 0;
            instalmentsMissed.clear();
        } else if (event instanceof InstalmentKept e) {
            instalmentsKept = e.index() + 1;
        } else if (event instanceof InstalmentMissed e) {
            instalmentsMissed.add(e.index());
        } else if (event instanceof PlanBroken || event instanceof PlanCompleted) {
            activePlan = null;
        }
    }

    /**
     * After a payment value-dated {@code valueDate} (already folded, so it counts): the promises it
     * completed, the instalments it covered, and the plan if that was its last.
     */
    List<AccountEvent> keptBy(AccountId accountId, LocalDate valueDate) {
        List<AccountEvent> events = new ArrayList<>();
        openPromises.values().stream()
                .filter(p -> p.paidMinor() >= p.promise().amount().amountMinor())
                .sorted(Comparator.comparing(p -> p.promise().promiseId()))
                .forEach(p -> events.add(new PromiseKept(accountId, p.promise().promiseId(), valueDate,
                        p.paidMinor())));
        if (activePlan == null) {
            return events;
        }
        List<PlanInstalment> instalments = activePlan.instalments();
        int kept = instalmentsKept;
        long coveredMinor = 0;
        for (int i = 0; i < instalments.size(); i++) {
            coveredMinor += instalments.get(i).amountMinor();
            if (i >= kept && planPaidMinor >= coveredMinor) {
                events.add(new InstalmentKept(accountId, activePlan.planId(), i, valueDate,
                        valueDate.isAfter(instalments.get(i).dueDate())));
                kept = i + 1;
            }
        }
        if (kept == instalments.size()) {
            events.add(new PlanCompleted(accountId, activePlan.planId()));
        }
        return events;
    }

    /**
     * Once the evening of {@code through} is posted: the promises due by then that payments did not
     * complete are broken (earliest first), the instalments due and not covered are missed, and a
     * plan whose missed instalment is past its grace days is broken.
     */
    List<AccountEvent> dueBy(AccountId accountId, LocalDate through) {
        List<AccountEvent> events = new ArrayList<>();
        openPromises.values().stream()
                .filter(p -> !p.promise().dueDate().isAfter(through))
                .sorted(Comparator.comparing((OpenPromise p) -> p.promise().dueDate())
                        .thenComparing(p -> p.promise().promiseId()))
                .forEach(p -> events.add(new PromiseBroken(accountId, p.promise().promiseId(),
                        p.promise().dueDate(), p.paidMinor())));
        if (activePlan == null) {
            return events;
        }
        List<PlanInstalment> instalments = activePlan.instalments();
        for (int i = instalmentsKept; i < instalments.size(); i++) {
            LocalDate dueDate = instalments.get(i).dueDate();
            if (dueDate.isAfter(through)) {
                break;
            }
            if (!instalmentsMissed.contains(i)) {
                events.add(new InstalmentMissed(accountId, activePlan.planId(), i, dueDate));
            }
            LocalDate graceEnds = dueDate.plusDays(activePlan.graceDays());
            if (!graceEnds.isAfter(through)) {
                events.add(new PlanBroken(accountId, activePlan.planId(), i, graceEnds));
                break;
            }
        }
        return events;
    }
}
