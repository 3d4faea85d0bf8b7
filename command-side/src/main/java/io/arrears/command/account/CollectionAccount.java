package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PersonalDataVault;
import io.arrears.kernel.account.PlanInstalment;
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
import io.arrears.kernel.event.BorrowerDataErased;
import io.arrears.kernel.event.CeaseContactRequested;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.InvalidField;
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
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One overdue account in collections. Command handlers check a command against the account as it
 * stands ({@link AccountChecks}), answer a retry as the first time ({@link RetryAnswers}), and apply
 * the events its pieces decide; event sourcing handlers only fold events into those pieces.
 *
 * <p>The ledger is a pure function of the account's value-dated facts ({@link LedgerTimeline}).
 * A command that changes the facts computes the ledger with and without the change and posts the
 * difference ({@link LedgerPosting}), going on from the account's last computation where it can
 * ({@link LastComputation}): the fact itself, then, for a backdated fact, the payments it
 * re-allocated, the waivers it changed and the penalty it adjusted. The posted balance therefore
 * always equals a recomputation from the facts, and what the ledger believed before stays in the
 * history. Promises and plans are {@link Commitments}', contacts {@link ContactRecord}'s, and what
 * each stage allows {@link WorkflowPolicy}'s.
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
     * and contacts. 4: {@link RecordedFacts} holds the other facts. 5: one {@link PostedLedger} in place
     * of the facts, balance and accrued-by-ledger fields.
     */
    public static final String SNAPSHOT_REVISION = "5";

    @AggregateIdentifier
    private AccountId accountId;
    private String currency;
    private PostedLedger ledger;
    private AccountStanding standing;
    private final RecordedFacts recordedFacts = new RecordedFacts();
    private final ContactRecord contactRecord = new ContactRecord();
    private final Commitments commitments = new Commitments();
    private ZoneId borrowerZone;
    private String borrowerId;
    private final RetryAnswers answers = new RetryAnswers();
    /** Not part of the account's state, and so not in its snapshots: see {@link LastComputation}. */
    private final transient LastComputation computation = new LastComputation();

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
        String paymentId = command.paymentId();
        if (recordedFacts.repeats(command, currency)) {
            PaymentRecorded original = recordedFacts.payment(paymentId);
            RetryAnswers.Posted posted = answers.of(factKey("payment", paymentId));
            return new PaymentOutcome(accountId, paymentId, currency, original.allocation(), original.balanceAfter(),
                    posted.accruedThrough(), posted.lastSequence(), true);
        }
        if (command.currency() != null && !command.currency().equals(currency)) {
            throw new InvalidField("currency", "must be the account currency " + currency);
        }
        AccountChecks checks = checks(clock);
        Money amount = checks.money("amount", command.amount());
        LocalDate valueDate = command.valueDate();
        checks.valueDate("valueDate", valueDate);
        record(posting(workflow).payment(paymentId, amount, valueDate, command.channel()));
        // The payment already counts towards open promises and a running plan: those it completed are kept.
        record(commitments.keptBy(accountId, valueDate));
        return new PaymentOutcome(accountId, paymentId, currency, recordedFacts.payment(paymentId).allocation(),
                ledger.balance(), standing.accruedThrough(), answers.lastSequence(), false);
    }

    @CommandHandler
    public AccountOutcome handle(ReversePayment command, WorkflowPolicy workflow) {
        PaymentRecorded payment = recordedFacts.reversible(accountId, command.paymentId());
        record(posting(workflow).reversal(payment, command.reason()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(GrantWaiver command, LedgerClock clock, WorkflowPolicy workflow) {
        AccountChecks checks = checks(clock);
        Money amount = checks.money("amount", command.amount());
        if (recordedFacts.repeats(command, amount)) {
            return originalAnswer(factKey("waiver", command.waiverId()));
        }
        checks.valueDate("effectiveDate", command.effectiveDate());
        record(posting(workflow).waiver(command, amount));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(RaiseDispute command, LedgerClock clock, WorkflowPolicy workflow) {
        if (recordedFacts.repeats(command)) {
            return originalAnswer(factKey("dispute", command.disputeId()));
        }
        recordedFacts.requireNoOpenDispute();
        checks(clock).valueDate("raisedOn", command.raisedOn());
        record(posting(workflow).disputeRaised(command));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(ResolveDispute command, LedgerClock clock, WorkflowPolicy workflow) {
        DisputeRaised dispute = recordedFacts.dispute(accountId, command.disputeId());
        if (recordedFacts.repeats(command)) {
            return originalAnswer(factKey("resolution", command.disputeId()));
        }
        if (command.resolvedOn().isBefore(dispute.raisedOn())) {
            throw new InvalidField("resolvedOn", "may not be before the dispute was raised, " + dispute.raisedOn());
        }
        checks(clock).notFuture("resolvedOn", command.resolvedOn());
        record(posting(workflow).disputeResolved(command));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(WriteOffAccount command, LedgerClock clock, WorkflowPolicy workflow) {
        if (recordedFacts.repeats(command)) {
            return originalAnswer(factKey("write-off", ""));
        }
        AccountChecks checks = checks(clock);
        checks.open("write-off.account-not-open", "owes nothing to write off");
        checks.valueDate("date", command.writtenOffOn());
        record(posting(workflow).writeOff(command));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(AccruePenalty command, LedgerClock clock, WorkflowPolicy workflow) {
        LocalDate today = clock.today();
        if (command.asOf().isAfter(today)) {
            throw new InvalidField("asOf", "may not be after today, " + today + " in the ledger's calendar");
        }
        long sequenceBefore = answers.lastSequence();
        record(posting(workflow).evenings(command.asOf()));
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
        ContactLogged contact = new ContactLogged(accountId, contactId, command.channel(), command.direction(),
                command.outcome(), command.occurredAt(), command.agentId(), command.note());
        if (contactRecord.repeats(contact)) {
            return new ContactLogOutcome(accountId, contactId, contactRecord.breachesOf(contactId),
                    answers.of(factKey("contact", contactId)).lastSequence(), true);
        }
        checks(clock).happened("occurredAt", command.occurredAt());
        record(contactRecord.logged(contact, policy, situation(borrowerContacts, command.occurredAt())));
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
        checks(clock).happened("requestedAt", command.requestedAt());
        apply(new CeaseContactRequested(accountId, command.requestedAt(), command.reason()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(RecordPromise command, LedgerClock clock) {
        AccountChecks checks = checks(clock);
        Money amount = checks.money("amount", command.amount());
        if (commitments.repeats(command, amount)) {
            return originalAnswer(factKey("promise", command.promiseId()));
        }
        checks.open("promise.account-not-open", "has nothing to take a promise for");
        checks.ahead("dueDate", command.dueDate());
        apply(new PromiseRecorded(accountId, command.promiseId(), amount, command.dueDate(), clock.today()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(AgreePlan command, LedgerClock clock, WorkflowPolicy workflow) {
        AccountChecks checks = checks(clock);
        List<PlanInstalment> instalments = checks.instalments(command);
        if (commitments.repeats(command, instalments)) {
            return originalAnswer(factKey("plan", command.planId()));
        }
        checks.open("plan.account-not-open", "has nothing to agree a plan for");
        checks.ahead("instalments[0].dueDate", instalments.get(0).dueDate());
        apply(commitments.agreed(accountId, command, instalments, workflow.planGraceDays(), clock.today()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(ReportToCreditBureau command, WorkflowPolicy workflow) {
        if (recordedFacts.repeats(command)) {
            return originalAnswer(factKey("bureau", command.reference()));
        }
        apply(workflow.bureauReport(accountId, standing, command, ledger.balance().owedMinor()));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(TakeLegalAction command, WorkflowPolicy workflow) {
        if (recordedFacts.repeats(command)) {
            return originalAnswer(factKey("legal", command.reference()));
        }
        apply(workflow.legalAction(accountId, standing, command));
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

    private LedgerPosting posting(WorkflowPolicy workflow) {
        return new LedgerPosting(accountId, ledger, standing, commitments, workflow,
                waiverId -> recordedFacts.waiver(waiverId).component(), computation);
    }

    private void record(List<? extends AccountEvent> events) {
        events.forEach(AggregateLifecycle::apply);
    }

    private AccountOutcome originalAnswer(String key) {
        RetryAnswers.Posted posted = answers.of(key);
        return new AccountOutcome(accountId, currency, ledger.balance(), standing.accruedThrough(), standing.stage(),
                posted.lastSequence(), true);
    }

    private AccountChecks checks(LedgerClock clock) {
        return new AccountChecks(currency, standing, ledger.facts().balancesAsOf(), clock);
    }

    /** The situation at {@code at}, with the borrower's contacts on other accounts since the day before. */
    private ContactPolicy.Situation situation(BorrowerContacts borrowerContacts, Instant at) {
        return new ContactPolicy.Situation(standing.stage(), recordedFacts.openDispute().isPresent(),
                contactRecord.ceaseRequested(), borrowerZone,
                borrowerContacts.onOtherAccounts(borrowerId, accountId, at.minus(Duration.ofDays(2))));
    }

    private AccountOutcome outcome(boolean repeated) {
        return new AccountOutcome(accountId, currency, ledger.balance(), standing.accruedThrough(), standing.stage(),
                answers.lastSequence(), repeated);
    }

    private static String factKey(String kind, String id) {
        return RetryAnswers.key(kind, id);
    }

    @EventSourcingHandler
    void on(AccountOpened event, @SequenceNumber long sequence) {
        accountId = event.accountId();
        currency = event.currency();
        ledger = PostedLedger.opened(event);
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
        ledger = ledger.after(event);
        standing = standing.after(event);
        commitments.after(event);
        contactRecord.after(event);
        recordedFacts.after(event);
        answers.recorded(event, sequence, standing.accruedThrough());
    }
}
