package io.arrears.command.account;

import io.arrears.command.account.LedgerFacts.PaymentFact;
import io.arrears.command.account.LedgerFacts.WaiverFact;
import io.arrears.command.account.LedgerTimeline.Recomputation;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.PersonalDataVault;
import io.arrears.kernel.account.PlanInstalment;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.AgreePlan;
import io.arrears.kernel.command.CheckContactPermission;
import io.arrears.kernel.command.EraseBorrowerData;
import io.arrears.kernel.command.EscalateStage;
import io.arrears.kernel.command.GrantWaiver;
import io.arrears.kernel.command.LogContact;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.command.RaiseDispute;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.command.RecordPromise;
import io.arrears.kernel.command.ReportToCreditBureau;
import io.arrears.kernel.command.RequestCeaseContact;
import io.arrears.kernel.command.ResolveDispute;
import io.arrears.kernel.command.ReversePayment;
import io.arrears.kernel.command.TakeLegalAction;
import io.arrears.kernel.command.WriteOffAccount;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.BalancePosted;
import io.arrears.kernel.event.BorrowerDataErased;
import io.arrears.kernel.event.CeaseContactRequested;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.LegalActionTaken;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PlanAgreed;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.event.ReportedToCreditBureau;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.InvalidField;
import io.arrears.kernel.rejection.RuleViolation;
import io.arrears.kernel.rejection.UnknownReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.serialization.Revision;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One overdue account in collections. Command handlers decide and apply events; event sourcing
 * handlers only assign state.
 *
 * <p>The ledger is a pure function of the account's value-dated facts ({@link LedgerTimeline}).
 * A command that changes the facts computes the ledger with and without the change and posts the
 * difference: the fact itself, then, for a backdated fact, the payments it re-allocated, the
 * waivers it changed and the penalty it adjusted. The posted balance therefore always equals a
 * recomputation from the facts, and what the ledger believed before stays in the history.
 *
 * <p>The revision is the shape of the account's snapshots: a change to its fields is a new revision,
 * and a snapshot of another revision is never loaded (the account is replayed from its events).
 */
@Revision(CollectionAccount.SNAPSHOT_REVISION)
public class CollectionAccount {

    /**
     * The revision of the account's state as snapshots store it. 2: one {@link AccountStanding} in
     * place of the stage, status, stage before resolution and accruedThrough fields, and
     * {@link RetryAnswers}. 3: {@link Commitments} and {@link ContactRecord} hold the promises, plans
     * and contacts. 4: {@link RecordedFacts} holds the other facts.
     */
    public static final String SNAPSHOT_REVISION = "4";

    /** How far in the future a contact's {@code occurredAt} may be, for clocks that disagree a little. */
    static final Duration CONTACT_CLOCK_SKEW_MAX = Duration.ofMinutes(5);

    @AggregateIdentifier
    private AccountId accountId;
    private String currency;
    private LedgerFacts facts;
    private long accruedByLedgerMinor;
    private Balance balance;
    private AccountStanding standing;
    private final RecordedFacts recordedFacts = new RecordedFacts();
    private final ContactRecord contactRecord = new ContactRecord();
    private final Commitments commitments = new Commitments();
    private ZoneId borrowerZone;
    private String borrowerId;
    private final RetryAnswers answers = new RetryAnswers();

    protected CollectionAccount() {
        // For Axon: the aggregate is rebuilt from its events.
    }

    @CommandHandler
    public CollectionAccount(OpenAccount command, WorkflowPolicy workflow, PersonalDataVault vault) {
        if (command.opening().isSettled()) {
            throw new InvalidField("principal", "an account handed to collections must owe something");
        }
        long dpd = AccountStanding.daysPastDue(command.dueDate(), command.balancesAsOf(), command.opening());
        // Personal data is stored sealed with the borrower's key, so that erasing the key erases it.
        Borrower sealed = vault.seal(command.borrowerId(), command.borrower());
        apply(new AccountOpened(command.accountId(), command.borrowerId(), command.product(), command.currency(),
                command.dueDate(), command.balancesAsOf(), command.opening(), command.terms(), sealed,
                workflow.stageFor(dpd), dpd));
    }

