package io.arrears.infra.store.h2;

import java.util.Arrays;

/**
 * A document's elements as pieces of two arrays, in order: the stored BSON's, copied as they are,
 * and those a change wrote ({@link DocumentBson#changed}). Joined once, into an array of the exact
 * size: a long-lived account's document is copied once an update, not grown and copied again.
 */
final class BsonPieces {

    private static final int STORED = 0;
    private static final int MADE = 1;

    /** Each piece as three ints: its source, where it starts and where it ends. */
    private int[] pieces = new int[48];
    private int count;
    private int length;

    void stored(int from, int to) {
        add(STORED, from, to);
    }

    void made(int from, int to) {
        add(MADE, from, to);
    }

    private void add(int source, int from, int to) {
        if (count + 3 > pieces.length) {
            pieces = Arrays.copyOf(pieces, pieces.length * 2);
        }
        pieces[count++] = source;
        pieces[count++] = from;
        pieces[count++] = to;
        length += to - from;
    }

    /** The document: its length (little-endian), the pieces, its terminating zero. */
    byte[] joined(byte[] stored, byte[] made) {
        byte[] document = new byte[4 + length + 1];
        for (int shift = 0; shift < 32; shift += 8) {
            document[shift / 8] = (byte) (document.length >> shift);
        }
        int at = 4;
        for (int i = 0; i < count; i += 3) {
            int piece = pieces[i + 2] - pieces[i + 1];
            System.arraycopy(pieces[i] == STORED ? stored : made, pieces[i + 1], document, at, piece);
            at += piece;
        }
        return document;
    }
}
