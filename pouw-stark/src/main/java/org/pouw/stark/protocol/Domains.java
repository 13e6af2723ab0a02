package org.pouw.stark.protocol;

import org.pouw.crypto.Goldilocks;

/**
 * The evaluation domains: the trace domain ⟨ω_n⟩, and the low-degree-extension and constraint-evaluation domains,
 * both cosets g·⟨ω_N⟩ of the multiplicative generator g = 7, so neither meets the trace domain. Position t of an
 * extension domain of size N is the point g·ω_N^t.
 */
public final class Domains {
    public static final long OFFSET = Goldilocks.GENERATOR;

    private Domains() {
    }

    /** The point g·ω_N^t. */
    public static long point(int domainSize, int position) {
        return Goldilocks.mul(OFFSET, Goldilocks.pow(Goldilocks.rootOfUnity(log2(domainSize)), position));
    }

    public static int log2(int powerOfTwo) {
        return Integer.numberOfTrailingZeros(powerOfTwo);
    }
}
