package io.arrears.infra.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a whole collection in {@code _id} order a bounded page at a time: one query whose cursor
 * brings a page per batch, so no loop over stored data holds more than a page. (Each page used to be
 * a query of its own, starting after the last {@code _id} of the one before; the embedded server
 * answers such a range by scanning the collection, which made reading 100,000 documents 200 scans.)
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
        FindIterable<Document> found = filter == null ? collection.find() : collection.find(filter);
        if (projection != null) {
            found = found.projection(projection);
        }
        try (MongoCursor<Document> cursor = found.sort(Sorts.ascending("_id")).batchSize(pageSize).iterator()) {
            List<Document> documents = new ArrayList<>(pageSize);
            while (cursor.hasNext()) {
                documents.add(cursor.next());
                if (documents.size() == pageSize) {
                    if (!page.test(documents)) {
                        return;
                    }
                    documents = new ArrayList<>(pageSize);
                }
            }
            if (!documents.isEmpty()) {
                page.test(documents);
            }
        }
    }
}
