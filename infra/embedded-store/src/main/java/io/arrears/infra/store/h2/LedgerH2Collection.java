package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.List;

/**
 * A collection whose stored documents no caller ever holds. mongo-java-server updates a document it
 * found in place and then puts it back; H2 keeps the very object it was given in its page and
 * serializes it on whichever thread commits next. A commit running during such an update saw the
 * document half-changed: it failed with a ConcurrentModificationException and closed the map.
 *
 * <p>So every document a query finds is a copy: an update then changes a copy, which replaces the
 * stored object once it is complete. Documents going in need no copy: an inserted one is the
 * request's own, and an updated one is already the copy its query got; neither is changed after.
 */
final class LedgerH2Collection extends H2Collection {

    LedgerH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                       MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, data, meta, cursorRegistry);
    }

    @Override
    protected QueryResult createQueryResult(List<Document> matchedDocuments, int batchSize) {
        List<Document> copies = new ArrayList<>(matchedDocuments.size());
        for (Document document : matchedDocuments) {
            copies.add(document.cloneDeeply());
        }
        return super.createQueryResult(copies, batchSize);
    }
}
