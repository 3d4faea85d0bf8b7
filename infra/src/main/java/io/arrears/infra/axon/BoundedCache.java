package io.arrears.infra.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Keeps the most recently used entries, at most {@code entriesMax} of them, by strong reference.
 *
 * <p>The accounts' repository had Axon's {@code WeakReferenceCache}, whose entries go at every
 * collection of the young generation: under load most commands loaded their account again from
 * the store (snapshot, then the events after it). A bound by count keeps the heap predictable.
 */
public final class BoundedCache implements Cache {

    private final int entriesMax;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedHashMap<Object, Object> entries;

    public BoundedCache(int entriesMax) {
        if (entriesMax < 1) {
            throw new IllegalArgumentException("a cache holds at least one entry, not " + entriesMax);
        }
        this.entriesMax = entriesMax;
        this.entries = new LinkedHashMap<>(Math.min(entriesMax, 1 << 16), 0.75f, true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value;
        synchronized (entries) {
            value = entries.get(key);
        }
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        Object previous;
        Map.Entry<Object, Object> evicted;
        synchronized (entries) {
            previous = entries.put(key, value);
            evicted = evictEldest();
        }
        if (previous == null) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        } else {
            listeners.forEach(listener -> listener.onEntryUpdated(key, value));
        }
        expired(evicted);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        Map.Entry<Object, Object> evicted;
        synchronized (entries) {
            if (entries.containsKey(key)) {
                return false;
            }
            entries.put(key, value);
            evicted = evictEldest();
        }
        listeners.forEach(listener -> listener.onEntryCreated(key, value));
        expired(evicted);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        T present = get(key);
        if (present != null) {
            return present;
        }
        T value = valueSupplier.get();
        return putIfAbsent(key, value) ? value : get(key);
    }

    @Override
    public boolean remove(Object key) {
        boolean removed;
        synchronized (entries) {
            removed = entries.remove(key) != null;
        }
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        List<Object> keys;
        synchronized (entries) {
            keys = List.copyOf(entries.keySet());
            entries.clear();
        }
        keys.forEach(key -> listeners.forEach(listener -> listener.onEntryRemoved(key)));
    }

    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            return entries.containsKey(key);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        Object updated;
        synchronized (entries) {
            V present = (V) entries.get(key);
            if (present == null) {
                return;
            }
            updated = update.apply(present);
            if (updated == null) {
                entries.remove(key);
            } else {
                entries.put(key, updated);
            }
        }
        if (updated == null) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        } else {
            listeners.forEach(listener -> listener.onEntryUpdated(key, updated));
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Called holding the lock, after an insert: the least recently used entry once over the bound. */
    private Map.Entry<Object, Object> evictEldest() {
        if (entries.size() <= entriesMax) {
            return null;
        }
        Map.Entry<Object, Object> eldest = entries.entrySet().iterator().next();
        entries.remove(eldest.getKey());
        return Map.entry(eldest.getKey(), eldest.getValue());
    }

    private void expired(Map.Entry<Object, Object> evicted) {
        if (evicted != null) {
            listeners.forEach(listener -> listener.onEntryExpired(evicted.getKey()));
        }
    }
}
