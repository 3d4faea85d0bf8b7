package io.arrears.command.account;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list that a list one element longer is made from without copying it. The lists
 * made from one another by {@link #append} share an array, each seeing its first {@code size}
 * elements, which never change: the list that ends where the array's elements end extends it in
 * place (growing it by half when it is full), and appending to any other (the facts of a command that
 * was then refused, say) copies it into an array of its own. An account's facts append a payment to
 * its payments on every command and every replayed event; copied each time, that cost as much as the
 * account had payments.
 */
final class AppendedList<T> extends AbstractList<T> implements RandomAccess {

    /** The array lists share, and how many of its elements some list sees; guarded by itself. */
    private static final class Shared {
        private Object[] elements;
        private int used;

        private Shared(Object[] elements, int used) {
            this.elements = elements;
            this.used = used;
        }
    }

    private final Shared shared;
    /** The array as this list was made; its first {@code size} elements are this list's and never change. */
    private final Object[] elements;
    private final int size;

    private AppendedList(Shared shared, Object[] elements, int size) {
        this.shared = shared;
        this.elements = elements;
        this.size = size;
    }

    /** {@code list} with {@code element} after its elements; {@code list} itself is left as it was. */
    @SuppressWarnings("unchecked")
    static <T> List<T> append(List<T> list, T element) {
        Objects.requireNonNull(element, "element");
        if (list instanceof AppendedList<?> appended) {
            return ((AppendedList<T>) appended).with(element);
        }
        return copied(list.toArray(), list.size(), element);
    }

    private AppendedList<T> with(T element) {
        synchronized (shared) {
            if (shared.used == size) {
                if (shared.elements.length == size) {
                    shared.elements = Arrays.copyOf(shared.elements, capacity(size));
                }
                shared.elements[size] = element;
                shared.used = size + 1;
                return new AppendedList<>(shared, shared.elements, size + 1);
            }
        }
        return copied(elements, size, element);
    }

    private static <T> AppendedList<T> copied(Object[] elements, int size, T element) {
        Object[] copy = Arrays.copyOf(elements, capacity(size));
        copy[size] = element;
        return new AppendedList<>(new Shared(copy, size + 1), copy, size + 1);
    }

    private static int capacity(int size) {
        return Math.max(8, size + size / 2 + 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        Objects.checkIndex(index, size);
        return (T) elements[index];
    }

    @Override
    public int size() {
        return size;
    }
}
