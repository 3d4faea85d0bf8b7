package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A collection whose stored documents nobody changes, and which reads a query in {@code _id}
 * order from its {@code _id} index.
 *
 * <p>mongo-java-server updates a document it found in place and then puts it back; H2 keeps the
 * very object it was given in its page and serializes it on whichever thread commits next. A commit
 * running during such an update saw the document half-changed: it failed with a
 * ConcurrentModificationException and closed the map. So a stored document is never changed: an
 * update works on a copy, which replaces the stored object once it is complete. Documents going in
 * need no copy: an inserted one is the request's own, and an updated one is already a copy; neither
 * is changed after. A read gets a deep copy of what it finds (an update changes it, and so may an
 * aggregation's stages), except a {@code find} ({@link #answeringFind}): it only encodes what it
 * finds, and gets the stored documents themselves.
 *
 * <p>mongo-java-server answers a query that no index can look up by matching every document and
 * sorting the matches, whatever its limit. A page of a collection in {@code _id} order, after the
 * last {@code _id} of the page before (how the accrual run, the reconciliation and every whole-
 * collection read go through the accounts), was a scan of the collection: reading 100,000 accounts
 * 200 at a time matched 50 million documents. Such a query here walks the {@code _id} index from the
 * lower bound and stops at the limit, as MongoDB does.
 *
 * <p>The size of a collection's documents ({@code collStats}, {@code dbStats}) is counted when asked,
 * not kept up to date on every write: mongo-java-server kept it by encoding the document before and
 * after every update, a fifth of the store's work under load.
 */
final class LedgerH2Collection extends H2Collection {

    private static final String ID = "_id";

    private static final ThreadLocal<Boolean> ANSWERING_FIND = ThreadLocal.withInitial(() -> false);

    private final DocumentType documents;

    LedgerH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                       MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, data, meta, cursorRegistry);
        this.documents = (DocumentType) data.getValueType();
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected int getDataSize() {
        if (documents == null) {
            // H2Collection's constructor logs the size of a collection it opens: not worth reading it all.
            return 0;
        }
        long size = streamAllDocumentsWithPosition().mapToLong(stored -> documents.sizeOf(stored.getDocument())).sum();
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Optional<KeyedIndex> ids = idOrdered(query, orderBy);
        if (ids.isEmpty()) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        // Every document is still matched against the whole query; the walk only decides where to start.
        Iterable<Object> positions = ids.get().positionsFrom(lowerBound(query.get(ID)));
        return matchDocuments(query, positions, null, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * The {@code _id} index, if {@code orderBy} is ascending {@code _id} alone, no index can look the
     * query up, and the query holds no condition on {@code _id} or one that starts from a bound.
     */
    private Optional<KeyedIndex> idOrdered(Document query, Document orderBy) {
        if (orderBy == null || !orderBy.keySet().equals(Set.of(ID))
                || !(orderBy.get(ID) instanceof Number direction && direction.intValue() == 1)) {
            return Optional.empty();
        }
        Object condition = query.get(ID);
        if (query.containsKey(ID) && !(condition instanceof Document bound && isLowerBound(bound))) {
            return Optional.empty();
        }
        Optional<KeyedIndex> ids = Optional.empty();
        for (Index<Object> index : getIndexes()) {
            if (index.canHandle(query)) {
                return Optional.empty();
            }
            if (index instanceof KeyedIndex keyed && keyed.keysOnly(ID)) {
                ids = Optional.of(keyed);
            }
        }
        return ids;
    }

    private static boolean isLowerBound(Document condition) {
        return condition.size() == 1 && (condition.containsKey("$gt") || condition.containsKey("$gte"));
    }

    /** Where the walk starts: the bound's value, or the first key when the query has no bound. */
    private static Object lowerBound(Object condition) {
        if (condition instanceof Document bound) {
            return bound.containsKey("$gt") ? bound.get("$gt") : bound.get("$gte");
        }
        return null;
    }

    /**
     * Runs {@code find} with this thread's reads answered by the stored documents themselves: the
     * command only encodes what it finds, and no stored document ever changes.
     */
    static <T> T answeringFind(Supplier<T> find) {
        boolean outer = ANSWERING_FIND.get();
        ANSWERING_FIND.set(true);
        try {
            return find.get();
        } finally {
            ANSWERING_FIND.set(outer);
        }
    }

    /**
     * A single update of a document that a unique index finds from the selector's equalities: every
     * projection's write by {@code _id}, the account index's, a processor's token by processor and
     * segment. The stored document is looked up by its key; a replacement (selected by {@code _id}
     * alone) puts the request's document, which nothing else holds, in its place, and an update by
     * operators makes a document that shares with the stored one all it leaves as it was
     * ({@link UpdateOnCopies}); the other indexes are checked and kept as mongo-java-server keeps them.
     * mongo-java-server's own way scans what no index handles whole (a selector with a condition more
     * than an index's keys), copies the document deeply three times, compares both versions twice,
     * each time walking every field of a document that can hold a long-lived account's whole history,
     * and finds its position again by every index's keys. Everything else (other selectors, operators
     * and array filters {@code UpdateOnCopies} does not take, upserts that insert, an {@code _id} the
     * replacement changes) goes its way.
     */
    @Override
    public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        Object position = isMulti ? null : selectedPosition(selector);
        Document stored = position == null ? null : getDocument(position);
        if (stored == null) {
            return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
        }
        Object id = stored.get(ID);
        Document updated;
        if (isReplacement(updateQuery)) {
            updated = selector.size() == 1 && selector.containsKey(ID) ? replacement(id, updateQuery) : null;
        } else if (!arrayFilters.isEmpty()) {
            updated = null;
        } else if (documentMatchesQuery(stored, selector)) {
            updated = UpdateOnCopies.of(stored, selector, updateQuery);
        } else if (isUpsert) {
            // Not matched, so MongoDB would insert: mongo-java-server's way answers that.
            updated = null;
        } else {
            oplog.handleUpdate(getFullName(), selector, updateQuery, List.of());
            return new Document("n", 0).append("nModified", 0);
        }
        if (updated == null) {
            return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
        }
        boolean modified = !updated.equals(stored);
        if (modified) {
            List<Index<Object>> indexes = getIndexes();
            for (Index<Object> index : indexes) {
                index.checkUpdate(stored, updated, this);
            }
            for (Index<Object> index : indexes) {
                index.updateInPlace(stored, updated, position, this);
            }
            handleUpdate(position, stored, updated);
        }
        oplog.handleUpdate(getFullName(), selector, updateQuery, modified ? List.of(id) : List.of());
        return new Document("n", 1).append("nModified", modified ? 1 : 0);
    }

    /**
     * Where the document is that a unique index finds by the selector's equalities on all its keys (a
     * top-level {@code $and} of equalities counts as one selector); null if there is none or no index
     * finds it so. The stored document is still matched against the whole selector.
     */
    private Object selectedPosition(Document selector) {
        Document conditions = flattened(selector);
        if (conditions.get(ID) instanceof String id) {
            // A document's position in the collection's map is its _id.
            return id;
        }
        for (Index<Object> index : getIndexes()) {
            Document keys = index instanceof KeyedIndex ? equalities(conditions, index.getKeys()) : null;
            if (keys != null) {
                for (Object position : index.getPositions(keys)) {
                    return position;
                }
                return null;
            }
        }
        return null;
    }

    /** The selector's equalities to a plain value on each of {@code keys}; null unless it has one on each. */
    private static Document equalities(Document conditions, List<IndexKey> keys) {
        Document equalities = new Document();
        for (IndexKey key : keys) {
            Object value = conditions.get(key.getKey());
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                return null;
            }
            equalities.put(key.getKey(), value);
        }
        return equalities;
    }

    /** {@code {$and: [{a: 1}, {b: 2}]}} as {@code {a: 1, b: 2}}; any other selector as it is. */
    private static Document flattened(Document selector) {
        if (selector.size() != 1 || !(selector.get("$and") instanceof List<?> all)) {
            return selector;
        }
        Document flat = new Document();
        for (Object each : all) {
            if (!(each instanceof Document conditions)) {
                return selector;
            }
            for (String key : conditions.keySet()) {
                if (key.startsWith("$") || flat.containsKey(key)) {
                    return selector;
                }
                flat.put(key, conditions.get(key));
            }
        }
        return flat;
    }

    private static boolean isReplacement(Document updateQuery) {
        return updateQuery.keySet().stream().noneMatch(field -> field.startsWith("$"));
    }

    /** The document that replaces the one with this {@code _id}; null where it would change the {@code _id}. */
    private static Document replacement(Object id, Document updateQuery) {
        for (String field : updateQuery.keySet()) {
            if (field.contains(".")) {
                return null;
            }
        }
        if (updateQuery.containsKey(ID) && !id.equals(updateQuery.get(ID))) {
            return null;
        }
        Document replacement = new Document(ID, id);
        updateQuery.forEach((field, value) -> {
            if (!ID.equals(field)) {
                replacement.put(field, value);
            }
        });
        Utils.validateFieldNames(replacement);
        return replacement;
    }

    @Override
    protected QueryResult createQueryResult(List<Document> matchedDocuments, int batchSize) {
        if (ANSWERING_FIND.get()) {
            return super.createQueryResult(matchedDocuments, batchSize);
        }
        List<Document> copies = new ArrayList<>(matchedDocuments.size());
        for (Document document : matchedDocuments) {
            copies.add(document.cloneDeeply());
        }
        return super.createQueryResult(copies, batchSize);
    }
}
