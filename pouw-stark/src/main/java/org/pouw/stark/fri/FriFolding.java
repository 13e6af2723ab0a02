package org.pouw.stark.fri;

import static org.pouw.stark.field.Goldilocks.add;
import static org.pouw.stark.field.Goldilocks.mul;

import java.util.stream.IntStream;
import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Fp2Vector;
import org.pouw.stark.field.Goldilocks;

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

    /** Folds coset values v_0..v_{f−1} (split storage) at a point with inverse xInverse into out[0], out[1]. */
    void fold(long[] v0, long[] v1, long xInverse, long beta0, long beta1, long[] out) {
        long r0 = mul(beta0, xInverse);
        long r1 = mul(beta1, xInverse);
        long acc0 = 0;
        long acc1 = 0;
        for (int j = factor - 1; j >= 0; j--) {
            long u0 = 0;
            long u1 = 0;
            int row = j * factor;
            for (int k = 0; k < factor; k++) {
                long w = inverseDft[row + k];
                u0 = add(u0, mul(w, v0[k]));
                u1 = add(u1, mul(w, v1[k]));
            }
            long next0 = Fp2.mulC0(acc0, acc1, r0, r1);
            long next1 = Fp2.mulC1(acc0, acc1, r0, r1);
            acc0 = add(next0, u0);
            acc1 = add(next1, u1);
        }
        out[0] = acc0;
        out[1] = acc1;
    }

    /** The verifier's single fold: coset values in order k = 0..f−1. */
    public Fp2 fold(Fp2[] coset, long xInverse, Fp2 beta) {
        long[] v0 = new long[factor];
        long[] v1 = new long[factor];
        for (int k = 0; k < factor; k++) {
            v0[k] = coset[k].c0();
            v1[k] = coset[k].c1();
        }
        long[] out = new long[2];
        fold(v0, v1, xInverse, beta.c0(), beta.c1(), out);
        return new Fp2(out[0], out[1]);
    }

    /** Folds a whole layer of size M and offset s into the next layer of size M/f (in parallel). */
    public Fp2Vector foldLayer(Fp2Vector layer, long offset, Fp2 beta) {
        int size = layer.length();
        int next = size / factor;
        Fp2Vector out = Fp2Vector.zeros(next);
        long omegaInverse = Goldilocks.inverse(Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(size)));
        long offsetInverse = Goldilocks.inverse(offset);
        int chunk = 1 << 12;
        IntStream.range(0, (next + chunk - 1) / chunk).parallel().forEach(c -> {
            int from = c * chunk;
            int to = Math.min(next, from + chunk);
            long[] v0 = new long[factor];
            long[] v1 = new long[factor];
            long[] result = new long[2];
            long xInverse = mul(offsetInverse, Goldilocks.pow(omegaInverse, from));
            for (int t = from; t < to; t++) {
                for (int k = 0; k < factor; k++) {
                    v0[k] = layer.c0()[t + k * next];
                    v1[k] = layer.c1()[t + k * next];
                }
                fold(v0, v1, xInverse, beta.c0(), beta.c1(), result);
                out.c0()[t] = result[0];
                out.c1()[t] = result[1];
                xInverse = mul(xInverse, omegaInverse);
            }
        });
        return out;
    }
}
