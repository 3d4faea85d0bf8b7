package io.arrears.query.report;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
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
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The reports' read model: a {@link ReportAccount} document per account, keyed by account id, and one
 * per payment, holding what the portfolio reports need to place the account on any value date. The
 * account's document remembers the sequence of the last event applied, so a redelivered event changes
 * nothing. Each event reads that document's small head and writes only what it changes
 * ({@link ReportAccount#change}): a payment's document first, then the account's.
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
        ProjectionWrites writes = ProjectionWrites.into(accounts, ReportAccount.HEAD);
        if (writes.find(id).isPresent()) {
            return;
        }
        ReportAccount account = new ReportAccount(id, sequence, event.product(), event.currency(), event.dueDate(),
                BalanceHistory.opened(event), StageMoves.opened(event), List.of(), List.of(), List.of());
        writes.replace(account.toDocument());
    }

    /**
     * Events that change nothing the reports read (plans, disputes themselves, bureau reports, ...)
     * are passed over without a read or a write; the ones that do are applied once, in sequence, each
     * as an update of what it changes, made only while the document has not seen a later event.
     */
    @EventHandler
    void on(AccountEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        if (!READ_BY_REPORTS.contains(event.getClass())) {
            return;
        }
        String id = event.accountId().value();
        ProjectionWrites writes = ProjectionWrites.into(accounts, ReportAccount.HEAD);
        Document head = writes.find(id).orElseThrow(
                () -> new IllegalStateException("account " + id + " has events before its opening"));
        if (sequence <= head.getLong("lastSequence")) {
            return;
        }
        if (ReportAccount.isOlderForm(head)) {
            head = rewrittenInTheCurrentForm(writes, id);
        }
        ReportAccount.Change change = ReportAccount.change(id, head, sequence, event, recordedAt);
        if (change.payment() instanceof ReportAccount.PaymentStored stored) {
            writes.replace(stored.document());
        } else if (change.payment() instanceof ReportAccount.PaymentReallocation reallocation) {
            writes.updateExisting(reallocation.id(), reallocation.update());
        } else if (change.payment() instanceof ReportAccount.PaymentRemoved removed) {
            writes.remove(removed.id());
        }
        // By _id and sequence: one node holds the account's segment at a time, and a change lands once.
        writes.change(id, change.head(), change.condition(), change.update());
    }

    /**
     * A document of an older form (its payments listed in it, or before that its last span of penalty
     * without a field of its own), written again in the current one, with its payments' documents.
     */
    private Document rewrittenInTheCurrentForm(ProjectionWrites writes, String id) {
        ReportAccount account = ReportAccount.fromDocuments(accounts.find(Filters.eq("_id", id)).first(), List.of());
        account.paymentDocuments().forEach(writes::replace);
        Document current = account.toDocument();
        writes.replace(current);
        return current;
    }

    @ResetHandler
    void reset() {
        accounts.deleteMany(new Document());
    }
}
