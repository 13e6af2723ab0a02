package org.pouw.stark.poly;

import org.pouw.crypto.Goldilocks;

/**
 * Powers of roots of unity laid out stage by stage: {@code table[h + j] = ω_{2h}^j} for every power of two h and
 * j &lt; h. A butterfly stage of half-width h reads its h twiddles contiguously, and since the entry for h does not
 * depend on the transform size, one table of length 2^k serves every transform up to size 2^k.
 */
final class TwiddleTable {
    private static volatile long[] table = build(12);

    private TwiddleTable() {
    }

    /** A table valid for transforms of size up to 2^logSize. */
    static long[] upTo(int logSize) {
        long[] current = table;
        if (current.length >= (1 << logSize)) {
            return current;
        }
        synchronized (TwiddleTable.class) {
            if (table.length < (1 << logSize)) {
                table = build(logSize);
            }
            return table;
        }
    }

    private static long[] build(int logSize) {
        long[] t = new long[1 << logSize];
        for (int logHalf = 0; logHalf < logSize; logHalf++) {
            int half = 1 << logHalf;
            long root = Goldilocks.rootOfUnity(logHalf + 1);
            long power = 1;
            for (int j = 0; j < half; j++) {
                t[half + j] = power;
                power = Goldilocks.mul(power, root);
            }
        }
        return t;
    }
}