    @CommandHandler
    public PaymentOutcome handle(RecordPayment command, LedgerClock clock, WorkflowPolicy workflow) {
        PaymentRecorded earlier = recordedFacts.payment(command.paymentId());
        if (earlier != null) {
            return repeatOf(command, earlier);
        }
        if (command.currency() != null && !command.currency().equals(currency)) {
            throw new InvalidField("currency", "must be the account currency " + currency);
        }
        Money amount = parse("amount", command.amount());
        LocalDate valueDate = command.valueDate();
        requireValueDate("valueDate", valueDate, clock);
        String paymentId = command.paymentId();
        LedgerFacts changed = facts.withPayment(new PaymentFact(paymentId, amount.amountMinor(), valueDate));
        post(changed, valueDate, "PaymentRecorded:" + paymentId, after -> { },
                (before, after) -> apply(new PaymentRecorded(accountId, paymentId, amount, valueDate,
                        command.channel(), after.allocation(paymentId), after.balance(), isRecovery(valueDate))),
                workflow);
        keepCommitments(valueDate);
        PaymentRecorded recorded = recordedFacts.payment(paymentId);
        return new PaymentOutcome(accountId, paymentId, currency, recorded.allocation(), balance,
                standing.accruedThrough(), answers.lastSequence(), false);
    }

