package org.pouw.stark.field;

import static org.pouw.stark.field.Goldilocks.mul;

/**
 * Montgomery's trick: inverts n non-zero elements with one field inversion and 3(n − 1) multiplications, by
 * inverting the running product once and peeling it back off.
 */
public final class BatchInversion {
    private BatchInversion() {
    }

    /** Replaces values[from, to) by their inverses; every value must be non-zero. */
    public static void invertInPlace(long[] values, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        long[] prefix = new long[n];
        long running = 1;
        for (int i = 0; i < n; i++) {
            long v = values[from + i];
            if (v == 0) {
                throw new ArithmeticException("batch inversion of zero at index " + (from + i));
            }
            prefix[i] = running;
            running = mul(running, v);
        }
        long inverse = Goldilocks.inverse(running);
        for (int i = n - 1; i >= 0; i--) {
            long v = values[from + i];
            values[from + i] = mul(inverse, prefix[i]);
            inverse = mul(inverse, v);
        }
    }

    public static void invertInPlace(long[] values) {
        invertInPlace(values, 0, values.length);
    }

    /**
     * Replaces the F_p² elements (re[i], im[i]) for i in [from, to) by their inverses. Each element is inverted
     * through its base-field norm, so the batch needs only base-field products: x^−1 = conj(x) / N(x).
     */
    public static void invertInPlace(long[] re, long[] im, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        long[] norms = new long[n];
        for (int i = 0; i < n; i++) {
            norms[i] = Fp2.norm(re[from + i], im[from + i]);
        }
        invertInPlace(norms, 0, n);
        for (int i = 0; i < n; i++) {
            re[from + i] = mul(re[from + i], norms[i]);
            im[from + i] = mul(Goldilocks.neg(im[from + i]), norms[i]);
        }
    }
}
