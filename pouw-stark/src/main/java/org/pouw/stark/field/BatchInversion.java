package org.pouw.stark.field;

import static org.pouw.crypto.Goldilocks.mul;

import org.pouw.crypto.Goldilocks;

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
     * Replaces elements [from, to) of an extension-field column by their inverses. Each element is inverted through
     * its base-field norm, x^−1 = adj(x)/N(x), so the batch needs one base-field inversion in all.
     */
    public static void invertInPlace(ExtVector values, int from, int to) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        ExtensionField field = values.field();
        long[] norms = new long[n];
        long[] element = new long[field.degree()];
        for (int i = 0; i < n; i++) {
            values.get(from + i, element);
            norms[i] = field.norm(element);
        }
        invertInPlace(norms, 0, n);
        long[] adjugate = new long[field.degree()];
        for (int i = 0; i < n; i++) {
            values.get(from + i, element);
            field.adjugate(element, adjugate);
            for (int k = 0; k < adjugate.length; k++) {
                adjugate[k] = mul(adjugate[k], norms[i]);
            }
            values.set(from + i, adjugate);
        }
    }
}
