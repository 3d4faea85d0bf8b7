package io.arrears.infra.store;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A caller returns from the group commit only once a commit after its write has been made. */
class GroupCommitTest {

    @TempDir
    Path dir;

    private MVStore open() {
        return new MVStore.Builder().fileName(dir.resolve("group.mv").toString()).autoCommitDisabled().open();
    }

    @Test
    void everyCallerReturnsAfterACommitThatFollowedItsWrite() throws Exception {
        int callers = 32;
        try (MVStore store = open()) {
            MVMap<Integer, Integer> map = store.openMap("writes");
            GroupCommit groupCommit = new GroupCommit(store);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(callers);
            try {
                List<Future<?>> outcomes = new ArrayList<>();
                for (int caller = 0; caller < callers; caller++) {
                    int key = caller;
                    outcomes.add(threads.submit(() -> {
                        go.await();
                        for (int round = 0; round < 20; round++) {
                            // The write goes into this version or a later one; only a commit closes it.
                            long written = store.getCurrentVersion();
                            map.put(key * 100 + round, round);
                            groupCommit.awaitDurable();
                            assertThat(store.getCurrentVersion()).isGreaterThan(written);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> outcome : outcomes) {
                    outcome.get();
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(store.hasUnsavedChanges()).isFalse();
            assertThat(map).hasSize(callers * 20);
        }
    }

    @Test
    void aCallerWithNothingUnsavedCommitsNothing() {
        try (MVStore store = open()) {
            MVMap<Integer, Integer> map = store.openMap("writes");
            GroupCommit groupCommit = new GroupCommit(store);
            map.put(1, 1);
            long written = store.getCurrentVersion();

            groupCommit.awaitDurable();
            long committed = store.getCurrentVersion();
            groupCommit.awaitDurable();

            assertThat(committed).isGreaterThan(written);
            assertThat(store.getCurrentVersion()).isEqualTo(committed);
        }
    }
}
