package io.arrears.query.report;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.BalanceHistory;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseKept;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
import io.arrears.kernel.event.StageMoves;
import io.arrears.kernel.event.WaiverAdjusted;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.query.projection.ProjectionWrites;
import io.arrears.query.report.ReportAccount.Breach;
import io.arrears.query.report.ReportAccount.Contact;
import io.arrears.query.report.ReportAccount.Promise;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The reports' read model: one {@link ReportAccount} document per account, keyed by account id,
 * holding what the portfolio reports need to place the account on any value date. The document
 * remembers the sequence of the last event applied, so a redelivered event changes nothing.
 */
@ProcessingGroup(PortfolioReportProjection.PROCESSING_GROUP)
public class PortfolioReportProjection {

    public static final String PROCESSING_GROUP = "portfolio-report";
    public static final String COLLECTION = "report_accounts";

    private static final Set<Class<?>> READ_BY_REPORTS = Set.of(PenaltyAccrued.class, PenaltyAdjusted.class,
            PaymentRecorded.class, PaymentReallocated.class, PaymentReversed.class, WaiverGranted.class,
            WaiverAdjusted.class, StageAdvanced.class, StageEscalated.class, AccountReopened.class,
            AccountWrittenOff.class, ContactLogged.class, ContactPolicyBreached.class, PromiseRecorded.class,
            PromiseKept.class, PromiseBroken.class);

    private final MongoCollection<Document> accounts;

    public PortfolioReportProjection(MongoDatabase database) {
        this(database, COLLECTION);
    }

    /** Into another collection: a rebuild from position 0 that is compared with the live one. */
    public PortfolioReportProjection(MongoDatabase database, String collection) {
        this.accounts = database.getCollection(collection);
    }

    @EventHandler
    void on(AccountOpened event, @SequenceNumber long sequence) {
        String id = event.accountId().value();
        ProjectionWrites writes = ProjectionWrites.into(accounts);
        if (writes.find(id).isPresent()) {
            return;
        }
        ReportAccount account = new ReportAccount(id, sequence, event.product(), event.currency(), event.dueDate(),
                BalanceHistory.opened(event), StageMoves.opened(event), List.of(), List.of(), List.of());
        writes.replace(account.toDocument());
    }

    /**
     * Events that change nothing the reports read (plans, disputes themselves, bureau reports, ...)
     * are passed over without a read or a write; the ones that do are applied once, in sequence.
     */
    @EventHandler
    void on(AccountEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        if (!READ_BY_REPORTS.contains(event.getClass())) {
            return;
        }
        String id = event.accountId().value();
        ProjectionWrites writes = ProjectionWrites.into(accounts);
        ReportAccount account = ReportAccount.fromDocument(writes.find(id).orElseThrow(
                () -> new IllegalStateException("account " + id + " has events before its opening")));
        if (sequence <= account.lastSequence()) {
            return;
        }
        account.history().apply(event);
        ReportAccount changed = new ReportAccount(id, sequence, account.product(), account.currency(),
                account.dueDate(), account.history(), account.stages().after(event, recordedAt),
                contactsAfter(account.contacts(), event), promisesAfter(account.promises(), event),
                breachesAfter(account.breaches(), event));
        // By _id alone, as the account view does: one node holds the account's segment at a time.
        writes.replace(changed.toDocument());
    }

    @ResetHandler
    void reset() {
        accounts.deleteMany(new Document());
    }

    private static List<Contact> contactsAfter(List<Contact> contacts, AccountEvent event) {
        if (event instanceof ContactLogged e) {
            return with(contacts, new Contact(e.occurredAt(), e.channel(), e.direction(), e.outcome(), e.agentId()));
        }
        return contacts;
    }

    private static List<Promise> promisesAfter(List<Promise> promises, AccountEvent event) {
        if (event instanceof PromiseRecorded e) {
            return with(promises, new Promise(e.promiseId(), e.dueDate(), e.amount().amountMinor(), null, null));
        }
        if (event instanceof PromiseKept e) {
            return decided(promises, e.promiseId(), "KEPT", e.keptOn());
        }
        if (event instanceof PromiseBroken e) {
            return decided(promises, e.promiseId(), "BROKEN", e.dueDate());
        }
        return promises;
    }

    private static List<Promise> decided(List<Promise> promises, String promiseId, String outcome,
                                         LocalDate on) {
        return promises.stream().map(p -> p.promiseId().equals(promiseId)
                ? new Promise(p.promiseId(), p.dueDate(), p.amountMinor(), outcome, on) : p).toList();
    }

    private static List<Breach> breachesAfter(List<Breach> breaches, AccountEvent event) {
        if (event instanceof ContactPolicyBreached e) {
            return with(breaches, new Breach(e.occurredAt(), e.rule(), e.channel(), e.agentId()));
        }
        return breaches;
    }

    private static <T> List<T> with(List<T> list, T item) {
        List<T> longer = new ArrayList<>(list);
        longer.add(item);
        return longer;
    }
}
