package io.arrears.query.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.BalancePosted;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.query.projection.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

import java.util.function.UnaryOperator;

/**
 * The account view of API.md: one document per account, keyed by account id.
 *
 * <p>Each document remembers the sequence of the last event applied to it, so a redelivered or
 * replayed event changes nothing; events of one account arrive in order because the processor
 * splits its segments by aggregate. A batch of events reads and writes each account once
 * ({@link ProjectionWrites}).
 */
@ProcessingGroup(AccountViewProjection.PROCESSING_GROUP)
public class AccountViewProjection {

    public static final String PROCESSING_GROUP = "account-view";
    public static final String COLLECTION = "account_view";

    private final MongoCollection<Document> views;

    public AccountViewProjection(MongoDatabase database) {
        this(database, COLLECTION);
    }

    /** Into another collection: a rebuild from position 0 that is compared with the live one. */
    public AccountViewProjection(MongoDatabase database, String collection) {
        this.views = database.getCollection(collection);
    }

    @EventHandler
    void on(AccountOpened event, @SequenceNumber long sequence, TrackingToken token) {
        ProjectionWrites writes = ProjectionWrites.into(views);
        if (writes.find(event.accountId().value()).isPresent()) {
            return;
        }
        AccountStanding standing = AccountStanding.opened(event);
        AccountView view = new AccountView(event.accountId().value(), event.borrowerId(), event.product(),
                event.currency(), standing.status(), standing.stage(), event.dueDate(), event.balancesAsOf(),
                standing.accruedThrough(), event.opening(), standing.lastPaymentDate(), sequence, position(token),
                event.borrower());
        writes.replace(view.toDocument());
    }

    @EventHandler
    void on(PenaltyAccrued event, @SequenceNumber long sequence, TrackingToken token) {
        update(event.accountId().value(), sequence, token, view -> view.with(view.standing().after(event))
                .withPenalty(event.penaltyAfterMinor()));
    }

    @EventHandler
    void on(PaymentRecorded event, @SequenceNumber long sequence, TrackingToken token) {
        update(event.accountId().value(), sequence, token, view -> view.with(view.standing().after(event))
                .withBalance(event.balanceAfter()));
    }

    /** A reversal, waiver or dispute: its event carries the balance once its corrections are posted. */
    @EventHandler
    void on(BalancePosted event, @SequenceNumber long sequence, TrackingToken token) {
        update(event.accountId().value(), sequence, token, view -> view.withBalance(event.balanceAfter()));
    }

    @EventHandler
    void on(AccountWrittenOff event, @SequenceNumber long sequence, TrackingToken token) {
        update(event.accountId().value(), sequence, token, view -> view.with(view.standing().after(event))
                .withBalance(event.balanceAfter()));
    }

    /**
     * Stage moves, resolutions and reopenings change the standing; contacts and corrections change
     * nothing shown here (the fact event that caused a correction already carried the balance), but
     * still advance the view's sequence and position.
     */
    @EventHandler
    void on(AccountEvent event, @SequenceNumber long sequence, TrackingToken token) {
        update(event.accountId().value(), sequence, token, view -> view.with(view.standing().after(event)));
    }

    @ResetHandler
    void reset() {
        views.deleteMany(new Document());
    }

    private void update(String accountId, long sequence, TrackingToken token, UnaryOperator<AccountView> change) {
        ProjectionWrites writes = ProjectionWrites.into(views);
        AccountView view = AccountView.fromDocument(writes.find(accountId).orElseThrow(
                () -> new IllegalStateException("account " + accountId + " has events before its opening")));
        if (sequence <= view.lastSequence()) {
            return;
        }
        // By _id alone: an account's events are handled by the one node that holds its segment, and the
        // embedded server finds a document by index only when _id is the whole filter.
        writes.replace(change.apply(view).appliedThrough(sequence, position(token)).toDocument());
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}
