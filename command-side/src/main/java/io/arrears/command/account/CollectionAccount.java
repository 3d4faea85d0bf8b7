package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.EscalateStage;
import io.arrears.kernel.command.LogContact;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.InvalidField;
import io.arrears.kernel.rejection.RuleViolation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One overdue account in collections. Command handlers decide and apply events; event sourcing
 * handlers only assign state.
 */
public class CollectionAccount {

    /** How far in the future a contact's {@code occurredAt} may be, for clocks that disagree a little. */
    static final Duration CONTACT_CLOCK_SKEW_MAX = Duration.ofMinutes(5);
    private static final Set<Stage> ESCALATION_TARGETS = EnumSet.of(Stage.EARLY, Stage.MIDDLE, Stage.LATE, Stage.LEGAL);

    @AggregateIdentifier
    private AccountId accountId;
    private String currency;
    private LocalDate dueDate;
    private LocalDate balancesAsOf;
    private Terms terms;
    private long penaltyCapMinor;
    private long accruedByLedgerMinor;
    private Balance balance;
    private LocalDate accruedThrough;
    private Stage stage;
    private AccountStatus status;
    private final Map<String, RecordedPayment> payments = new HashMap<>();
    private String lastPaymentId;
    private final Map<String, RecordedContact> contacts = new HashMap<>();
    private long lastSequence;

    /** A payment as recorded, kept to answer a retry with the original result. */
    record RecordedPayment(PaymentRecorded event, LocalDate accruedThroughAfter, long lastSequence) {
    }

    record RecordedContact(ContactLogged event, long sequence) {
    }

    protected CollectionAccount() {
        // For Axon: the aggregate is rebuilt from its events.
    }

    @CommandHandler
    public CollectionAccount(OpenAccount command) {
        if (command.opening().isSettled()) {
            throw new InvalidField("principal", "an account handed to collections must owe something");
        }
        long dpd = daysPastDue(command.dueDate(), command.balancesAsOf(), command.opening());
        apply(new AccountOpened(command.accountId(), command.borrowerId(), command.product(), command.currency(),
                command.dueDate(), command.balancesAsOf(), command.opening(), command.terms(), command.borrower(),
                Stage.forDaysPastDue(dpd), dpd));
    }

    @CommandHandler
    public PaymentOutcome handle(RecordPayment command, LedgerClock clock) {
        RecordedPayment earlier = payments.get(command.paymentId());
        if (earlier != null) {
            return repeatOf(command, earlier);
        }
        if (command.currency() != null && !command.currency().equals(currency)) {
            throw new InvalidField("currency", "must be the account currency " + currency);
        }
        Money amount;
        try {
            amount = Money.parse(command.amount(), currency);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("amount", e.getMessage());
        }
        LocalDate valueDate = command.valueDate();
        requireValueDate("valueDate", valueDate, clock);
        if (!valueDate.isAfter(accruedThrough)) {
            throw new RuleViolation("payment.backdated", "a payment value-dated " + valueDate
                    + " is on or before accruedThrough " + accruedThrough
                    + "; backdated payments are not accepted yet");
        }
        postEvenings(valueDate.minusDays(1));
        AllocationWaterfall.Allocated allocated =
                AllocationWaterfall.allocate(balance, amount.amountMinor(), terms.waterfall());
        apply(new PaymentRecorded(accountId, command.paymentId(), amount, valueDate, command.channel(),
                allocated.allocation(), allocated.balanceAfter(), status == AccountStatus.WRITTEN_OFF));
        if (status == AccountStatus.OPEN && balance.isSettled()) {
            apply(new AccountResolved(accountId, stage, valueDate));
        }
        RecordedPayment recorded = payments.get(command.paymentId());
        return new PaymentOutcome(accountId, command.paymentId(), currency, recorded.event().allocation(), balance,
                accruedThrough, recorded.lastSequence(), false);
    }

    @CommandHandler
    public AccountOutcome handle(AccruePenalty command, LedgerClock clock) {
        LocalDate today = clock.today();
        if (command.asOf().isAfter(today)) {
            throw new InvalidField("asOf", "may not be after today, " + today + " in the ledger's calendar");
        }
        long sequenceBefore = lastSequence;
        postEvenings(command.asOf());
        return outcome(sequenceBefore == lastSequence);
    }

    @CommandHandler
    public AccountOutcome handle(LogContact command, LedgerClock clock) {
        RecordedContact earlier = contacts.get(command.contactId());
        if (earlier != null) {
            if (!earlier.event().equals(contactLogged(command))) {
                throw new RuleViolation("contact.id-reused", "contactId " + command.contactId()
                        + " was already used for a different contact");
            }
            return new AccountOutcome(accountId, currency, balance, accruedThrough, stage, earlier.sequence(), true);
        }
        if (command.occurredAt().isAfter(clock.now().plus(CONTACT_CLOCK_SKEW_MAX))) {
            throw new InvalidField("occurredAt", "may not be in the future");
        }
        apply(contactLogged(command));
        return outcome(false);
    }

    @CommandHandler
    public AccountOutcome handle(EscalateStage command) {
        if (status != AccountStatus.OPEN) {
            throw new RuleViolation("stage.account-not-open",
                    "an account that is " + status + " cannot be escalated");
        }
        if (!ESCALATION_TARGETS.contains(command.toStage())) {
            throw new RuleViolation("stage.escalation-target",
                    "an escalation moves an account to EARLY, MIDDLE, LATE or LEGAL, not " + command.toStage());
        }
        if (!command.toStage().isAfter(stage)) {
            throw new RuleViolation("stage.forward-only", "stages only move forward: the account is in " + stage
                    + ", which is not before " + command.toStage());
        }
        apply(new StageEscalated(accountId, stage, command.toStage(), command.reason()));
        return outcome(false);
    }

