package io.arrears.infra.axon;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The accounts' cache holds at most its bound, keeps what is used, and tells its listeners. */
class AccountCacheTest {

    @Test
    void itHoldsAtMostItsBoundAndKeepsAnEntryInUse() {
        AccountCache cache = new AccountCache(100);
        List<Object> expired = new CopyOnWriteArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });
        cache.put("HOT", 0);
        for (int i = 0; i < 1_000; i++) {
            cache.get("HOT");
            cache.put("A-" + i, i);
        }

        assertThat(cache.size()).isEqualTo(100);
        assertThat(expired).hasSize(1_001 - 100).doesNotContain("HOT");
        assertThat(cache.containsKey("HOT")).isTrue();
    }

    @Test
    void putIfAbsentKeepsWhatIsThereAndRemoveForgets() {
        AccountCache cache = new AccountCache(10);
        assertThat(cache.putIfAbsent("A", 1)).isTrue();
        assertThat(cache.putIfAbsent("A", 2)).isFalse();
        assertThat((Integer) cache.get("A")).isEqualTo(1);
        assertThat((Integer) cache.computeIfAbsent("B", () -> 5)).isEqualTo(5);
        assertThat((Integer) cache.computeIfAbsent("B", () -> 6)).isEqualTo(5);
        cache.<Integer>computeIfPresent("B", value -> value + 1);
        assertThat((Integer) cache.get("B")).isEqualTo(6);
        cache.<Integer>computeIfPresent("C", value -> value + 1);
        assertThat(cache.containsKey("C")).isFalse();
        assertThat(cache.remove("A")).isTrue();
        assertThat(cache.remove("A")).isFalse();
        assertThat((Object) cache.get("A")).isNull();
        cache.removeAll();
        assertThat(cache.size()).isZero();
    }

    @Test
    void listenersHearCreationUpdateReadRemovalAndEviction() {
        AccountCache cache = new AccountCache(1);
        List<String> heard = new ArrayList<>();
        Registration registration = listen(cache, heard);
        cache.put("A", 1);
        cache.put("A", 2);
        cache.get("A");
        cache.put("B", 3);
        cache.size();
        // One of the two is evicted, as B goes in (Caffeine may keep A, which was used, and drop B).
        assertThat(heard).hasSize(5).startsWith("created A", "updated A", "read A").contains("created B")
                .containsAnyOf("expired A", "expired B");
        String kept = cache.containsKey("A") ? "A" : "B";
        cache.remove(kept);
        registration.cancel();
        cache.put("C", 4);

        assertThat(heard).hasSize(6).endsWith("removed " + kept);
    }

    @Test
    void aCommandThatVisitsOnceUpdatesACachedAccountButAddsNone() {
        AccountCache cache = new AccountCache(10);
        cache.put("CACHED", 1);
        List<String> heard = new ArrayList<>();
        listen(cache, heard);

        UnitOfWork<?> once = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("accrue")
                .andMetaData(MetaData.with(AccountCache.VISITS_ONCE, true)));
        try {
            cache.put("CACHED", 2);
            cache.put("LOADED", 3);
        } finally {
            once.rollback();
        }

        assertThat(heard).containsExactly("updated CACHED");
        assertThat((Integer) cache.get("CACHED")).isEqualTo(2);
        assertThat(cache.containsKey("LOADED")).isFalse();

        UnitOfWork<?> again = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("pay")
                .andMetaData(MetaData.with(AccountCache.VISITS_ONCE, false)));
        try {
            cache.put("LOADED", 4);
        } finally {
            again.rollback();
        }
        cache.put("OUTSIDE", 5);

        assertThat((Integer) cache.get("LOADED")).isEqualTo(4);
        assertThat((Integer) cache.get("OUTSIDE")).isEqualTo(5);
    }

    /** Records what {@code cache} tells its listeners, in order, until the registration is cancelled. */
    private static Registration listen(AccountCache cache, List<String> heard) {
        return cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
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
    }

    @Test
    void aCacheHoldsAtLeastOneEntry() {
        assertThatThrownBy(() -> new AccountCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
