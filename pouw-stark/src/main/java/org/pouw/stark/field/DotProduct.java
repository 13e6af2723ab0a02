package org.pouw.stark.field;

import org.pouw.crypto.Goldilocks;

/**
 * Dot products of canonical Goldilocks vectors with one reduction: the 128-bit products are summed into a 192-bit
 * accumulator (lo, hi, top) and reduced once, using 2^128 ≡ −2^32 (mod p). For the short vectors of a trace row
 * (MDS rows, constraint and DEEP coefficients) this replaces a reduction per term by one per sum.
 */
public final class DotProduct {
    /** Sums longer than this could overflow the top word's correction (top·2^32 must stay below p). */
    public static final int MAX_LENGTH = 1 << 20;

    private DotProduct() {
    }

    /** Σ a[i]·b[i] over the full length of {@code a}. */
    public static long dot(long[] a, long[] b) {
        return dot(a, b, a.length);
    }

    /** Σ a[i]·b[i] for i &lt; length. */
    public static long dot(long[] a, long[] b, int length) {
        long lo = 0;
        long hi = 0;
        long top = 0;
        for (int k = 0; k < length; k++) {
            long x = a[k];
            long y = b[k];
            long productLo = x * y;
            long productHi = Math.unsignedMultiplyHigh(x, y);
            lo += productLo;
            // carries as 0/1 from conditional expressions: the JIT turns them into flag arithmetic or conditional
            // moves, where if-statements would mispredict on half of the random operands
            productHi += lo + Long.MIN_VALUE < productLo + Long.MIN_VALUE ? 1 : 0; // products < p²: no overflow
            hi += productHi;
            top += hi + Long.MIN_VALUE < productHi + Long.MIN_VALUE ? 1 : 0;
        }
        // 2^128 = (2^64)^2 ≡ (2^32 − 1)^2 = 2^64 − 2^33 + 1 ≡ (2^32 − 1) − 2^33 + 1 = −2^32 (mod p)
        return Goldilocks.sub(Goldilocks.reduce128(hi, lo), Goldilocks.reduce(top << 32));
    }
}
