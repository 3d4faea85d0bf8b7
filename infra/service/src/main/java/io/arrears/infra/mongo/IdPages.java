package io.arrears.infra.mongo;

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
 * Reads a whole collection in {@code _id} order a bounded page at a time: each page a query of its
 * own, starting after the last {@code _id} of the page before, so neither this loop nor the store
 * holds more than a page. MongoDB and the embedded store both answer such a page from the
 * {@code _id} index, reading only the page.
 */
public final class IdPages {

    private IdPages() {
    }

    /**
     * @param filter     more conditions, none on {@code _id}; or null
     * @param projection the fields to read, {@code _id} among them; or null for all
     * @param page       takes each page; false stops the reading
     */
    public static void forEach(MongoCollection<Document> collection, Bson filter, Bson projection, int pageSize,
                               Predicate<List<Document>> page) {
        Object last = null;
        while (true) {
            List<Document> documents = after(collection, last, filter, projection, pageSize);
            if (documents.isEmpty() || !page.test(documents) || documents.size() < pageSize) {
                return;
            }
            last = documents.get(documents.size() - 1).get("_id");
        }
    }

    /**
     * The page of at most {@code pageSize} documents in {@code _id} order after {@code last}, or from
     * the first if it is null: for a reader that keeps its place itself, such as a resumable run.
     */
    public static List<Document> after(MongoCollection<Document> collection, Object last, Bson filter,
                                       Bson projection, int pageSize) {
        Bson after = last == null ? null : Filters.gt("_id", last);
        Bson conditions = after == null ? filter : filter == null ? after : Filters.and(after, filter);
        FindIterable<Document> found = conditions == null ? collection.find() : collection.find(conditions);
        if (projection != null) {
            found = found.projection(projection);
        }
        return found.sort(Sorts.ascending("_id")).limit(pageSize).into(new ArrayList<>(pageSize));
    }
}
