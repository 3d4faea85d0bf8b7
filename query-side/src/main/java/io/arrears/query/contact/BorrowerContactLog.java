package io.arrears.query.contact;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.time.Instant;
import java.util.List;

/** Reads a borrower's contacts across their accounts by {@code _id}. */
public class BorrowerContactLog {

    /** A contact with the borrower on one of their accounts. */
    public record Entry(String accountId, String contactId, String channel, String direction, String outcome,
                        Instant occurredAt) {
    }

    private final MongoCollection<Document> documents;

    public BorrowerContactLog(MongoDatabase database) {
        this.documents = database.getCollection(BorrowerContactsProjection.COLLECTION);
    }

    /** The borrower's contacts from {@code since} on, on accounts other than {@code exceptAccountId}. */
    public List<Entry> since(String borrowerId, String exceptAccountId, Instant since) {
        Document borrower = documents.find(Filters.eq("_id", BorrowerContactsProjection.borrowerKey(borrowerId)))
                .first();
        if (borrower == null) {
            return List.of();
        }
        return borrower.getList("contacts", Document.class).stream()
                .filter(c -> !c.getString("accountId").equals(exceptAccountId))
                .map(c -> new Entry(c.getString("accountId"), c.getString("contactId"), c.getString("channel"),
                        c.getString("direction"), c.getString("outcome"), Instant.parse(c.getString("occurredAt"))))
                .filter(entry -> !entry.occurredAt().isBefore(since))
                .toList();
    }
}
