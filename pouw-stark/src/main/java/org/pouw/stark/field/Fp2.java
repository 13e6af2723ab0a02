package org.pouw.stark.field;

import org.pouw.crypto.Goldilocks;

/**
 * An element c0 + c1·u of the quadratic extension F_p[u]/(u² − 7) of the Goldilocks field.
 *
 * <p>Every verifier challenge (composition and DEEP coefficients, the out-of-domain point, FRI folding factors) is
 * drawn here: with |F_p²| ≈ 2^128 the chance that a random challenge hits one of the few values that let a false
 * statement through is about (domain size)/2^128 instead of (domain size)/2^64. 7 is a quadratic non-residue (it
 * generates F_p^*), so u² − 7 is irreducible.
 *
 * <p>The record is for code that handles a few values (the verifier, out-of-domain evaluation, auxiliary
 * constraints); the prover's hot loops use the static {@code mulInto}-style methods on pairs of {@code long}s to stay
 * allocation-free. 128-bit proofs use {@link Fp3} instead; both implement {@link Ext}.
 */
public record Fp2(long c0, long c1) implements Ext {
    /** The non-residue W with u² = W. */
    public static final long W = 7;
    public static final Fp2 ZERO = new Fp2(0, 0);
    public static final Fp2 ONE = new Fp2(1, 0);

    public Fp2 {
        if (!Goldilocks.isCanonical(c0) || !Goldilocks.isCanonical(c1)) {
            throw new IllegalArgumentException("Fp2 coefficients must be canonical");
        }
    }

    /** The base-field element a embedded in the extension. */
    public static Fp2 of(long a) {
        return new Fp2(a, 0);
    }

    @Override
    public ExtensionField field() {
        return ExtensionField.QUADRATIC;
    }

    @Override
    public long coefficient(int i) {
        return switch (i) {
            case 0 -> c0;
            case 1 -> c1;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    @Override
    public long[] coefficients() {
        return new long[] {c0, c1};
    }

    @Override
    public boolean isBase() {
        return c1 == 0;
    }

    @Override
    public boolean isZero() {
        return c0 == 0 && c1 == 0;
    }

    @Override
    public Fp2 add(Ext ext) {
        Fp2 other = (Fp2) ext;
        return new Fp2(Goldilocks.add(c0, other.c0), Goldilocks.add(c1, other.c1));
    }

    @Override
    public Fp2 sub(Ext ext) {
        Fp2 other = (Fp2) ext;
        return new Fp2(Goldilocks.sub(c0, other.c0), Goldilocks.sub(c1, other.c1));
    }

    @Override
    public Fp2 neg() {
        return new Fp2(Goldilocks.neg(c0), Goldilocks.neg(c1));
    }

    @Override
    public Fp2 add(long base) {
        return new Fp2(Goldilocks.add(c0, base), c1);
    }

    @Override
    public Fp2 sub(long base) {
        return new Fp2(Goldilocks.sub(c0, base), c1);
    }

    @Override
    public Fp2 mul(long base) {
        return new Fp2(Goldilocks.mul(c0, base), Goldilocks.mul(c1, base));
    }

    @Override
    public Fp2 mul(Ext ext) {
        Fp2 other = (Fp2) ext;
        return new Fp2(mulC0(c0, c1, other.c0, other.c1), mulC1(c0, c1, other.c0, other.c1));
    }

    @Override
    public Fp2 square() {
        return mul(this);
    }

    @Override
    public Fp2 pow(long exponent) {
        Fp2 result = ONE;
        Fp2 square = this;
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = result.mul(square);
            }
            square = square.square();
            e >>>= 1;
        }
        return result;
    }

    /** (c0 + c1·u)^−1 = (c0 − c1·u) / (c0² − 7·c1²); the norm is non-zero for every non-zero element. */
    @Override
    public Fp2 inverse() {
        if (isZero()) {
            throw new ArithmeticException("zero has no inverse in F_p²");
        }
        long normInverse = Goldilocks.inverse(norm(c0, c1));
        return new Fp2(Goldilocks.mul(c0, normInverse), Goldilocks.mul(Goldilocks.neg(c1), normInverse));
    }

    /** The norm c0² − 7·c1², a base-field element that is zero only for zero. */
    public static long norm(long c0, long c1) {
        return Goldilocks.sub(Goldilocks.mul(c0, c0), Goldilocks.mul(W, Goldilocks.mul(c1, c1)));
    }

    /** Real part of (a0 + a1·u)(b0 + b1·u) = a0·b0 + 7·a1·b1. */
    public static long mulC0(long a0, long a1, long b0, long b1) {
        return Goldilocks.add(Goldilocks.mul(a0, b0), Goldilocks.mul(W, Goldilocks.mul(a1, b1)));
    }

    /** u-part of (a0 + a1·u)(b0 + b1·u) = a0·b1 + a1·b0. */
    public static long mulC1(long a0, long a1, long b0, long b1) {
        return Goldilocks.add(Goldilocks.mul(a0, b1), Goldilocks.mul(a1, b0));
    }

    /**
     * Writes (a0 + a1·u)(b0 + b1·u) to out[index] (real) and out[index + 1] (u-part) with Karatsuba's three
     * multiplications.
     */
    public static void mulInto(long a0, long a1, long b0, long b1, long[] out, int index) {
        long v0 = Goldilocks.mul(a0, b0);
        long v1 = Goldilocks.mul(a1, b1);
        long cross = Goldilocks.mul(Goldilocks.add(a0, a1), Goldilocks.add(b0, b1));
        out[index] = Goldilocks.add(v0, Goldilocks.mul(W, v1));
        out[index + 1] = Goldilocks.sub(Goldilocks.sub(cross, v0), v1);
    }

    @Override
    public String toString() {
        return c1 == 0 ? Long.toUnsignedString(c0) : Long.toUnsignedString(c0) + " + " + Long.toUnsignedString(c1) + "·u";
    }
}
