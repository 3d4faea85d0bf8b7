package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The key type of the embedded server's unique indexes on H2: a {@link KeyValue} ordered by
 * MongoDB's comparison order, value by value.
 *
 * <p>mongo-java-server opens its index maps with H2's default type, which does not know
 * {@code KeyValue} and orders such keys by comparing their Java serialisations: every step of every
 * B-tree search serialised two keys with an {@code ObjectOutputStream}, and index lookups were most
 * of the embedded server's work. Compared as values, keys that MongoDB holds equal are one key, as in
 * a unique index on a real server. The values themselves are stored as H2 stores them by default.
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

    /** Bytes H2 may assume a key takes in memory: a small list of short values. */
    private static final int KEY_MEMORY_ESTIMATE = 64;

    private final ObjectDataType values = new ObjectDataType();

    @Override
    public int compare(KeyValue a, KeyValue b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            int order = ValueComparator.ascWithoutListHandling().compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public int getMemory(KeyValue key) {
        return KEY_MEMORY_ESTIMATE;
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        buffer.putVarInt(key.size());
        for (Object value : key) {
            values.write(buffer, value);
        }
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        int size = DataUtils.readVarInt(buffer);
        List<Object> read = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            read.add(values.read(buffer));
        }
        return new KeyValue(read);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
