package org.pouw.stark.fri;

import static org.pouw.crypto.Goldilocks.add;
import static org.pouw.crypto.Goldilocks.mul;

import java.util.stream.IntStream;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;
import org.pouw.stark.field.ExtensionField;

/**
 * One FRI folding step by a factor f. Write P(y) = Σ_{j&lt;f} y^j·P_j(y^f); the folded polynomial is
 * P'(y) = Σ_j β^j·P_j(y), of degree below deg(P)/f. From the f values v_k = P(x·ω_f^k) on a coset, the inverse DFT
 * u_j = (1/f)·Σ_k ω_f^{−jk}·v_k recovers u_j = x^j·P_j(x^f), so P'(x^f) = Σ_j (β/x)^j·u_j.
 *
 * <p>Layer positions: in a layer of size M with offset s, position t is s·ω_M^t, and the coset through position
 * t' &lt; M/f is {t' + k·M/f : k &lt; f}; it folds into position t' of the next layer (offset s^f, size M/f).
 */
public final class FriFolding {
    private final int factor;
    /** inverseDft[j·f + k] = ω_f^{−jk} / f. */
    private final long[] inverseDft;

    public FriFolding(int factor) {
        this.factor = factor;
        this.inverseDft = new long[factor * factor];
        long omegaInverse = Goldilocks.inverse(Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(factor)));
        long fInverse = Goldilocks.inverse(factor);
        for (int j = 0; j < factor; j++) {
            for (int k = 0; k < factor; k++) {
                inverseDft[j * factor + k] = mul(Goldilocks.pow(omegaInverse, (long) j * k), fInverse);
            }
        }
    }

    public int factor() {
        return factor;
    }

    /**
     * Folds coset values (split storage: v[part][k] is coefficient {@code part} of v_k) at a point with inverse
     * xInverse into out[0..degree). Horner in r = β/x over the inverse-DFT outputs u_j.
     */
    void fold(ExtensionField field, long[][] v, long xInverse, long[] beta, long[] out) {
        int degree = field.degree();
        long[] r = new long[degree];
        for (int part = 0; part < degree; part++) {
            r[part] = mul(beta[part], xInverse);
        }
        long[] acc = new long[degree];
        for (int j = factor - 1; j >= 0; j--) {
            field.mul(acc, r, acc);
            int row = j * factor;
            for (int part = 0; part < degree; part++) {
                long[] values = v[part];
                long u = 0;
                for (int k = 0; k < factor; k++) {
                    u = add(u, mul(inverseDft[row + k], values[k]));
                }
                acc[part] = add(acc[part], u);
            }
        }
        System.arraycopy(acc, 0, out, 0, degree);
    }

    /** The verifier's single fold: coset values in order k = 0..f−1. */
    public Ext fold(Ext[] coset, long xInverse, Ext beta) {
        ExtensionField field = beta.field();
        long[][] v = new long[field.degree()][factor];
        for (int k = 0; k < factor; k++) {
            for (int part = 0; part < v.length; part++) {
                v[part][k] = coset[k].coefficient(part);
            }
        }
        long[] out = new long[field.degree()];
        fold(field, v, xInverse, beta.coefficients(), out);
        return field.element(out);
    }

    /** Folds a whole layer of size M and offset s into the next layer of size M/f (in parallel). */
    public ExtVector foldLayer(ExtVector layer, long offset, Ext beta) {
        ExtensionField field = beta.field();
        int degree = field.degree();
        long[] betaCoefficients = beta.coefficients();
        int size = layer.length();
        int next = size / factor;
        ExtVector out = ExtVector.zeros(field, next);
        long omegaInverse = Goldilocks.inverse(Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(size)));
        long offsetInverse = Goldilocks.inverse(offset);
        int chunk = 1 << 12;
        IntStream.range(0, (next + chunk - 1) / chunk).parallel().forEach(c -> {
            int from = c * chunk;
            int to = Math.min(next, from + chunk);
            long[][] v = new long[degree][factor];
            long[] result = new long[degree];
            long xInverse = mul(offsetInverse, Goldilocks.pow(omegaInverse, from));
            for (int t = from; t < to; t++) {
                for (int part = 0; part < degree; part++) {
                    long[] source = layer.part(part);
                    for (int k = 0; k < factor; k++) {
                        v[part][k] = source[t + k * next];
                    }
                }
                fold(field, v, xInverse, betaCoefficients, result);
                out.set(t, result);
                xInverse = mul(xInverse, omegaInverse);
            }
        });
        return out;
    }
}
