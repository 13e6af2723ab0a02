package org.pouw.stark.field;

import org.pouw.crypto.Goldilocks;


/**
 * An element c0 + c1·x + c2·x² of the cubic extension F_p[x]/(x³ − x − 1) of the Goldilocks field, the extension
 * Winterfell uses for 128-bit proofs. x³ − x − 1 has no root in F_p (a test checks gcd(x^p − x, x³ − x − 1) = 1),
 * so, being a cubic, it is irreducible and |F_p³| ≈ 2^192.
 *
 * <p>Reduction uses x³ = x + 1 and x⁴ = x² + x.
 */
public record Fp3(long c0, long c1, long c2) implements Ext {
    public static final Fp3 ZERO = new Fp3(0, 0, 0);
    public static final Fp3 ONE = new Fp3(1, 0, 0);

    public Fp3 {
        if (!Goldilocks.isCanonical(c0) || !Goldilocks.isCanonical(c1) || !Goldilocks.isCanonical(c2)) {
            throw new IllegalArgumentException("Fp3 coefficients must be canonical");
        }
    }

    public static Fp3 of(long a) {
        return new Fp3(a, 0, 0);
    }

    @Override
    public ExtensionField field() {
        return ExtensionField.CUBIC;
    }

    @Override
    public long coefficient(int i) {
        return switch (i) {
            case 0 -> c0;
            case 1 -> c1;
            case 2 -> c2;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    @Override
    public long[] coefficients() {
        return new long[] {c0, c1, c2};
    }

    @Override
    public boolean isZero() {
        return c0 == 0 && c1 == 0 && c2 == 0;
    }

    @Override
    public boolean isBase() {
        return c1 == 0 && c2 == 0;
    }

    @Override
    public Fp3 add(Ext other) {
        Fp3 o = (Fp3) other;
        return new Fp3(Goldilocks.add(c0, o.c0), Goldilocks.add(c1, o.c1), Goldilocks.add(c2, o.c2));
    }

    @Override
    public Fp3 sub(Ext other) {
        Fp3 o = (Fp3) other;
        return new Fp3(Goldilocks.sub(c0, o.c0), Goldilocks.sub(c1, o.c1), Goldilocks.sub(c2, o.c2));
    }

    @Override
    public Fp3 neg() {
        return new Fp3(Goldilocks.neg(c0), Goldilocks.neg(c1), Goldilocks.neg(c2));
    }

    @Override
    public Fp3 add(long base) {
        return new Fp3(Goldilocks.add(c0, base), c1, c2);
    }

    @Override
    public Fp3 sub(long base) {
        return new Fp3(Goldilocks.sub(c0, base), c1, c2);
    }

    @Override
    public Fp3 mul(long base) {
        return new Fp3(Goldilocks.mul(c0, base), Goldilocks.mul(c1, base), Goldilocks.mul(c2, base));
    }

    @Override
    public Fp3 mul(Ext other) {
        Fp3 o = (Fp3) other;
        long[] out = new long[3];
        mulInto(c0, c1, c2, o.c0, o.c1, o.c2, out);
        return new Fp3(out[0], out[1], out[2]);
    }

    @Override
    public Fp3 square() {
        return mul(this);
    }

    @Override
    public Fp3 pow(long exponent) {
        Fp3 result = ONE;
        Fp3 square = this;
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

    /** a^−1 = adj(a)/N(a): one base-field inversion. */
    @Override
    public Fp3 inverse() {
        if (isZero()) {
            throw new ArithmeticException("zero has no inverse in F_p³");
        }
        long[] adj = new long[3];
        adjugate(c0, c1, c2, adj);
        long normInverse = Goldilocks.inverse(norm(c0, c1, c2));
        return new Fp3(Goldilocks.mul(adj[0], normInverse), Goldilocks.mul(adj[1], normInverse), Goldilocks.mul(adj[2], normInverse));
    }

    /** Schoolbook product (6 base additions of 9 products), then reduction by x³ = x + 1. */
    public static void mulInto(long a0, long a1, long a2, long b0, long b1, long b2, long[] out) {
        long d0 = Goldilocks.mul(a0, b0);
        long d1 = Goldilocks.add(Goldilocks.mul(a0, b1), Goldilocks.mul(a1, b0));
        long d2 = Goldilocks.add(Goldilocks.add(Goldilocks.mul(a0, b2), Goldilocks.mul(a1, b1)), Goldilocks.mul(a2, b0));
        long d3 = Goldilocks.add(Goldilocks.mul(a1, b2), Goldilocks.mul(a2, b1));
        long d4 = Goldilocks.mul(a2, b2);
        reduce(d0, d1, d2, d3, d4, out);
    }

    /** d0 + d1·x + d2·x² + d3·x³ + d4·x⁴ with x³ = x + 1, x⁴ = x² + x. */
    static void reduce(long d0, long d1, long d2, long d3, long d4, long[] out) {
        out[0] = Goldilocks.add(d0, d3);
        out[1] = Goldilocks.add(Goldilocks.add(d1, d3), d4);
        out[2] = Goldilocks.add(d2, d4);
    }

    /*
     * Multiplication by a in the basis (1, x, x²) is the matrix
     *   M = | a0   a2        a1      |
     *       | a1   a0 + a2   a1 + a2 |
     *       | a2   a1        a0 + a2 |
     * (columns a, a·x, a·x²). a·b = 1 means M·b = e0, so b = (first column of adj M)/det M = (C00, C01, C02)/det M
     * with C the cofactors of M's first row, and det M = a0·C00 + a2·C01 + a1·C02 is the norm.
     */

    /** The first-row cofactors of M, i.e. adj(a) with a·adj(a) = N(a). */
    static void adjugate(long a0, long a1, long a2, long[] out) {
        long s = Goldilocks.add(a0, a2);
        out[0] = Goldilocks.sub(Goldilocks.mul(s, s), Goldilocks.mul(Goldilocks.add(a1, a2), a1));
        out[1] = Goldilocks.sub(Goldilocks.mul(Goldilocks.add(a1, a2), a2), Goldilocks.mul(a1, s));
        out[2] = Goldilocks.sub(Goldilocks.mul(a1, a1), Goldilocks.mul(s, a2));
    }

    /** N(a) = det M, a base-field value that is zero only for a = 0 (the extension is a field). */
    public static long norm(long a0, long a1, long a2) {
        long[] adj = new long[3];
        adjugate(a0, a1, a2, adj);
        return Goldilocks.add(Goldilocks.add(Goldilocks.mul(a0, adj[0]), Goldilocks.mul(a2, adj[1])), Goldilocks.mul(a1, adj[2]));
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(c0) + " + " + Long.toUnsignedString(c1) + "·x + " + Long.toUnsignedString(c2)
                + "·x²";
    }
}
