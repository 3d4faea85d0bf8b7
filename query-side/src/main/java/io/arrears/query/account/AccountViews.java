package io.arrears.query.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.util.Optional;

/** Reads the account view. */
public class AccountViews {

    private final MongoCollection<Document> views;

    public AccountViews(MongoDatabase database) {
        this.views = database.getCollection(AccountViewProjection.COLLECTION);
    }

    public Optional<AccountView> find(String accountId) {
        return Optional.ofNullable(views.find(Filters.eq("_id", accountId)).first()).map(AccountView::fromDocument);
    }
}
