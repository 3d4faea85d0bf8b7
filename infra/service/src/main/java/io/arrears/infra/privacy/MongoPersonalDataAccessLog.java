package io.arrears.infra.privacy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.arrears.kernel.audit.Caller;
import io.arrears.query.api.PersonalDataAccessLog;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The access records in {@code personal_data_access}, one document per showing, newest last by
 * {@code _id} (an ObjectId, so ordered by time of writing across nodes).
 */
public class MongoPersonalDataAccessLog implements PersonalDataAccessLog {

    public static final String COLLECTION = "personal_data_access";
    public static final int PAGE_SIZE_MAX = 1_000;

    private final MongoCollection<Document> records;
    private final Clock clock;

    public MongoPersonalDataAccessLog(MongoDatabase database, Clock clock) {
        this.records = database.getCollection(COLLECTION);
        this.clock = clock;
        records.createIndex(Indexes.ascending("accountId"));
        records.createIndex(Indexes.ascending("actorId"));
    }

    @Override
    public void record(Caller caller, String accountId, String borrowerId, List<String> fields) {
        records.insertOne(new Document("_id", new ObjectId())
                .append("at", Date.from(clock.instant()))
                .append("accountId", accountId)
                .append("borrowerId", borrowerId)
                .append("fields", fields)
                .append("actorId", caller.actorId())
                .append("clientId", caller.clientId())
                .append("role", caller.role().name()));
    }

    /** A page of records, newest first, optionally of one account or one actor, before a record's id. */
    public List<Document> page(String accountId, String actorId, ObjectId before, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (accountId != null) {
            filters.add(Filters.eq("accountId", accountId));
        }
        if (actorId != null) {
            filters.add(Filters.eq("actorId", actorId));
        }
        if (before != null) {
            filters.add(Filters.lt("_id", before));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        return records.find(filter).sort(Sorts.descending("_id")).limit(limit).into(new ArrayList<>());
    }
}
