package io.arrears.query.contact;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.query.projection.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;

/**
 * Every contact by borrower, across their accounts, for the contact rules that count per borrower.
 * One document per borrower ({@code borrower:<id>}) with its contacts, and one per account
 * ({@code account:<id>}) naming its borrower; both are read by {@code _id}. A redelivered contact
 * is the same array element and is added once.
 */
@ProcessingGroup(BorrowerContactsProjection.PROCESSING_GROUP)
public class BorrowerContactsProjection {

    public static final String PROCESSING_GROUP = "borrower-contacts";
    public static final String COLLECTION = "borrower_contacts";

    private final MongoCollection<Document> documents;

    public BorrowerContactsProjection(MongoDatabase database) {
        this(database, COLLECTION);
    }

    /** Into another collection: a rebuild from position 0 that is compared with the live one. */
    public BorrowerContactsProjection(MongoDatabase database, String collection) {
        this.documents = database.getCollection(collection);
    }

    static String borrowerKey(String borrowerId) {
        return "borrower:" + borrowerId;
    }

    static String accountKey(String accountId) {
        return "account:" + accountId;
    }

    @EventHandler
    void on(AccountOpened event) {
        ProjectionWrites.into(documents, BorrowerContactsProjection::accountKey)
                .replace(new Document("_id", accountKey(event.accountId().value())).append("borrowerId", event.borrowerId()));
    }

    @EventHandler
    void on(ContactLogged event) {
        ProjectionWrites writes = ProjectionWrites.into(documents, BorrowerContactsProjection::accountKey);
        Document account = writes.find(accountKey(event.accountId().value())).orElseThrow(() ->
                new IllegalStateException("account " + event.accountId().value() + " has contacts before its opening"));
        Document contact = new Document("accountId", event.accountId().value())
                .append("contactId", event.contactId())
                .append("channel", event.channel().name())
                .append("direction", event.direction().name())
                .append("outcome", event.outcome().name())
                .append("occurredAt", event.occurredAt().toString());
        writes.update(borrowerKey(account.getString("borrowerId")), Updates.addToSet("contacts", contact));
    }

    @ResetHandler
    void reset() {
        documents.deleteMany(new Document());
    }
}
