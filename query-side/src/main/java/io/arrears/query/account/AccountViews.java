package io.arrears.query.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;

import java.time.LocalDate;
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

    /** The earliest date any account's opening balances are valid at: before it, no account has a day. */
    public Optional<LocalDate> earliestBalancesAsOf() {
        return Optional.ofNullable(views.find().projection(Projections.include("balancesAsOf"))
                        .sort(Sorts.ascending("balancesAsOf")).limit(1).first())
                .map(view -> LocalDate.parse(view.getString("balancesAsOf")));
    }
}
