package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * mongo-java-server's H2 database with faster storage types: unique indexes ordered by
 * {@link IndexKeyType} in maps of their own, documents stored as BSON ({@link DocumentType}) in
 * collections that never hand out the stored object ({@link LedgerH2Collection}).
 *
 * <p>The index maps of a store written before are left behind: an index opened here starts empty
 * and the collection fills it from its documents, once, as it does for any new index; the old map is
 * removed in the same store version, so a crash in between leaves the store as it was.
 */
final class LedgerH2Database extends H2Database {

    /** H2's default index maps are named {@code <namespace>._index_<name>}; these are named apart. */
    private static final String LEGACY_INDEX_INFIX = "._index_";
    private static final String INDEX_INFIX = "._keyed_index_";
    /** The map names mongo-java-server gives a collection's documents and its metadata. */
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    private final MVStore store;

    LedgerH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        // The superclass opens the stored collections in its constructor, before this.store is set;
        // initializeNamespacesAndIndexes below skips that call and opens them here with our types.
        super(databaseName, store, cursorRegistry);
        this.store = store;
        super.initializeNamespacesAndIndexes();
    }

    @Override
    protected void initializeNamespacesAndIndexes() {
        if (store != null) {
            super.initializeNamespacesAndIndexes();
        }
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
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
        String name = getFullCollectionNamespace(collection.getCollectionName()) + INDEX_INFIX + indexName;
        if (store.hasMap(name)) {
            store.removeMap(name);
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> data = store.openMap(DATA_PREFIX + namespace,
                new MVMap.Builder<Object, Document>().valueType(new DocumentType()));
        MVMap<String, Object> meta = store.openMap(META_PREFIX + namespace);
        return new LedgerH2Collection(this, collectionName, options, data, meta, cursorRegistry);
    }
}