    /**
     * Posts every evening after {@code accruedThrough} up to {@code through}, then evaluates the
     * stage as of {@code through}. Nothing happens for a date already posted.
     */
    private void postEvenings(LocalDate through) {
        if (!through.isAfter(accruedThrough)) {
            return;
        }
        LocalDate from = accruedThrough.plusDays(1);
        PenaltyTimeline.Evenings evenings = status == AccountStatus.WRITTEN_OFF
                ? new PenaltyTimeline.Evenings(List.of(), 0)
                : PenaltyTimeline.post(terms, dueDate, balance, accruedByLedgerMinor, penaltyCapMinor, from, through);
        apply(new PenaltyAccrued(accountId, from, through, evenings.segments(), evenings.amountMinor(),
                Math.addExact(balance.penaltyMinor(), evenings.amountMinor()),
                Math.addExact(accruedByLedgerMinor, evenings.amountMinor())));
        long dpd = daysPastDue(dueDate, through, balance);
        Stage byDpd = Stage.forDaysPastDue(dpd);
        if (status == AccountStatus.OPEN && stage.isDpdDriven() && byDpd.isAfter(stage)) {
            apply(new StageAdvanced(accountId, stage, byDpd, dpd, through));
        }
    }

    private PaymentOutcome repeatOf(RecordPayment command, RecordedPayment earlier) {
        PaymentRecorded original = earlier.event();
        boolean sameContent = original.amount().toDecimalString().equals(command.amount())
                && (command.currency() == null || command.currency().equals(currency))
                && original.valueDate().equals(command.valueDate())
                && original.channel().equals(command.channel());
        if (!sameContent) {
            throw new RuleViolation("payment.id-reused", "paymentId " + command.paymentId()
                    + " was already recorded with different content (" + original.amount() + " value-dated "
                    + original.valueDate() + " via " + original.channel() + ")");
        }
        return new PaymentOutcome(accountId, original.paymentId(), currency, original.allocation(),
                original.balanceAfter(), earlier.accruedThroughAfter(), earlier.lastSequence(), true);
    }

    private void requireValueDate(String field, LocalDate valueDate, LedgerClock clock) {
        LocalDate today = clock.today();
        if (valueDate.isAfter(today)) {
            throw new InvalidField(field, "may not be in the future (today is " + today + ")");
        }
        if (!valueDate.isAfter(balancesAsOf)) {
            throw new InvalidField(field, "must be after balancesAsOf " + balancesAsOf
                    + ": earlier money is already inside the opening balances");
        }
    }

    private ContactLogged contactLogged(LogContact command) {
        return new ContactLogged(accountId, command.contactId(), command.channel(), command.direction(),
                command.outcome(), command.occurredAt(), command.agentId(), command.note());
    }

    private AccountOutcome outcome(boolean repeated) {
        return new AccountOutcome(accountId, currency, balance, accruedThrough, stage, lastSequence, repeated);
    }

    /** DPD(asOf) = asOf − dueDate while anything is owed, else 0. */
    static long daysPastDue(LocalDate dueDate, LocalDate asOf, Balance balance) {
        if (balance.isSettled()) {
            return 0;
        }
        return Math.max(0, ChronoUnit.DAYS.between(dueDate, asOf));
    }

    @EventSourcingHandler
    void on(AccountOpened event, @SequenceNumber long sequence) {
        accountId = event.accountId();
        currency = event.currency();
        dueDate = event.dueDate();
        balancesAsOf = event.balancesAsOf();
        terms = event.terms();
        penaltyCapMinor = event.terms().penaltyCapMinor(event.opening().principalMinor());
        balance = event.opening();
        accruedThrough = event.balancesAsOf();
        stage = event.stage();
        status = AccountStatus.OPEN;
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(PenaltyAccrued event, @SequenceNumber long sequence) {
        balance = balance.with(Component.PENALTY, event.penaltyAfterMinor());
        accruedByLedgerMinor = event.accruedByLedgerMinor();
        accruedThrough = event.throughDate();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(PaymentRecorded event, @SequenceNumber long sequence) {
        balance = event.balanceAfter();
        payments.put(event.paymentId(), new RecordedPayment(event, accruedThrough, sequence));
        lastPaymentId = event.paymentId();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(AccountResolved event, @SequenceNumber long sequence) {
        stage = Stage.RESOLVED;
        status = AccountStatus.RESOLVED;
        RecordedPayment resolvingPayment = lastPaymentId == null ? null : payments.get(lastPaymentId);
        if (resolvingPayment != null && resolvingPayment.lastSequence() == sequence - 1) {
            // A retry of the payment that resolved the account answers with this event's position.
            payments.put(lastPaymentId, new RecordedPayment(resolvingPayment.event(),
                    resolvingPayment.accruedThroughAfter(), sequence));
        }
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(StageAdvanced event, @SequenceNumber long sequence) {
        stage = event.toStage();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(StageEscalated event, @SequenceNumber long sequence) {
        stage = event.toStage();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(ContactLogged event, @SequenceNumber long sequence) {
        contacts.put(event.contactId(), new RecordedContact(event, sequence));
        lastSequence = sequence;
    }
}
