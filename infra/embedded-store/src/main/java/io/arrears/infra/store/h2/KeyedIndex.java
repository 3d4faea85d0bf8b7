package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A unique index of the embedded server kept in an H2 map ordered by {@link IndexKeyType}. */
final class KeyedIndex extends AbstractUniqueIndex<Object> {

    private static final String ID = "_id";

    private final MVMap<KeyValue, Object> map;
    private final List<String> keyNames;
    private final boolean idOnly;

    KeyedIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
        this.keyNames = List.copyOf(super.keys());
        this.idOnly = keysOnly(ID);
    }

    /**
     * The names of the keys. mongo-java-server makes the list anew each time it reads a document's
     * keys, several times a write; it only reads it.
     */
    @Override
    protected List<String> keys() {
        return keyNames;
    }

    /** Whether this index's keys are {@code field} alone. */
    boolean keysOnly(String field) {
        return keys().equals(List.of(field));
    }

    /**
     * The positions of the documents in key order, from the first key not below {@code from}, or from
     * the first key if it is null; read lazily, so a reader that stops early reads no further.
     */
    Iterable<Object> positionsFrom(Object from) {
        KeyValue start = from == null ? null : new KeyValue(from);
        return () -> new Iterator<>() {
            private final Cursor<KeyValue, Object> cursor = map.cursor(start);

            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Object next() {
                cursor.next();
                return cursor.getValue();
            }
        };
    }

    /**
     * An update never changes a stored document's {@code _id} (mongo-java-server refuses one that
     * would), so an index of {@code _id} alone has nothing to check or change. Checking it read the
     * keys of both documents, and changing it read them again.
     */
    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        if (!idOnly) {
            super.checkUpdate(oldDocument, newDocument, collection);
        }
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
                              MongoCollection<Object> collection) throws KeyConstraintError {
        if (!idOnly) {
            super.updateInPlace(oldDocument, newDocument, position, collection);
        }
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return map.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(key);
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
