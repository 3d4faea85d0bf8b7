package io.arrears.infra.axon;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Axon's {@link Cache} over a Caffeine cache bounded by count: the accounts' repository keeps up to
 * {@code entriesMax} accounts by strong reference, and Caffeine chooses which to evict (W-TinyLFU:
 * accounts used often stay). Axon ships adapters for EhCache and JCache but not for Caffeine; this
 * one only translates calls and tells Axon's listeners.
 *
 * <p>The repository had Axon's {@code WeakReferenceCache}, whose entries go at every collection of
 * the young generation: under load most commands loaded their account again from the store
 * (snapshot, then the events after it). A bound by count keeps the heap predictable.
 *
 * <p>A command that says it {@linkplain #VISITS_ONCE visits its account once} keeps an account that
 * is cached up to date, but does not add one that is not.
 */
public final class AccountCache implements Cache {

    /**
     * A command's metadata key: when {@code true}, the command visits its account once, as the
     * portfolio accrual run visits every open account each night, and an account it loaded from the
     * store is not kept afterwards. A run over 100,000 accounts otherwise put each of them in the
     * cache, evicting the accounts that payments come back to (docs/BENCHMARKS.md, issue 18,
     * nineteenth session).
     */
    public static final String VISITS_ONCE = "arrears.visitsOnce";

    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> cache;
    private final ConcurrentMap<Object, Object> entries;

    public AccountCache(int entriesMax) {
        if (entriesMax < 1) {
            throw new IllegalArgumentException("a cache holds at least one entry, not " + entriesMax);
        }
        this.cache = Caffeine.newBuilder().maximumSize(entriesMax).executor(Runnable::run)
                .evictionListener((key, value, cause) -> listeners.forEach(listener -> listener.onEntryExpired(key)))
                .build();
        this.entries = cache.asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = cache.getIfPresent(key);
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        if (visitingOnce()) {
            // The account's lock is held (Axon's locking repository), so no other put races this one.
            if (entries.replace(key, value) != null) {
                listeners.forEach(listener -> listener.onEntryUpdated(key, value));
            }
            return;
        }
        Object previous = entries.put(key, value);
        if (previous == null) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        } else {
            listeners.forEach(listener -> listener.onEntryUpdated(key, value));
        }
    }

    private static boolean visitingOnce() {
        return CurrentUnitOfWork.isStarted()
                && Boolean.TRUE.equals(CurrentUnitOfWork.get().getMessage().getMetaData().get(VISITS_ONCE));
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        if (entries.putIfAbsent(key, value) != null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryCreated(key, value));
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
        if (entries.remove(key) == null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryRemoved(key));
        return true;
    }

    @Override
    public void removeAll() {
        List<Object> keys = List.copyOf(entries.keySet());
        keys.forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        boolean[] present = new boolean[1];
        Object updated = entries.computeIfPresent(key, (k, value) -> {
            present[0] = true;
            return update.apply((V) value);
        });
        if (!present[0]) {
            return;
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

    /** Entries held, once pending evictions are done. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
