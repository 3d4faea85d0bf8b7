package io.arrears.query.penalty;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.arrears.query.projection.EntryIds;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads an account's penalty ledger entries, in sequence order by {@code _id} lookups a page at a
 * time, and folds them into a {@link PenaltyStatement} whose every cent adds up.
 */
public class PenaltyLedger {

    /** Sequences looked up per read. */
    static final int PAGE_SIZE = 1_000;
    private final MongoCollection<Document> entries;

    public PenaltyLedger(MongoDatabase database) {
        this.entries = database.getCollection(PenaltyLedgerProjection.COLLECTION);
    }

    /** True once the projection has seen the account's event with this sequence. */
    public boolean contains(String accountId, long sequence) {
        Document head = entries.find(Filters.eq("_id", PenaltyLedgerProjection.headId(accountId))).first();
        return head != null && ((Number) head.get("lastSequence")).longValue() >= sequence;
    }

    public Optional<PenaltyStatement> statement(String accountId) {
        Document head = entries.find(Filters.eq("_id", PenaltyLedgerProjection.headId(accountId))).first();
        if (head == null) {
            return Optional.empty();
        }
        long lastSequence = ((Number) head.get("lastSequence")).longValue();
        PenaltyStatement.Builder statement = new PenaltyStatement.Builder(accountId);
        for (long first = 0; first <= lastSequence; first += PAGE_SIZE) {
            List<String> ids = new ArrayList<>(PAGE_SIZE);
            for (long sequence = first; sequence < first + PAGE_SIZE && sequence <= lastSequence; sequence++) {
                ids.add(EntryIds.of(accountId, sequence));
            }
            List<Document> page = new ArrayList<>(ids.size());
            entries.find(Filters.in("_id", ids)).into(page);
            page.sort(Comparator.comparingLong(entry -> ((Number) entry.get("sequence")).longValue()));
            page.forEach(statement::add);
        }
        return statement.currency() == null ? Optional.empty() : Optional.of(statement.build());
    }
}
