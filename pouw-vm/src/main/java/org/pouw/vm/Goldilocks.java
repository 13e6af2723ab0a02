package org.pouw.vm;

/**
 * Arithmetic in the Goldilocks field, p = 2^64 − 2^32 + 1 (ARCHITECTURE.md §7).
 *
 * <p>An element is a {@code long} read as <em>unsigned</em> and kept canonical, in [0, p). Every operation expects
 * canonical arguments and returns a canonical result; {@link #reduce} brings any 64-bit pattern into range. The field
 * was chosen so that VM traces are native to the STARK prover, and because 2^64 ≡ 2^32 − 1 (mod p) makes reduction a
 * few additions instead of a division.
 */
public final class Goldilocks {
    /** The modulus 2^64 − 2^32 + 1 = 18446744069414584321, as an unsigned {@code long}. */
    public static final long P = 0xFFFF_FFFF_0000_0001L;

    /** 2^64 mod p = 2^32 − 1: what a carry out of 64 bits is worth in the field. */
    private static final long EPSILON = 0xFFFF_FFFFL;

    private Goldilocks() {
    }

    /** Whether {@code x}, read unsigned, is below p. */
    public static boolean isCanonical(long x) {
        return Long.compareUnsigned(x, P) < 0;
    }

    /** Any unsigned 64-bit value modulo p. One subtraction suffices because 2^64 &lt; 2p. */
    public static long reduce(long x) {
        return isCanonical(x) ? x : x - P;
    }

    public static long add(long a, long b) {
        long sum = a + b;
        if (Long.compareUnsigned(sum, a) < 0) {
            // The true sum is sum + 2^64 ≡ sum + EPSILON; it cannot overflow again since a + b < 2p.
            return sum + EPSILON;
        }
        return reduce(sum);
    }

    public static long sub(long a, long b) {
        long difference = a - b;
        if (Long.compareUnsigned(a, b) < 0) {
            // The wrapped difference is a − b + 2^64; adding p instead of 2^64 means subtracting EPSILON.
            return difference - EPSILON;
        }
        return difference;
    }

    public static long neg(long a) {
        return a == 0 ? 0 : P - a;
    }

    /**
     * The product, reduced from 128 bits: with hi·2^64 + lo and hi = hh·2^32 + hl, 2^64 ≡ 2^32 − 1 and
     * 2^96 ≡ −1 give lo − hh + hl·(2^32 − 1).
     */
    public static long mul(long a, long b) {
        long lo = a * b;
        long hi = Math.unsignedMultiplyHigh(a, b);
        long hiHigh = hi >>> 32;
        long hiLow = hi & EPSILON;

        long t0 = lo - hiHigh;
        if (Long.compareUnsigned(lo, hiHigh) < 0) {
            // Borrowed 2^64, which is EPSILON too much in the field; t0 ≥ 2^64 − 2^32 here, so no new borrow.
            t0 -= EPSILON;
        }
        long t1 = hiLow * EPSILON; // at most (2^32 − 1)^2, fits in 64 bits
        long t2 = t0 + t1;
        if (Long.compareUnsigned(t2, t0) < 0) {
            // Lost a carry of 2^64 ≡ EPSILON; t2 < t1 ≤ 2^64 − 2^33 + 1 here, so this cannot carry again.
            t2 += EPSILON;
        }
        return reduce(t2);
    }

    /** {@code base} to the power {@code exponent}, the exponent read as an unsigned 64-bit integer. */
    public static long pow(long base, long exponent) {
        long result = 1;
        long square = base;
        long remaining = exponent;
        while (remaining != 0) {
            if ((remaining & 1) != 0) {
                result = mul(result, square);
            }
            square = mul(square, square);
            remaining >>>= 1;
        }
        return result;
    }

    /** The multiplicative inverse by Fermat (a^(p−2)); the VM's {@code inv} defines 0 ↦ 0 (§7), and so does this. */
    public static long inverse(long a) {
        return a == 0 ? 0 : pow(a, P - 2);
    }

    /** Unsigned decimal text of an element, the form the assembler and documents use. */
    public static String toString(long a) {
        return Long.toUnsignedString(a);
    }
}
