package io.arrears.infra.store.h2;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

class KeptWriteBufferStoreTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    /**
     * A commit of 6 MiB of pages: H2's own store hands the next commit a new buffer of 1 MiB, to be
     * grown again; ours a buffer that holds the chunk, and the same buffer at every commit after.
     */
    @Test
    void aCommitAfterALargeChunkGetsABufferThatHoldsIt() {
        SingleFileStore h2s = new SingleFileStore(new HashMap<>());
        h2s.open(dir.resolve("h2.mv").toString(), false, (char[]) null);
        try (MVStore store = new MVStore.Builder().adoptFileStore(h2s).autoCommitDisabled().autoCommitBufferSize(0).open()) {
            commitPages(store, 6 * MIB);
            assertThat(h2s.getWriteBuffer().capacity()).isEqualTo(MIB);
        }

        KeptWriteBufferStore ours = KeptWriteBufferStore.open(dir.resolve("ours.mv").toString(), 16);
        try (MVStore store = new MVStore.Builder().adoptFileStore(ours).autoCommitDisabled().autoCommitBufferSize(0).open()) {
            commitPages(store, 6 * MIB);
            commitPages(store, 6 * MIB);
            WriteBuffer buffer = ours.getWriteBuffer();
            ByteBuffer bytes = buffer.getBuffer();
            assertThat(buffer.capacity()).isGreaterThanOrEqualTo(6 * MIB);
            ours.releaseWriteBuffer(buffer);

            commitPages(store, 6 * MIB);
            WriteBuffer again = ours.getWriteBuffer();
            assertThat(again).isSameAs(buffer);
            assertThat(again.getBuffer()).isSameAs(bytes);
        }
    }

    /** A chunk beyond the largest kept buffer: the next buffer is the largest kept, no bigger. */
    @Test
    void theBufferKeptIsBounded() {
        KeptWriteBufferStore ours = KeptWriteBufferStore.open(dir.resolve("ours.mv").toString(), 16);
        try (MVStore store = new MVStore.Builder().adoptFileStore(ours).autoCommitDisabled().autoCommitBufferSize(0).open()) {
            WriteBuffer grown = ours.getWriteBuffer();
            grown.put(new byte[KeptWriteBufferStore.KEPT_BYTES_MAX + MIB]);
            ours.releaseWriteBuffer(grown);

            assertThat(ours.getWriteBuffer().capacity()).isEqualTo(KeptWriteBufferStore.KEPT_BYTES_MAX);
        }
    }

    /** Writes about {@code bytes} of new values and commits them: one chunk of about that size. */
    private static void commitPages(MVStore store, int bytes) {
        MVMap<Integer, byte[]> map = store.openMap("values");
        int base = map.size();
        for (int i = 0; i < bytes / 1024; i++) {
            map.put(base + i, new byte[1024]);
        }
        store.commit();
    }
}
