package io.arrears.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.arrears.query.projection.EntryIds;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads an account's audit trail in sequence order, a page at a time, by {@code _id} lookups. */
public class AuditTrail {

    public static final int PAGE_SIZE_MAX = 1_000;
    private final MongoCollection<Document> trail;

    public AuditTrail(MongoDatabase database) {
        this.trail = database.getCollection(AuditTrailProjection.COLLECTION);
    }

    public boolean contains(String accountId, long sequence) {
        return trail.find(Filters.eq("_id", EntryIds.of(accountId, sequence)))
                .projection(new Document("_id", 1)).first() != null;
    }

    /** The entries with sequences {@code afterSequence + 1} to {@code afterSequence + limit} that exist. */
    public List<Document> page(String accountId, long afterSequence, int limit) {
        if (limit < 1 || limit > PAGE_SIZE_MAX) {
            throw new IllegalArgumentException("a page holds 1 to " + PAGE_SIZE_MAX + " events");
        }
        List<String> ids = new ArrayList<>(limit);
        for (long sequence = afterSequence + 1; sequence <= afterSequence + limit; sequence++) {
            ids.add(EntryIds.of(accountId, sequence));
        }
        List<Document> page = new ArrayList<>(limit);
        trail.find(Filters.in("_id", ids)).into(page);
        page.sort(Comparator.comparingLong(entry -> ((Number) entry.get("sequence")).longValue()));
        return page;
    }
}
