package io.arrears.infra.store;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a whole collection in {@code _id} order a bounded page at a time, each page starting after
 * the last {@code _id} of the one before, so no loop over stored data holds more than a page.
 */
public final class IdPages {

    private IdPages() {
    }

    /**
     * @param filter     more conditions, or null
     * @param projection the fields to read, or null for all
     * @param page       takes each page; false stops the reading
     */
    public static void forEach(MongoCollection<Document> collection, Bson filter, Bson projection, int pageSize,
                               Predicate<List<Document>> page) {
        Object after = null;
        while (true) {
            Bson from = after == null ? null : Filters.gt("_id", after);
            Bson condition = from == null ? filter : filter == null ? from : Filters.and(from, filter);
            FindIterable<Document> found = condition == null ? collection.find() : collection.find(condition);
            if (projection != null) {
                found = found.projection(projection);
            }
            List<Document> documents = found.sort(Sorts.ascending("_id")).limit(pageSize).into(new ArrayList<>());
            if (documents.isEmpty() || !page.test(documents)) {
                return;
            }
            after = documents.get(documents.size() - 1).get("_id");
        }
    }
}
