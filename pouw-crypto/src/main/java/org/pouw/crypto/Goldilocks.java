package org.pouw.crypto;

/**
 * Arithmetic in the Goldilocks prime field, p = 2^64 − 2^32 + 1: the VM's words (ARCHITECTURE.md §7) and the
 * STARK's base field, one implementation for both so a VM trace is native to the prover.
 *
 * <p>Elements are {@code long}s holding the canonical representative in [0, p) read as an <em>unsigned</em> 64-bit
 * integer; every method takes and returns canonical values. Reduction uses the shape of p: 2^64 ≡ 2^32 − 1 and
 * 2^96 ≡ −1 (mod p), so a 128-bit product hi·2^64 + lo reduces with one subtraction, one 32×32 multiplication and
 * two carry fixes, no division.
 *
 * <p>p − 1 = 2^32 · 3 · 5 · 17 · 257 · 65537, so the field has multiplicative subgroups of every power-of-two order
 * up to 2^32 (the FFT domains), and 7 generates the whole multiplicative group (the coset offset of every
 * low-degree-extension domain).
 */
public final class Goldilocks {
    /** The modulus 2^64 − 2^32 + 1 = 18446744069414584321 = 0xFFFFFFFF00000001 (negative as a signed long). */
    public static final long P = 0xFFFF_FFFF_0000_0001L;
    /** 2^64 mod p = 2^32 − 1: what a carry out of 64 bits is worth. */
    private static final long EPSILON = 0xFFFF_FFFFL;
    /** A generator of the multiplicative group. */
    public static final long GENERATOR = 7;
    /** The largest k with 2^k dividing p − 1. */
    public static final int TWO_ADICITY = 32;
    /** A primitive 2^32-th root of unity: GENERATOR^((p − 1) / 2^32). */
    private static final long ROOT_OF_UNITY_2_32 = pow(GENERATOR, (P - 1) >>> TWO_ADICITY);

    private Goldilocks() {
    }

    /** True when the unsigned value is a canonical field element (below p). */
    public static boolean isCanonical(long value) {
        return Long.compareUnsigned(value, P) < 0;
    }

    /** Reduces any unsigned 64-bit value into [0, p). */
    public static long reduce(long value) {
        return Long.compareUnsigned(value, P) >= 0 ? value - P : value;
    }

    /**
     * a + b. On a carry out of 64 bits the true sum is sum + 2^64, and sum + 2^64 − p wraps to sum − p, the same
     * correction as for sum ≥ p. The conditional expression with a non-short-circuit {@code |} (rather than an
     * if-statement) lets the JIT emit a conditional move: on random operands the condition goes either way half the
     * time, and a mispredicted branch costs more than the addition.
     */
    public static long add(long a, long b) {
        long sum = a + b;
        return (sum + Long.MIN_VALUE < a + Long.MIN_VALUE) | (sum + Long.MIN_VALUE >= P + Long.MIN_VALUE)
                ? sum - P : sum;
    }

    public static long sub(long a, long b) {
        long difference = a - b;
        return a + Long.MIN_VALUE < b + Long.MIN_VALUE ? difference + P : difference;
    }

    public static long neg(long a) {
        return a == 0 ? 0 : P - a;
    }

    public static long mul(long a, long b) {
        return reduce128(Math.unsignedMultiplyHigh(a, b), a * b);
    }

    /**
     * Reduces hi·2^64 + lo modulo p. With hi = hiHi·2^32 + hiLo the value is congruent to
     * lo − hiHi + hiLo·(2^32 − 1), because 2^96 ≡ −1 and 2^64 ≡ 2^32 − 1.
     */
    public static long reduce128(long hi, long lo) {
        long hiHi = hi >>> 32;
        long hiLo = hi & EPSILON;
        long t0 = lo - hiHi;
        // a borrow of 2^64 is worth −(2^32 − 1); it cannot borrow again since then t0 ≥ 2^64 − 2^32
        t0 -= lo + Long.MIN_VALUE < hiHi + Long.MIN_VALUE ? EPSILON : 0;
        long t1 = (hiLo << 32) - hiLo; // hiLo·(2^32 − 1) < 2^64
        long t2 = t0 + t1;
        // a carry of 2^64 is worth 2^32 − 1; it cannot carry again
        t2 += t2 + Long.MIN_VALUE < t1 + Long.MIN_VALUE ? EPSILON : 0;
        return t2 + Long.MIN_VALUE >= P + Long.MIN_VALUE ? t2 - P : t2;
    }

    /** a^exponent, the exponent read as an unsigned 64-bit integer. */
    public static long pow(long base, long exponent) {
        long result = 1;
        long square = base;
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = mul(result, square);
            }
            square = mul(square, square);
            e >>>= 1;
        }
        return result;
    }

    /** The multiplicative inverse; a must not be zero (Fermat: a^(p−2)). */
    public static long inverse(long a) {
        if (a == 0) {
            throw new ArithmeticException("zero has no inverse in the Goldilocks field");
        }
        return pow(a, P - 2);
    }

    /**
     * The inverse with 0 ↦ 0: the VM's {@code inv} instruction (ARCHITECTURE.md §7) is total, so a program may
     * invert zero and read zero back.
     */
    public static long inverseOrZero(long a) {
        return a == 0 ? 0 : pow(a, P - 2);
    }

    /** Unsigned decimal text of an element, the form the assembler and documents use. */
    public static String toString(long a) {
        return Long.toUnsignedString(a);
    }

    /** A primitive 2^logOrder-th root of unity, 0 ≤ logOrder ≤ 32. */
    public static long rootOfUnity(int logOrder) {
        if (logOrder < 0 || logOrder > TWO_ADICITY) {
            throw new IllegalArgumentException("root of unity order 2^" + logOrder + " exceeds 2^32");
        }
        long root = ROOT_OF_UNITY_2_32;
        for (int i = logOrder; i < TWO_ADICITY; i++) {
            root = mul(root, root);
        }
        return root;
    }
}
