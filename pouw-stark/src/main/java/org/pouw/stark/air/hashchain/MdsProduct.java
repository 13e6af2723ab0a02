package org.pouw.stark.air.hashchain;

import org.pouw.stark.field.Goldilocks;

/**
 * Dot products of a matrix row with a vector of canonical elements, reduced once: the 128-bit products are summed
 * into a 192-bit accumulator (lo, hi, top) and reduced with 2^128 ≡ −2^32 (mod p). For 12 terms this replaces 12
 * reductions by one.
 */
final class MdsProduct {
    private MdsProduct() {
    }

    static long dot(long[] row, long[] vector) {
        long lo = 0;
        long hi = 0;
        long top = 0;
        for (int k = 0; k < row.length; k++) {
            long a = row[k];
            long b = vector[k];
            long productLo = a * b;
            long productHi = Math.unsignedMultiplyHigh(a, b);
            lo += productLo;
            if (Long.compareUnsigned(lo, productLo) < 0) {
                productHi++; // products are below p² < 2^128 − 2^96, so this cannot overflow
            }
            hi += productHi;
            if (Long.compareUnsigned(hi, productHi) < 0) {
                top++;
            }
        }
        // 2^128 = (2^64)^2 ≡ (2^32 − 1)^2 = 2^64 − 2^33 + 1 ≡ (2^32 − 1) − 2^33 + 1 = −2^32 (mod p)
        return Goldilocks.sub(Goldilocks.reduce128(hi, lo), top << 32);
    }
}
