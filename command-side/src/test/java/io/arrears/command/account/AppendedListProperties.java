package io.arrears.command.account;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lists appended to from any earlier list, as an account's facts are by commands, refused ones
 * among them: each is its parent with one more element, against copies made the plain way, and none
 * changes when later ones are made.
 */
class AppendedListProperties {

    @Property(tries = 500)
    void everyListIsItsParentWithOneMoreElementAndStaysSo(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 1_000) Integer> parents) {
        List<List<Integer>> lists = new ArrayList<>(List.of(List.of()));
        List<List<Integer>> copies = new ArrayList<>(List.of(List.of()));
        for (int i = 0; i < parents.size(); i++) {
            // Mostly the newest list, as a command appends to the account's latest facts.
            int parent = parents.get(i) % 4 == 0 ? parents.get(i) % lists.size() : lists.size() - 1;
            Statistics.collect(parent == lists.size() - 1 ? "the newest" : "an earlier one");
            lists.add(AppendedList.append(lists.get(parent), i));
            List<Integer> copy = new ArrayList<>(copies.get(parent));
            copy.add(i);
            copies.add(copy);
        }
        assertThat(lists).isEqualTo(copies);
    }

    @Test
    void aListOfAnotherKindIsCopiedAndNeitherCanBeChanged() {
        List<String> plain = new ArrayList<>(List.of("P1"));
        List<String> appended = AppendedList.append(plain, "P2");
        plain.add("P3");

        assertThat(appended).containsExactly("P1", "P2");
        assertThatThrownBy(() -> appended.add("P4")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> appended.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> AppendedList.append(appended, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void threadsAppendingToOneListEachGetItWithTheirOwnElement() throws Exception {
        List<Integer> base = List.of();
        for (int i = 0; i < 100; i++) {
            base = AppendedList.append(base, i);
        }
        List<Integer> from = base;
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<List<Integer>>>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(() -> {
                    go.await();
                    List<List<Integer>> made = new ArrayList<>();
                    for (int round = 0; round < 1_000; round++) {
                        made.add(AppendedList.append(from, thread * 1_000 + round));
                    }
                    return made;
                });
            }
            List<Future<List<List<Integer>>>> outcomes = new ArrayList<>();
            for (Callable<List<List<Integer>>> task : tasks) {
                outcomes.add(pool.submit(task));
            }
            go.countDown();
            List<Integer> expectedBase = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expectedBase.add(i);
            }
            for (int t = 0; t < threads; t++) {
                List<List<Integer>> made = outcomes.get(t).get();
                for (int round = 0; round < made.size(); round++) {
                    List<Integer> expected = new ArrayList<>(expectedBase);
                    expected.add(t * 1_000 + round);
                    assertThat(made.get(round)).isEqualTo(expected);
                }
            }
            assertThat(from).isEqualTo(Collections.unmodifiableList(expectedBase));
        } finally {
            pool.shutdownNow();
        }
    }
}
