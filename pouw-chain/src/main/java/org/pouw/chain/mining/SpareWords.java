package org.pouw.chain.mining;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A buffer for a start state's parameter words that a miner or a window replay reuses step after step, so that a
 * step's vitals ({@link VitalsScan}) copy the words into it instead of allocating a fresh array each step. The words
 * are kept as little-endian bytes, as an encoding holds them, so the scan reads the buffer and an encoding with one
 * loop. Not thread-safe: one owner, one step at a time.
 */
final class SpareWords {
    private byte[] bytes = new byte[0];

    /** Copies {@code count} words of {@code from} from {@code offset} on into the buffer, grown if too small. */
    byte[] holding(int[] from, int offset, int count) {
        if (bytes.length < 4L * count) {
            bytes = new byte[Math.multiplyExact(4, count)];
        }
        // A bulk copy: little-endian words into little-endian bytes.
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(from, offset, count);
        return bytes;
    }
}
