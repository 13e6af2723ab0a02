package org.pouw.stark.prover;

import static org.pouw.stark.field.Goldilocks.add;
import static org.pouw.stark.field.Goldilocks.mul;
import static org.pouw.stark.field.Goldilocks.sub;

import java.util.stream.IntStream;
import org.pouw.stark.field.BatchInversion;
import org.pouw.stark.field.DotProduct;
import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Fp2Vector;
import org.pouw.stark.field.Goldilocks;
import org.pouw.stark.proof.OodFrame;
import org.pouw.stark.protocol.DeepComposition;
import org.pouw.stark.protocol.Domains;

/**
 * Evaluates the DEEP composition polynomial (see {@link DeepComposition}) over the whole evaluation domain:
 * numerators are accumulated per point and the two denominators x − z and x − z·ω are batch-inverted per chunk.
 */
final class DeepComposer {
    private static final int CHUNK = 1 << 10;

    private DeepComposer() {
    }

    static int chunkCount(int domainSize) {
        return (domainSize + CHUNK - 1) / CHUNK;
    }

    static Fp2Vector evaluate(long[][] mainLde, Fp2Vector[] auxLde, Fp2Vector[] compositionLde, OodFrame ood,
            DeepComposition deep, int domainSize, Runnable chunkDone) {
        int width = mainLde.length;
        int auxWidth = auxLde.length;
        int columns = compositionLde.length;
        Fp2 z = deep.z();
        Fp2 zNext = deep.zNext();
        Fp2 constantAtZ = deep.constantAtZ(ood);
        Fp2 constantAtZNext = deep.constantAtZNext(ood);
        long[] gamma0 = part(deep.mainAtZ(), 0);
        long[] gamma1 = part(deep.mainAtZ(), 1);
        long[] gammaNext0 = part(deep.mainAtZNext(), 0);
        long[] gammaNext1 = part(deep.mainAtZNext(), 1);
        Fp2[] auxGamma = deep.auxAtZ();
        Fp2[] auxGammaNext = deep.auxAtZNext();
        // Σ δ_k·H_k with δ = δ0 + δ1·u and H = h0 + h1·u: real part Σ δ0·h0 + 7·δ1·h1, u-part Σ δ0·h1 + δ1·h0
        long[] delta0 = part(deep.composition(), 0);
        long[] delta1 = part(deep.composition(), 1);
        long[] sevenDelta1 = new long[columns];
        for (int k = 0; k < columns; k++) {
            sevenDelta1[k] = Goldilocks.mul(Fp2.W, delta1[k]);
        }

        Fp2Vector out = Fp2Vector.zeros(domainSize);
        long omega = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(domainSize));
        IntStream.range(0, chunkCount(domainSize)).parallel().forEach(chunk -> {
            int from = chunk * CHUNK;
            int length = Math.min(domainSize, from + CHUNK) - from;
            long[] d1re = new long[length];
            long[] d1im = new long[length];
            long[] d2re = new long[length];
            long[] d2im = new long[length];
            long x = mul(Domains.OFFSET, Goldilocks.pow(omega, from));
            for (int i = 0; i < length; i++) {
                d1re[i] = sub(x, z.c0());
                d1im[i] = Goldilocks.neg(z.c1());
                d2re[i] = sub(x, zNext.c0());
                d2im[i] = Goldilocks.neg(zNext.c1());
                x = mul(x, omega);
            }
            BatchInversion.invertInPlace(d1re, d1im, 0, length);
            BatchInversion.invertInPlace(d2re, d2im, 0, length);
            long[] product = new long[2];
            long[] row = new long[width];
            long[] h0 = new long[columns];
            long[] h1 = new long[columns];
            for (int i = 0; i < length; i++) {
                int t = from + i;
                for (int col = 0; col < width; col++) {
                    row[col] = mainLde[col][t];
                }
                for (int k = 0; k < columns; k++) {
                    h0[k] = compositionLde[k].c0()[t];
                    h1[k] = compositionLde[k].c1()[t];
                }
                long a0 = add(DotProduct.dot(gamma0, row, width),
                        add(DotProduct.dot(delta0, h0, columns), DotProduct.dot(sevenDelta1, h1, columns)));
                long a1 = add(DotProduct.dot(gamma1, row, width),
                        add(DotProduct.dot(delta0, h1, columns), DotProduct.dot(delta1, h0, columns)));
                long b0 = DotProduct.dot(gammaNext0, row, width);
                long b1 = DotProduct.dot(gammaNext1, row, width);
                for (int col = 0; col < auxWidth; col++) {
                    Fp2 value = auxLde[col].get(t);
                    Fp2 at = auxGamma[col].mul(value);
                    Fp2 atNext = auxGammaNext[col].mul(value);
                    a0 = add(a0, at.c0());
                    a1 = add(a1, at.c1());
                    b0 = add(b0, atNext.c0());
                    b1 = add(b1, atNext.c1());
                }
                a0 = sub(a0, constantAtZ.c0());
                a1 = sub(a1, constantAtZ.c1());
                b0 = sub(b0, constantAtZNext.c0());
                b1 = sub(b1, constantAtZNext.c1());
                Fp2.mulInto(a0, a1, d1re[i], d1im[i], product, 0);
                long r0 = product[0];
                long r1 = product[1];
                Fp2.mulInto(b0, b1, d2re[i], d2im[i], product, 0);
                out.c0()[t] = add(r0, product[0]);
                out.c1()[t] = add(r1, product[1]);
            }
            chunkDone.run();
        });
        return out;
    }

    /** The real (0) or u (1) parts of a vector of F_p² coefficients. */
    private static long[] part(Fp2[] values, int which) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = which == 0 ? values[i].c0() : values[i].c1();
        }
        return out;
    }
}
