package io.arrears.infra.store.h2;

import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;

import java.util.HashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * H2's file store, keeping one write buffer as large as the largest chunk it has written (up to
 * {@value #KEPT_BYTES_MAX} bytes) for the next commit.
 *
 * <p>H2 serialises a commit's pages into a buffer of 1 MiB that grows by half each time it fills,
 * copying, and it keeps no buffer past 4 MiB. The views' file is committed once a second with every
 * page the projections changed in that second, several MiB at 100,000 accounts: each commit made a
 * new buffer and grew it through 2, 3 and 4.5 MiB. Under a heap of 512 MiB, G1 allocates each array
 * of 512 KiB or more in regions of its own, counted as old generation until the next collection, and
 * those arrays started most of its concurrent marking cycles. A kept buffer is made again only when
 * a chunk outgrows it.
 */
public final class KeptWriteBufferStore extends SingleFileStore {

    /** The largest buffer kept: a bigger chunk is written as H2 writes it, through a buffer of its own. */
    static final int KEPT_BYTES_MAX = 32 << 20;
    private static final int KEPT_BYTES_MIN = 1 << 20;

    private final AtomicReference<WriteBuffer> kept = new AtomicReference<>();
    /** The capacity of the buffer made when none is kept: the largest chunk's, within the bounds. */
    private volatile int capacity = KEPT_BYTES_MIN;

    /** A store for {@code fileName}, opened, with H2's defaults but a page cache of {@code cacheMegabytes}. */
    public static KeptWriteBufferStore open(String fileName, int cacheMegabytes) {
        HashMap<String, Object> config = new HashMap<>();
        config.put("cacheSize", cacheMegabytes);
        KeptWriteBufferStore store = new KeptWriteBufferStore(config);
        store.open(fileName, false, (char[]) null);
        return store;
    }

    private KeptWriteBufferStore(HashMap<String, Object> config) {
        super(config);
    }

    @Override
    public WriteBuffer getWriteBuffer() {
        WriteBuffer buffer = kept.getAndSet(null);
        return buffer == null ? new WriteBuffer(capacity) : buffer.clear();
    }

    @Override
    public void releaseWriteBuffer(WriteBuffer buffer) {
        int used = buffer.capacity();
        if (used > capacity) {
            // It grew: the next commit gets one made this large at once, rather than grown again.
            capacity = Math.min(used, KEPT_BYTES_MAX);
            return;
        }
        kept.set(buffer);
    }
}
