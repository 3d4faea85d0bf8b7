package io.arrears.infra.axon;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The accounts' cache keeps the most recently used entries up to its bound and tells its listeners. */
class BoundedCacheTest {

    @Test
    void theLeastRecentlyUsedEntryLeavesWhenTheBoundIsPassed() {
        BoundedCache cache = new BoundedCache(3);
        cache.put("A", 1);
        cache.put("B", 2);
        cache.put("C", 3);
        assertThat((Integer) cache.get("A")).isEqualTo(1);
        cache.put("D", 4);

        assertThat(cache.containsKey("B")).isFalse();
        assertThat(cache.containsKey("A")).isTrue();
        assertThat(cache.containsKey("C")).isTrue();
        assertThat(cache.containsKey("D")).isTrue();
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void putIfAbsentKeepsWhatIsThereAndRemoveForgets() {
        BoundedCache cache = new BoundedCache(10);
        assertThat(cache.putIfAbsent("A", 1)).isTrue();
        assertThat(cache.putIfAbsent("A", 2)).isFalse();
        assertThat((Integer) cache.get("A")).isEqualTo(1);
        assertThat((Integer) cache.computeIfAbsent("B", () -> 5)).isEqualTo(5);
        assertThat((Integer) cache.computeIfAbsent("B", () -> 6)).isEqualTo(5);
        cache.<Integer>computeIfPresent("B", value -> value + 1);
        assertThat((Integer) cache.get("B")).isEqualTo(6);
        assertThat(cache.remove("A")).isTrue();
        assertThat(cache.remove("A")).isFalse();
        assertThat((Object) cache.get("A")).isNull();
        cache.removeAll();
        assertThat(cache.size()).isZero();
    }

    @Test
    void listenersHearCreationUpdateReadRemovalAndEviction() {
        BoundedCache cache = new BoundedCache(1);
        List<String> heard = new ArrayList<>();
        var registration = cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                heard.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                heard.add("updated " + key);
            }

            @Override
            public void onEntryRead(Object key, Object value) {
                heard.add("read " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                heard.add("removed " + key);
            }

            @Override
            public void onEntryExpired(Object key) {
                heard.add("expired " + key);
            }
        });
        cache.put("A", 1);
        cache.put("A", 2);
        cache.get("A");
        cache.put("B", 3);
        cache.remove("B");
        registration.cancel();
        cache.put("C", 4);

        assertThat(heard).containsExactly("created A", "updated A", "read A", "created B", "expired A", "removed B");
    }

    @Test
    void aCacheHoldsAtLeastOneEntry() {
        assertThatThrownBy(() -> new BoundedCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
