package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.Assert;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A collection on H2 that stores each document as its BSON ({@link DocumentType}) and reads a query in
 * {@code _id} order from its {@code _id} index.
 *
 * <p>Every read decodes a document of its own from the stored BSON, and every write encodes the
 * document it puts. So nothing the store holds is ever shared with a request: an update changes
 * what it read, an aggregation's stages what they got, and H2 serializes a page on the committer's
 * thread from arrays that never change. (mongo-java-server's H2 collection kept the decoded objects
 * in H2's pages and changed them in place; a commit running during an update saw a document half
 * changed, failed with a ConcurrentModificationException and closed the map.) A read that projects
 * a few fields, and an update by operators, decode only the fields they need and step over the rest
 * ({@link #queryDocuments}, {@link #updateDocuments}): a document that grows with an account's life
 * is not decoded whole for every event.
 *
 * <p>mongo-java-server answers a query that no index can look up by matching every document and
 * sorting the matches, whatever its limit. A page of a collection in {@code _id} order, after the
 * last {@code _id} of the page before (how the accrual run, the reconciliation and every whole-
 * collection read go through the accounts), was a scan of the collection: reading 100,000 accounts
 * 200 at a time matched 50 million documents. Such a query here walks the {@code _id} index from the
 * lower bound, also one given with further conditions in an {@code $and}, and stops at the limit, as
 * MongoDB does.
 *
 * <p>The size of a collection's documents ({@code collStats}, {@code dbStats}) is counted when asked,
 * not kept up to date on every write: mongo-java-server kept it by encoding the document before and
 * after every update, a fifth of the store's work under load.
 */
final class LedgerH2Collection extends AbstractSynchronizedMongoCollection<Object> {

    private static final String ID = "_id";
    /** Where an array for a document's BSON starts, before any document was written; it grows as needed. */
    private static final int INITIAL_SIZE_ESTIMATE = 256;

    private final MVMap<Object, byte[]> data;
    private volatile int averageSize = INITIAL_SIZE_ESTIMATE;

    LedgerH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                       MVMap<Object, byte[]> data, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, cursorRegistry);
        this.data = data;
    }

    private byte[] encode(Document document) {
        byte[] bson = DocumentBson.of(document, averageSize);
        averageSize = (bson.length + 15 * averageSize) / 16;
        return bson;
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object key = getIdField() == null ? UUID.randomUUID() : Utils.getSubdocumentValue(document, getIdField());
        byte[] previous = data.put(Missing.ofNullable(key), encode(document));
        Assert.isNull(previous, () -> "Document with key '" + key + "' already existed in " + this);
        return key;
    }

    @Override
    protected Document getDocument(Object position) {
        byte[] bson = data.get(position);
        return bson == null ? null : DocumentBson.document(bson);
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        data.put(Missing.ofNullable(position), encode(newDocument));
    }

    @Override
    protected void removeDocument(Object position) {
        if (data.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
    }

    @Override
    public int count() {
        return data.size();
    }

    @Override
    public boolean isEmpty() {
        return data.isEmpty();
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return data.entrySet().stream()
                .map(entry -> new DocumentWithPosition<>(DocumentBson.document(entry.getValue()), entry.getKey()));
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Stream<Document> documents;
        if (isNaturalDescending(orderBy)) {
            documents = streamAllDocumentsWithPosition()
                    .sorted((one, other) -> ValueComparator.desc().compare(one.getPosition(), other.getPosition()))
                    .map(DocumentWithPosition::getDocument);
        } else {
            documents = data.values().stream().map(DocumentBson::document);
        }
        return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
        throw new UnsupportedOperationException("the size of a collection's documents is counted when asked");
    }

    @Override
    protected int getDataSize() {
        long size = 0;
        for (byte[] bson : data.values()) {
            size += bson.length;
        }
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    /**
     * Reads of each document only the fields the query, its order and its projection need, when the
     * projection names the fields it includes: the projections read the head of a document that grows
     * with an account's life, and its history is stepped over.
     */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Set<String> fields = FieldsRead.ofFind(query, orderBy, fieldSelector);
        Function<byte[], Document> read = fields == null
                ? DocumentBson::document : bson -> DocumentBson.fields(bson, fields);
        Document keys = IdConditions.keysAmongAnd(query);
        Optional<KeyedIndex> byId = keys == null ? Optional.empty() : idIndex();
        if (byId.isPresent()) {
            // The documents of those keys, each matched against the whole query.
            return matchDocumentsFromStream(documentsAt(byId.get().getPositions(keys), read), query, orderBy,
                    numberToSkip, limit, batchSize, fieldSelector);
        }
        Optional<KeyedIndex> ids = idOrdered(query, orderBy);
        if (ids.isPresent()) {
            // Every document is still matched against the whole query; the walk only decides where to start.
            Iterable<Object> positions = ids.get().positionsFrom(IdConditions.walkFrom(query));
            return matchDocumentsFromStream(documentsAt(positions, read), query, null, numberToSkip, limit, batchSize,
                    fieldSelector);
        }
        for (Index<Object> index : getIndexes()) {
            if (index.canHandle(query)) {
                boolean byIdIndex = index instanceof KeyedIndex keyed && keyed.keysOnly(ID);
                Document stillToMatch = byIdIndex && IdConditions.onlyKeys(query) ? new Document() : query;
                return matchDocumentsFromStream(documentsAt(index.getPositions(query), read), stillToMatch, orderBy,
                        numberToSkip, limit, batchSize, fieldSelector);
            }
        }
        if (isNaturalDescending(orderBy)) {
            return matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        return matchDocumentsFromStream(data.values().stream().map(read), query, orderBy, numberToSkip, limit,
                batchSize, fieldSelector);
    }

    private Stream<Document> documentsAt(Iterable<Object> positions, Function<byte[], Document> read) {
        return StreamSupport.stream(positions.spliterator(), false).map(data::get).filter(Objects::nonNull).map(read);
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
        if (query.containsKey(ID) && !(condition instanceof Document bound && IdConditions.isLowerBound(bound))) {
            return Optional.empty();
        }
        for (Index<Object> index : getIndexes()) {
            if (index.canHandle(query)) {
                return Optional.empty();
            }
        }
        return idIndex();
    }

    private Optional<KeyedIndex> idIndex() {
        for (Index<Object> index : getIndexes()) {
            if (index instanceof KeyedIndex keyed && keyed.keysOnly(ID)) {
                return Optional.of(keyed);
            }
        }
        return Optional.empty();
    }

    /**
     * A single update of a document that a unique index finds from the selector's equalities: every
     * projection's write by {@code _id}, the account index's, a processor's token by processor and
     * segment. The stored document is looked up by its key and only the fields the selector, the
     * indexes and the update read are decoded. A replacement (selected by {@code _id} alone) puts the
     * request's document in its place. An update by operators appends what it pushes onto a field no
     * other operator touches to the stored array's bytes, unread, and changes the other fields it
     * touches as {@link UpdateOnCopies} does; every field it does not touch is copied as its bytes
     * ({@link DocumentBson#changed}). So a payment pushed onto an account's thousandth costs what the
     * first did. The indexes are checked and kept as mongo-java-server keeps them. mongo-java-server's
     * own way scans what no index handles whole (a selector with a condition more than an index's
     * keys), copies the document deeply three times, compares both versions twice, each time walking
     * every field of a document that can hold a long-lived account's whole history, and finds its
     * position again by every index's keys. Everything else (other selectors, operators and array
     * filters {@code UpdateOnCopies} does not take, upserts that insert, an {@code _id} the replacement
     * changes) goes its way.
     */
    @Override
    public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        Object position = isMulti || !arrayFilters.isEmpty() ? null : selectedPosition(selector);
        byte[] storedBson = position == null ? null : data.get(position);
        Set<String> indexed = indexedFields();
        Set<String> read = storedBson == null ? null : FieldsRead.ofQuery(selector, new HashSet<>(indexed));
        boolean replacement = isReplacement(updateQuery);
        Map<String, FieldChange> changes = read == null || replacement ? null : UpdateByFields.of(updateQuery, read);
        boolean byId = selector.size() == 1 && selector.containsKey(ID);
        if (read == null || (replacement ? !byId : changes == null)) {
            return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
        }
        Document stored = DocumentBson.fields(storedBson, read);
        if (!documentMatchesQuery(stored, selector)) {
            if (isUpsert) {
                // Not matched, so MongoDB would insert: mongo-java-server's way answers that.
                return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
            }
            oplog.handleUpdate(getFullName(), selector, updateQuery, List.of());
            return new Document("n", 0).append("nModified", 0);
        }
        Object id = stored.get(ID);
        // Of the updated document, at least every field an index reads.
        Document updated;
        byte[] updatedBson;
        if (replacement) {
            updated = replacement(id, updateQuery);
            updatedBson = updated == null ? null : encode(updated);
        } else {
            updatedBson = UpdateByFields.applied(storedBson, stored, selector, updateQuery, changes);
            // Where the update changes no field an index reads, the indexes find the same keys in both.
            updated = updatedBson == null || Collections.disjoint(changes.keySet(), indexed) ? stored
                    : DocumentBson.fields(updatedBson, indexed);
        }
        if (updatedBson == null) {
            return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
        }
        boolean modified = !Arrays.equals(storedBson, updatedBson);
        if (modified) {
            List<Index<Object>> indexes = getIndexes();
            for (Index<Object> index : indexes) {
                index.checkUpdate(stored, updated, this);
            }
            for (Index<Object> index : indexes) {
                index.updateInPlace(stored, updated, position, this);
            }
            data.put(position, updatedBson);
        }
        oplog.handleUpdate(getFullName(), selector, updateQuery, modified ? List.of(id) : List.of());
        return new Document("n", 1).append("nModified", modified ? 1 : 0);
    }

    /** The {@code _id} and the top-level fields the indexes' keys are read from. */
    private Set<String> indexedFields() {
        Set<String> fields = new HashSet<>();
        fields.add(ID);
        for (Index<Object> index : getIndexes()) {
            for (IndexKey key : index.getKeys()) {
                fields.add(FieldsRead.topLevel(key.getKey()));
            }
        }
        return fields;
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
}
