package org.pouw.stark.poly;

import static org.pouw.stark.field.Goldilocks.add;
import static org.pouw.stark.field.Goldilocks.mul;

import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Fp2Vector;

/** Polynomial evaluation at a single point from coefficients c_0..c_{n−1} (lowest degree first). */
public final class Horner {
    private Horner() {
    }

    public static long evaluate(long[] coefficients, long x) {
        long acc = 0;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            acc = add(mul(acc, x), coefficients[i]);
        }
        return acc;
    }

    /** A base-field polynomial at an extension point. */
    public static Fp2 evaluate(long[] coefficients, Fp2 x) {
        long a0 = 0;
        long a1 = 0;
        long x0 = x.c0();
        long x1 = x.c1();
        for (int i = coefficients.length - 1; i >= 0; i--) {
            long r0 = Fp2.mulC0(a0, a1, x0, x1);
            long r1 = Fp2.mulC1(a0, a1, x0, x1);
            a0 = add(r0, coefficients[i]);
            a1 = r1;
        }
        return new Fp2(a0, a1);
    }

    /** An extension-field polynomial (split storage) at an extension point. */
    public static Fp2 evaluate(Fp2Vector coefficients, Fp2 x) {
        long[] c0 = coefficients.c0();
        long[] c1 = coefficients.c1();
        long a0 = 0;
        long a1 = 0;
        long x0 = x.c0();
        long x1 = x.c1();
        for (int i = c0.length - 1; i >= 0; i--) {
            long r0 = Fp2.mulC0(a0, a1, x0, x1);
            long r1 = Fp2.mulC1(a0, a1, x0, x1);
            a0 = add(r0, c0[i]);
            a1 = add(r1, c1[i]);
        }
        return new Fp2(a0, a1);
    }

    public static Fp2 evaluate(Fp2[] coefficients, Fp2 x) {
        Fp2 acc = Fp2.ZERO;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            acc = acc.mul(x).add(coefficients[i]);
        }
        return acc;
    }
}
