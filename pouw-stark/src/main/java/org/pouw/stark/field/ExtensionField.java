package org.pouw.stark.field;

import org.pouw.crypto.Goldilocks;

/**
 * The extension of the Goldilocks field the challenges live in, chosen by the proof's extension degree: the
 * quadratic F_p² gives about 127 − log2(N) bits against challenge collisions, the cubic F_p³ about 191 − log2(N),
 * which 128-bit proofs need (see {@code SecurityEstimate}).
 *
 * <p>Besides element factories it offers arithmetic on coefficient arrays ({@code long[degree]}), so the prover's hot
 * loops over split-storage columns ({@link ExtVector}) can stay generic over the degree without allocating.
 */
public enum ExtensionField {
    QUADRATIC(2) {
        @Override
        public Ext element(long[] c) {
            return new Fp2(c[0], c[1]);
        }

        @Override
        public void reduce(long[] product, long[] out) {
            // u² = 7: (d0 + d1·u + d2·u²) = (d0 + 7·d2) + d1·u
            out[0] = Goldilocks.add(product[0], Goldilocks.mul(Fp2.W, product[2]));
            out[1] = product[1];
        }

        @Override
        public long norm(long[] a) {
            return Fp2.norm(a[0], a[1]);
        }

        @Override
        public void adjugate(long[] a, long[] out) {
            out[0] = a[0];
            out[1] = Goldilocks.neg(a[1]);
        }
    },
    CUBIC(3) {
        @Override
        public Ext element(long[] c) {
            return new Fp3(c[0], c[1], c[2]);
        }

        @Override
        public void reduce(long[] product, long[] out) {
            Fp3.reduce(product[0], product[1], product[2], product[3], product[4], out);
        }

        @Override
        public long norm(long[] a) {
            return Fp3.norm(a[0], a[1], a[2]);
        }

        @Override
        public void adjugate(long[] a, long[] out) {
            Fp3.adjugate(a[0], a[1], a[2], out);
        }
    };

    private final int degree;
    private final Ext zero;
    private final Ext one;

    ExtensionField(int degree) {
        this.degree = degree;
        long[] coefficients = new long[degree];
        this.zero = element(coefficients);
        coefficients[0] = 1;
        this.one = element(coefficients);
    }

    /** The field of the given degree; the proof format and options accept exactly 2 and 3. */
    public static ExtensionField ofDegree(int degree) {
        return switch (degree) {
            case 2 -> QUADRATIC;
            case 3 -> CUBIC;
            default -> throw new IllegalArgumentException("extension degree must be 2 or 3, got " + degree);
        };
    }

    public int degree() {
        return degree;
    }

    /** The element with these coefficients (canonical, length = degree). */
    public abstract Ext element(long[] coefficients);

    /**
     * Reduces a product of two elements given as its 2·degree − 1 convolution coefficients (each canonical) modulo
     * the field's polynomial; out has length degree.
     */
    public abstract void reduce(long[] product, long[] out);

    /** N(a) = the determinant of multiplication by a: a base-field value that is zero only for a = 0. */
    public abstract long norm(long[] a);

    /** adj(a) with a·adj(a) = N(a), so a^−1 = adj(a)/N(a) needs only a base-field inversion. */
    public abstract void adjugate(long[] a, long[] out);

    public Ext zero() {
        return zero;
    }

    public Ext one() {
        return one;
    }

    /** The base-field element a embedded in the extension. */
    public Ext of(long a) {
        long[] coefficients = new long[degree];
        coefficients[0] = a;
        return element(coefficients);
    }

    /** out = a·b on coefficient arrays; out may alias a or b. */
    public void mul(long[] a, long[] b, long[] out) {
        long[] product = new long[2 * degree - 1];
        for (int i = 0; i < degree; i++) {
            for (int j = 0; j < degree; j++) {
                product[i + j] = Goldilocks.add(product[i + j], Goldilocks.mul(a[i], b[j]));
            }
        }
        reduce(product, out);
    }
}