    @CommandHandler
    public AccountOutcome handle(ReversePayment command, WorkflowPolicy workflow) {
        String paymentId = command.paymentId();
        PaymentRecorded payment = recordedFacts.payment(paymentId);
        if (payment == null) {
            throw new UnknownReference("payment.unknown", "account " + accountId.value() + " has no payment "
                    + paymentId);
        }
        if (recordedFacts.reversed(paymentId)) {
            throw new RuleViolation("payment.already-reversed", "payment " + paymentId + " was reversed already");
        }
        post(facts.withoutPayment(paymentId), null, "PaymentReversed:" + paymentId, after -> { },
                (before, after) -> apply(new PaymentReversed(accountId, paymentId, payment.amount(),
                        payment.valueDate(), command.reason(), before.allocation(paymentId), after.balance())),
                workflow);
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(GrantWaiver command, LedgerClock clock, WorkflowPolicy workflow) {
        String waiverId = command.waiverId();
        Money amount = parse("amount", command.amount());
        WaiverGranted earlier = recordedFacts.waiver(waiverId);
        if (earlier != null) {
            boolean same = earlier.component() == command.component() && earlier.amount().equals(amount)
                    && earlier.effectiveDate().equals(command.effectiveDate())
                    && earlier.reason().equals(command.reason());
            return repeat(same, factKey("waiver", waiverId), "waiver.id-reused",
                    "waiverId " + waiverId + " was already used for a different waiver");
        }
        LocalDate effectiveDate = command.effectiveDate();
        requireValueDate("effectiveDate", effectiveDate, clock);
        LedgerFacts changed = facts.withWaiver(new WaiverFact(waiverId, command.component(), amount.amountMinor(),
                effectiveDate));
        post(changed, effectiveDate, "WaiverGranted:" + waiverId, after -> {
            long outstandingMinor = after.waivedMinor(waiverId);
            if (outstandingMinor < amount.amountMinor()) {
                throw new RuleViolation("waiver.exceeds-outstanding", "a waiver may not exceed the outstanding "
                        + command.component().name().toLowerCase() + " of "
                        + new Money(outstandingMinor, currency) + " on " + effectiveDate);
            }
        }, (before, after) -> apply(new WaiverGranted(accountId, waiverId, command.component(), amount, effectiveDate,
                command.reason(), after.balance())), workflow);
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(RaiseDispute command, LedgerClock clock, WorkflowPolicy workflow) {
        String disputeId = command.disputeId();
        DisputeRaised earlier = recordedFacts.dispute(disputeId);
        if (earlier != null) {
            boolean same = earlier.raisedOn().equals(command.raisedOn()) && earlier.reason().equals(command.reason());
            return repeat(same, factKey("dispute", disputeId), "dispute.id-reused",
                    "disputeId " + disputeId + " was already used for a different dispute");
        }
        Optional<DisputeRaised> open = recordedFacts.openDispute();
        if (open.isPresent()) {
            throw new RuleViolation("dispute.already-open", "dispute " + open.get().disputeId()
                    + " is still open; resolve it before raising another");
        }
        requireValueDate("raisedOn", command.raisedOn(), clock);
        post(facts.withDisputeRaised(disputeId, command.raisedOn()), command.raisedOn(), "DisputeRaised:" + disputeId,
                after -> { }, (before, after) -> apply(new DisputeRaised(accountId, disputeId, command.raisedOn(),
                        command.reason(), after.balance())), workflow);
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(ResolveDispute command, LedgerClock clock, WorkflowPolicy workflow) {
        String disputeId = command.disputeId();
        DisputeRaised dispute = recordedFacts.dispute(disputeId);
        if (dispute == null) {
            throw new UnknownReference("dispute.unknown", "account " + accountId.value() + " has no dispute "
                    + disputeId);
        }
        DisputeResolved earlier = recordedFacts.resolution(disputeId);
        if (earlier != null) {
            boolean same = earlier.resolvedOn().equals(command.resolvedOn()) && earlier.outcome() == command.outcome();
            return repeat(same, factKey("resolution", disputeId), "dispute.already-resolved",
                    "dispute " + disputeId + " was already resolved on " + earlier.resolvedOn() + " as "
                            + earlier.outcome());
        }
        LocalDate resolvedOn = command.resolvedOn();
        if (resolvedOn.isBefore(dispute.raisedOn())) {
            throw new InvalidField("resolvedOn", "may not be before the dispute was raised, " + dispute.raisedOn());
        }
        requireNotFuture("resolvedOn", resolvedOn, clock);
        post(facts.withDisputeResolved(disputeId, resolvedOn), resolvedOn, "DisputeResolved:" + disputeId,
                after -> { }, (before, after) -> apply(new DisputeResolved(accountId, disputeId, resolvedOn,
                        command.outcome(), after.balance())), workflow);
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(WriteOffAccount command, LedgerClock clock, WorkflowPolicy workflow) {
        AccountWrittenOff writeOff = recordedFacts.writeOff();
        if (writeOff != null) {
            boolean same = writeOff.writtenOffOn().equals(command.writtenOffOn())
                    && writeOff.reason().equals(command.reason());
            return repeat(same, factKey("write-off", ""), "write-off.already",
                    "the account was already written off from " + writeOff.writtenOffOn());
        }
        if (standing.status() != AccountStatus.OPEN) {
            throw new RuleViolation("write-off.account-not-open", "an account that is " + standing.status()
                    + " owes nothing to write off");
        }
        LocalDate date = command.writtenOffOn();
        requireValueDate("date", date, clock);
        Stage fromStage = standing.stage();
        post(facts.writtenOff(date), date, "AccountWrittenOff", after -> { },
                (before, after) -> apply(new AccountWrittenOff(accountId, date, command.reason(), fromStage,
                        after.balanceWrittenOff(), after.balance())), workflow);
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(AccruePenalty command, LedgerClock clock, WorkflowPolicy workflow) {
        LocalDate today = clock.today();
        if (command.asOf().isAfter(today)) {
            throw new InvalidField("asOf", "may not be after today, " + today + " in the ledger's calendar");
        }
        long sequenceBefore = answers.lastSequence();
        postEvenings(command.asOf(), workflow);
        return outcome(sequenceBefore == answers.lastSequence());
    }

    /**
     * Records a contact that happened, always; each rule of the contact policy it broke follows as a
     * {@link ContactPolicyBreached} event naming the rule and the preset.
     */
    @CommandHandler
    public ContactLogOutcome handle(LogContact command, LedgerClock clock, ContactPolicy policy,
                                    BorrowerContacts borrowerContacts) {
        String contactId = command.contactId();
        ContactLogged earlier = contactRecord.contact(contactId);
        if (earlier != null) {
            AccountOutcome original = repeat(earlier.equals(contactLogged(command)), factKey("contact", contactId),
                    "contact.id-reused", "contactId " + contactId + " was already used for a different contact");
            return new ContactLogOutcome(accountId, contactId, contactRecord.breachesOf(contactId),
                    original.lastSequence(), true);
        }
        if (command.occurredAt().isAfter(clock.now().plus(CONTACT_CLOCK_SKEW_MAX))) {
            throw new InvalidField("occurredAt", "may not be in the future");
        }
        List<AccountEvent> recorded = contactRecord.logged(contactLogged(command), policy,
                situation(borrowerContacts, command.occurredAt()));
        for (AccountEvent event : recorded) {
            apply(event);
        }
        return new ContactLogOutcome(accountId, contactId, contactRecord.breachesOf(contactId),
                answers.lastSequence(), false);
    }

    /** Answers a dialer from the account's own, current contact history; records nothing. */
    @CommandHandler
    public ContactPolicy.Permission handle(CheckContactPermission command, ContactPolicy policy,
                                           BorrowerContacts borrowerContacts) {
        return contactRecord.permission(policy, situation(borrowerContacts, command.at()), command.channel(),
                command.at());
    }

    @CommandHandler
    public AccountOutcome handle(RequestCeaseContact command, LedgerClock clock) {
        if (contactRecord.ceaseRequested()) {
            // A cease request stands until the borrower withdraws it; asking again changes nothing.
            return originalAnswer(factKey("cease", ""));
        }
        if (command.requestedAt().isAfter(clock.now().plus(CONTACT_CLOCK_SKEW_MAX))) {
            throw new InvalidField("requestedAt", "may not be in the future");
        }
        apply(new CeaseContactRequested(accountId, command.requestedAt(), command.reason()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(RecordPromise command, LedgerClock clock) {
        String promiseId = command.promiseId();
        Money amount = parse("amount", command.amount());
        PromiseRecorded earlier = commitments.promise(promiseId);
        if (earlier != null) {
            return repeat(earlier.amount().equals(amount) && earlier.dueDate().equals(command.dueDate()),
                    factKey("promise", promiseId), "promise.id-reused",
                    "promiseId " + promiseId + " was already used for a different promise");
        }
        requireOpen("promise.account-not-open", "take a promise");
        requireAhead("dueDate", command.dueDate(), clock);
        apply(new PromiseRecorded(accountId, promiseId, amount, command.dueDate(), clock.today()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(AgreePlan command, LedgerClock clock, WorkflowPolicy workflow) {
        String planId = command.planId();
        List<PlanInstalment> instalments = new ArrayList<>();
        for (int i = 0; i < command.instalments().size(); i++) {
            AgreePlan.Instalment instalment = command.instalments().get(i);
            instalments.add(new PlanInstalment(instalment.dueDate(),
                    parse("instalments[" + i + "].amount", instalment.amount()).amountMinor()));
        }
        PlanAgreed earlier = commitments.plan(planId);
        if (earlier != null) {
            return repeat(earlier.kind() == command.kind() && earlier.instalments().equals(instalments),
                    factKey("plan", planId), "plan.id-reused",
                    "planId " + planId + " was already used for another plan");
        }
        requireOpen("plan.account-not-open", "agree a plan");
        if (commitments.activePlan() != null) {
            throw new RuleViolation("plan.already-active", "plan " + commitments.activePlan().planId()
                    + " is still running; it must complete or break before another is agreed");
        }
        requireAhead("instalments[0].dueDate", instalments.get(0).dueDate(), clock);
        apply(new PlanAgreed(accountId, planId, command.kind(), instalments, workflow.planGraceDays(),
                clock.today()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(ReportToCreditBureau command) {
        ReportedToCreditBureau earlier = recordedFacts.bureauReport(command.reference());
        if (earlier != null) {
            return repeat(earlier.bureau().equals(command.bureau()), factKey("bureau", command.reference()),
                    "bureau.reference-reused", "reference " + command.reference() + " was already reported to "
                            + earlier.bureau());
        }
        if (standing.status() == AccountStatus.RESOLVED || !standing.stage().isAfter(Stage.MIDDLE)) {
            throw new RuleViolation("bureau.stage-before-late", "credit-bureau reporting is allowed from stage LATE "
                    + "on; the account is in " + standing.stage());
        }
        apply(new ReportedToCreditBureau(accountId, command.bureau(), command.reference(), standing.stage(),
                balance.owedMinor()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(TakeLegalAction command) {
        LegalActionTaken earlier = recordedFacts.legalAction(command.reference());
        if (earlier != null) {
            return repeat(earlier.action().equals(command.action())
                            && earlier.description().equals(command.description()),
                    factKey("legal", command.reference()), "legal.reference-reused",
                    "reference " + command.reference() + " was already used for " + earlier.action());
        }
        if (standing.stage() != Stage.LEGAL) {
            throw new RuleViolation("legal.stage-not-legal", "legal action is allowed only in stage LEGAL; the "
                    + "account is in " + standing.stage());
        }
        apply(new LegalActionTaken(accountId, command.reference(), command.action(), command.description()));
        return outcome(false);
    }

    /**
     * Destroys the borrower's key first, then records the erasure: if recording fails, a retry
     * records it and the data is unreadable either way, which is what was asked.
     */
    @CommandHandler
    public AccountOutcome handle(EraseBorrowerData command, PersonalDataVault vault) {
        if (recordedFacts.erased()) {
            return originalAnswer(factKey("erasure", ""));
        }
        vault.erase(borrowerId);
        apply(new BorrowerDataErased(accountId, borrowerId, command.reason()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(EscalateStage command, WorkflowPolicy workflow) {
        apply(workflow.escalation(accountId, standing, command.toStage(), command.reason()));
        return outcome(false);
    }

    /**
     * Records a change of the facts. A fact dated after accruedThrough first has the evenings up to
     * the day before it posted; then the ledger is computed with the change, {@code check} may still
     * refuse it (before any event is applied), {@code fact} applies the fact's own event, and the
     * differences to what was posted follow as correcting events.
     *
     * @param factDate the fact's date, or null for a change that posts no evenings first (a reversal)
     */
    private void post(LedgerFacts changed, LocalDate factDate, String cause, Consumer<Recomputation> check,
                      BiConsumer<Recomputation, Recomputation> fact, WorkflowPolicy workflow) {
        LocalDate through = factDate != null && factDate.minusDays(1).isAfter(standing.accruedThrough())
                ? factDate.minusDays(1) : standing.accruedThrough();
        Recomputation after = LedgerTimeline.compute(changed, through);
        check.accept(after);
        Recomputation evenings = postEvenings(through, workflow);
        // The computation that posted the evenings is the ledger as posted; else compute it once here.
        Recomputation before = evenings != null ? evenings : LedgerTimeline.compute(facts, standing.accruedThrough());
        if (!before.balance().equals(balance)) {
            throw new IllegalStateException("account " + accountId.value() + " posted " + balance
                    + " but its facts give " + before.balance());
        }
        fact.accept(before, after);
        for (AccountEvent correction : LedgerPosting.corrections(accountId, standing, before, after,
                waiverId -> recordedFacts.waiver(waiverId).component(), workflow, cause)) {
            apply(correction);
        }
    }

    /**
     * Posts every evening after {@code accruedThrough} up to {@code through}, then evaluates the
     * stage as of {@code through}. Nothing happens for a date already posted.
     *
     * @return the ledger computed through {@code through}, or null when nothing was posted
     */
    private Recomputation postEvenings(LocalDate through, WorkflowPolicy workflow) {
        if (!through.isAfter(standing.accruedThrough())) {
            return null;
        }
        LocalDate from = standing.accruedThrough().plusDays(1);
        Recomputation evenings = LedgerTimeline.compute(facts, through);
        apply(new PenaltyAccrued(accountId, from, through, evenings.segments(from, through),
                evenings.accruedByLedgerMinor() - accruedByLedgerMinor, evenings.balance().penaltyMinor(),
                evenings.accruedByLedgerMinor()));
        long dpd = AccountStanding.daysPastDue(facts.dueDate(), through, balance);
        workflow.advance(accountId, standing, dpd, through).ifPresent(AggregateLifecycle::apply);
        passDeadlines(through, workflow);
        return evenings;
    }

    /**
     * Promises and instalments whose due date's evening is now posted and that payments did not
     * cover are broken or missed; a missed instalment still uncovered after the plan's grace days
     * breaks the plan. The nightly accrual run posts every open account's evenings, so this runs
     * daily without a timer of its own.
     */
    private void passDeadlines(LocalDate through, WorkflowPolicy workflow) {
        for (AccountEvent event : commitments.dueBy(accountId, through)) {
            apply(event);
            if (event instanceof PromiseBroken broken) {
                workflow.afterBroken(accountId, standing, broken.promiseId()).ifPresent(AggregateLifecycle::apply);
            }
        }
    }

    /**
     * After a payment (which already counts towards open promises due on or after its value date and
     * towards a running plan): the promises and instalments it completed.
     */
    private void keepCommitments(LocalDate valueDate) {
        for (AccountEvent event : commitments.keptBy(accountId, valueDate)) {
            apply(event);
        }
    }

    private PaymentOutcome repeatOf(RecordPayment command, PaymentRecorded original) {
        boolean sameContent = original.amount().toDecimalString().equals(command.amount())
                && (command.currency() == null || command.currency().equals(currency))
                && original.valueDate().equals(command.valueDate())
                && original.channel().equals(command.channel());
        if (!sameContent) {
            throw new RuleViolation("payment.id-reused", "paymentId " + command.paymentId()
                    + " was already recorded with different content (" + original.amount() + " value-dated "
                    + original.valueDate() + " via " + original.channel() + ")");
        }
        RetryAnswers.Posted posted = answers.of(factKey("payment", original.paymentId()));
        return new PaymentOutcome(accountId, original.paymentId(), currency, original.allocation(),
                original.balanceAfter(), posted.accruedThrough(), posted.lastSequence(), true);
    }

    /** The answer to a retried command: the original position when the content is the same, else a conflict. */
    private AccountOutcome repeat(boolean sameContent, String key, String rule, String conflict) {
        if (!sameContent) {
            throw new RuleViolation(rule, conflict);
        }
        return originalAnswer(key);
    }

    private AccountOutcome originalAnswer(String key) {
        RetryAnswers.Posted posted = answers.of(key);
        return new AccountOutcome(accountId, currency, balance, standing.accruedThrough(), standing.stage(),
                posted.lastSequence(), true);
    }

    private void requireOpen(String rule, String what) {
        if (standing.status() != AccountStatus.OPEN) {
            throw new RuleViolation(rule, "an account that is " + standing.status() + " has nothing to " + what
                    + " for");
        }
    }

    /** A due date from today on, after the last posted evening, so that its passing is always seen. */
    private void requireAhead(String field, LocalDate dueDate, LedgerClock clock) {
        if (dueDate.isBefore(clock.today()) || !dueDate.isAfter(standing.accruedThrough())) {
            throw new InvalidField(field, "must be today or later and after accruedThrough "
                    + standing.accruedThrough());
        }
    }

    private Money parse(String field, String amount) {
        try {
            return Money.parse(amount, currency);
        } catch (IllegalArgumentException e) {
            throw new InvalidField(field, e.getMessage());
        }
    }

    private void requireValueDate(String field, LocalDate valueDate, LedgerClock clock) {
        requireNotFuture(field, valueDate, clock);
        if (!valueDate.isAfter(facts.balancesAsOf())) {
            throw new InvalidField(field, "must be after balancesAsOf " + facts.balancesAsOf()
                    + ": earlier money is already inside the opening balances");
        }
    }

    private static void requireNotFuture(String field, LocalDate date, LedgerClock clock) {
        LocalDate today = clock.today();
        if (date.isAfter(today)) {
            throw new InvalidField(field, "may not be in the future (today is " + today + ")");
        }
    }

    private boolean isRecovery(LocalDate valueDate) {
        return facts.writtenOffOn() != null && !valueDate.isBefore(facts.writtenOffOn());
    }

    private ContactLogged contactLogged(LogContact command) {
        return new ContactLogged(accountId, command.contactId(), command.channel(), command.direction(),
                command.outcome(), command.occurredAt(), command.agentId(), command.note());
    }

    /** The situation at {@code at}, with the borrower's contacts on other accounts since the day before. */
    private ContactPolicy.Situation situation(BorrowerContacts borrowerContacts, Instant at) {
        return new ContactPolicy.Situation(standing.stage(), recordedFacts.openDispute().isPresent(),
                contactRecord.ceaseRequested(), borrowerZone,
                borrowerContacts.onOtherAccounts(borrowerId, accountId, at.minus(Duration.ofDays(2))));
    }

    private AccountOutcome outcome(boolean repeated) {
        return new AccountOutcome(accountId, currency, balance, standing.accruedThrough(), standing.stage(),
                answers.lastSequence(), repeated);
    }

    private static String factKey(String kind, String id) {
        return RetryAnswers.key(kind, id);
    }

    @EventSourcingHandler
    void on(AccountOpened event, @SequenceNumber long sequence) {
        accountId = event.accountId();
        currency = event.currency();
        facts = LedgerFacts.opened(event.dueDate(), event.balancesAsOf(), event.opening(), event.terms());
        balance = event.opening();
        standing = AccountStanding.opened(event);
        borrowerZone = ZoneId.of(event.borrower().timezone());
        borrowerId = event.borrowerId();
        answers.otherRecorded(sequence);
    }

    /**
     * Every event after the opening, folded into each part of the account's state it concerns; an
     * event leaves the parts it does not concern as they are.
     */
    @EventSourcingHandler
    void on(AccountEvent event, @SequenceNumber long sequence) {
        facts = facts.apply(event);
        if (event instanceof BalancePosted posted) {
            balance = posted.balanceAfter();
        } else if (event instanceof PenaltyAccrued accrued) {
            balance = balance.with(Component.PENALTY, accrued.penaltyAfterMinor());
            accruedByLedgerMinor = accrued.accruedByLedgerMinor();
        } else if (event instanceof PenaltyAdjusted adjusted) {
            accruedByLedgerMinor = adjusted.accruedByLedgerMinor();
        }
        standing = standing.after(event);
        commitments.after(event);
        contactRecord.after(event);
        recordedFacts.after(event);
        answers.recorded(event, sequence, standing.accruedThrough());
    }
}
