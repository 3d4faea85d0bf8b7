package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * mongo-java-server's H2 database with faster storage types: unique indexes ordered by
 * {@link IndexKeyType} in maps of their own, documents stored as BSON ({@link DocumentType}) in
 * collections that decode what they read and encode what they write ({@link LedgerH2Collection}).
 * A collection lives in the record's file store or, if the {@link ViewsFile} names it, in the views'.
 *
 * <p>The index maps of a store written before are left behind: an index opened here starts empty
 * and the collection fills it from its documents, once, as it does for any new index; the old map is
 * removed in the same store version, so a crash in between leaves the store as it was. Likewise, a
 * views collection that a store written before kept in the record is removed from it, to be derived
 * again (for the ledger: its projection finds no token in the views and starts from the first event).
 */
final class LedgerH2Database extends H2Database {

    /** H2's default index maps are named {@code <namespace>._index_<name>}; these are named apart. */
    private static final String LEGACY_INDEX_INFIX = "._index_";
    private static final String INDEX_INFIX = "._keyed_index_";
    /** The map names mongo-java-server gives a collection's documents and its metadata. */
    static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    private final MVStore record;
    private final MVStore views;
    private final ViewsFile viewsFile;

    LedgerH2Database(String databaseName, MVStore record, MVStore views, ViewsFile viewsFile,
                     CursorRegistry cursorRegistry) {
        // The superclass opens the stored collections in its constructor, before the stores are set;
        // initializeNamespacesAndIndexes below skips that call and opens them here with our types.
        super(databaseName, record, cursorRegistry);
        this.record = record;
        this.views = views;
        this.viewsFile = viewsFile;
        viewsFile.collections().forEach(collection -> removeMaps(record, collection));
        super.initializeNamespacesAndIndexes();
    }

    @Override
    protected void initializeNamespacesAndIndexes() {
        if (record != null) {
            super.initializeNamespacesAndIndexes();
        }
    }

    private MVStore storeOf(String collectionName) {
        return viewsFile.holds(collectionName) ? views : record;
    }

    /** Removes the maps of a collection's documents, metadata and indexes from {@code store}. */
    private void removeMaps(MVStore store, String collectionName) {
        String namespace = getFullCollectionNamespace(collectionName);
        for (String name : List.copyOf(store.getMapNames())) {
            if (name.equals(DATA_PREFIX + namespace) || name.equals(META_PREFIX + namespace)
                    || name.startsWith(namespace + LEGACY_INDEX_INFIX) || name.startsWith(namespace + INDEX_INFIX)) {
                store.removeMap(name);
            }
        }
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        MVStore store = storeOf(collectionName);
        String namespace = getFullCollectionNamespace(collectionName);
        String legacy = namespace + LEGACY_INDEX_INFIX + indexName;
        if (store.hasMap(legacy)) {
            store.removeMap(legacy);
        }
        MVMap<KeyValue, Object> map = store.openMap(namespace + INDEX_INFIX + indexName,
                new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()));
        return new KeyedIndex(map, indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        MVStore store = storeOf(collection.getCollectionName());
        String name = getFullCollectionNamespace(collection.getCollectionName()) + INDEX_INFIX + indexName;
        if (store.hasMap(name)) {
            store.removeMap(name);
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        MVStore store = storeOf(collectionName);
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, byte[]> data = store.openMap(DATA_PREFIX + namespace,
                new MVMap.Builder<Object, byte[]>().valueType(new DocumentType()));
        return new LedgerH2Collection(this, collectionName, options, data, cursorRegistry);
    }

    /** The superclass removes the maps of the record; a views collection's are in the views. */
    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        if (viewsFile.holds(collectionName)) {
            removeMaps(views, collectionName);
        }
    }

    /** The superclass removes the database's maps from the record; the views file holds only its named collections. */
    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        viewsFile.collections().forEach(collection -> removeMaps(views, collection));
    }

    /** Renaming moves maps within one file store: a views collection cannot be renamed, nor take a views name. */
    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        if (viewsFile.holds(collection.getCollectionName()) || viewsFile.holds(newCollectionName)) {
            throw new UnsupportedOperationException("the embedded store does not rename collections of its views file");
        }
        super.moveCollection(oldDatabase, collection, newCollectionName);
    }
}
