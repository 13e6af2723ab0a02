package org.pouw.stark.poly;

import static org.pouw.crypto.Goldilocks.add;
import static org.pouw.crypto.Goldilocks.mul;

import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;
import org.pouw.stark.field.ExtensionField;

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
    public static Ext evaluate(long[] coefficients, Ext x) {
        ExtensionField field = x.field();
        long[] point = x.coefficients();
        long[] acc = new long[field.degree()];
        for (int i = coefficients.length - 1; i >= 0; i--) {
            field.mul(acc, point, acc);
            acc[0] = add(acc[0], coefficients[i]);
        }
        return field.element(acc);
    }

    /** An extension-field polynomial (split storage) at an extension point. */
    public static Ext evaluate(ExtVector coefficients, Ext x) {
        ExtensionField field = x.field();
        long[] point = x.coefficients();
        long[] acc = new long[field.degree()];
        for (int i = coefficients.length() - 1; i >= 0; i--) {
            field.mul(acc, point, acc);
            for (int k = 0; k < acc.length; k++) {
                acc[k] = add(acc[k], coefficients.part(k)[i]);
            }
        }
        return field.element(acc);
    }

    public static Ext evaluate(Ext[] coefficients, Ext x) {
        Ext acc = x.field().zero();
        for (int i = coefficients.length - 1; i >= 0; i--) {
            acc = acc.mul(x).add(coefficients[i]);
        }
        return acc;
    }
}
