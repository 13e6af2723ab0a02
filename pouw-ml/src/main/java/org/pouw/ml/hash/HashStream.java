package org.pouw.ml.hash;

import java.nio.ByteBuffer;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * Deterministic pseudo-random 64-bit words: {@code BLAKE3(key ‖ counter)} for counter 0, 1, 2, … (big-endian
 * u64), four words per hash. Used wherever "random" must be a public function of committed values: batch
 * orders from the task seed, audit steps from the challenge.
 */
public final class HashStream {
    private final byte[] key;
    private final long[] words = new long[4];
    private long counter;
    private int used = 4;

    public HashStream(Bytes32 key) {
        this.key = key.toArray();
    }

    public long next() {
        if (used == 4) {
            ByteBuffer block = ByteBuffer.wrap(Blake3.hash(key, ByteBuffer.allocate(8).putLong(counter++).array()));
            for (int i = 0; i < 4; i++) {
                words[i] = block.getLong();
            }
            used = 0;
        }
        return words[used++];
    }

    /**
     * Exactly uniform on [0, bound): Lemire's multiply-and-reject ("Fast Random Integer Generation in an
     * Interval", ACM TOMACS 2019), with 64-bit words.
     */
    public long below(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long x = next();
        long low = x * bound;
        if (Long.compareUnsigned(low, bound) < 0) {
            long threshold = Long.remainderUnsigned(-bound, bound);
            while (Long.compareUnsigned(low, threshold) < 0) {
                x = next();
                low = x * bound;
            }
        }
        return Math.unsignedMultiplyHigh(x, bound);
    }
}
