package io.arrears.infra.reconciliation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.arrears.command.account.LedgerTimeline;
import io.arrears.infra.eventstore.AccountIndex;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.mongo.IdPages;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.EventSums;
import io.arrears.query.account.AccountView;
import io.arrears.query.account.AccountViews;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, account by account in id order, that three independent answers agree: the balance the
 * account view shows, the sum of what the account's events moved, and a fresh recomputation of the
 * ledger from the facts those events state. An account whose view has not yet applied its last
 * event (or has not got the account yet) is reported as lagging rather than compared.
 */
public class Reconciliation {

    public static final int ACCOUNTS_PER_PAGE_MAX = 10_000;
    /** Mismatches listed in one answer; the count covers them all. */
    public static final int MISMATCHES_LISTED_MAX = 100;

    private final MongoCollection<Document> streams;
    private final MongoCommitEventStorageEngine storageEngine;
    private final AccountViews accountViews;

    public Reconciliation(MongoDatabase database, MongoCommitEventStorageEngine storageEngine,
                          AccountViews accountViews) {
        this.streams = database.getCollection(CommitSchema.STREAMS);
        this.storageEngine = storageEngine;
        this.accountViews = accountViews;
    }

    /** One account whose three balances do not agree; a balance is null where it is missing. */
    public record Mismatch(String accountId, Balance projection, Balance eventSum, Balance recomputed) {
    }

    /**
     * @param next the account id to continue after, or null when every account was checked
     */
    public record Report(boolean ok, int accountsChecked, int lagging, int mismatchCount, List<Mismatch> mismatches,
                         String next) {
    }

    /** Checks up to {@code limit} accounts after {@code after} (empty for the first). */
    public Report check(String after, int limit) {
        if (limit < 1 || limit > ACCOUNTS_PER_PAGE_MAX) {
            throw new IllegalArgumentException("limit must be between 1 and " + ACCOUNTS_PER_PAGE_MAX);
        }
        List<String> accounts = IdPages.after(streams, after == null ? "" : after, AccountIndex.heads(),
                Projections.include("_id"), limit).stream().map(stream -> stream.getString("_id")).toList();
        int lagging = 0;
        int mismatchCount = 0;
        List<Mismatch> mismatches = new ArrayList<>();
        for (String accountId : accounts) {
            Optional<Mismatch> result = checkAccount(accountId);
            if (result == null) {
                lagging++;
            } else if (result.isPresent()) {
                mismatchCount++;
                if (mismatches.size() < MISMATCHES_LISTED_MAX) {
                    mismatches.add(result.get());
                }
            }
        }
        String next = accounts.size() == limit ? accounts.get(accounts.size() - 1) : null;
        return new Report(mismatchCount == 0 && lagging == 0, accounts.size(), lagging, mismatchCount,
                List.copyOf(mismatches), next);
    }

    public Report check(String accountId) {
        Optional<Mismatch> result = checkAccount(accountId);
        if (result == null) {
            return new Report(false, 1, 1, 0, List.of(), null);
        }
        return new Report(result.isEmpty(), 1, 0, result.isPresent() ? 1 : 0, result.stream().toList(), null);
    }

    /** Empty when the three agree, a mismatch when not, null when the view is still catching up. */
    private Optional<Mismatch> checkAccount(String accountId) {
        List<? extends DomainEventMessage<?>> messages = storageEngine.readEvents(accountId, 0).asStream().toList();
        List<AccountEvent> events = messages.stream().map(m -> (AccountEvent) m.getPayload()).toList();
        long lastSequence = messages.get(messages.size() - 1).getSequenceNumber();
        Optional<AccountView> view = accountViews.find(accountId);
        if (view.isEmpty() || view.get().lastSequence() < lastSequence) {
            return null;
        }
        Balance eventSum = EventSums.balanceOf(events);
        Balance recomputed = LedgerTimeline.recompute(events).balance();
        Balance projection = view.map(AccountView::balance).orElse(null);
        if (eventSum.equals(recomputed) && eventSum.equals(projection)) {
            return Optional.empty();
        }
        return Optional.of(new Mismatch(accountId, projection, eventSum, recomputed));
    }
}
