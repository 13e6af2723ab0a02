package org.pouw.stark.prover;

import static org.pouw.crypto.Goldilocks.add;
import static org.pouw.crypto.Goldilocks.mul;
import static org.pouw.crypto.Goldilocks.sub;

import java.util.stream.IntStream;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.field.BatchInversion;
import org.pouw.stark.field.DotProduct;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;
import org.pouw.stark.field.ExtensionField;
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

    static ExtVector evaluate(long[][] mainLde, ExtVector[] auxLde, ExtVector[] compositionLde, OodFrame ood,
            DeepComposition deep, int domainSize, Runnable chunkDone) {
        ExtensionField field = deep.z().field();
        int degree = field.degree();
        int width = mainLde.length;
        int auxWidth = auxLde.length;
        int columns = compositionLde.length;
        long[] z = deep.z().coefficients();
        long[] zNext = deep.zNext().coefficients();
        long[] constantAtZ = deep.constantAtZ(ood).coefficients();
        long[] constantAtZNext = deep.constantAtZNext(ood).coefficients();
        // γ·T for base-field T is one dot product per coefficient of γ
        long[][] gamma = parts(deep.mainAtZ(), degree);
        long[][] gammaNext = parts(deep.mainAtZNext(), degree);
        long[][] auxGamma = parts(deep.auxAtZ(), degree);
        long[][] auxGammaNext = parts(deep.auxAtZNext(), degree);
        // Σ_k δ_k·H_k for extension H_k: the convolution coefficient m is Σ_{a+b=m} ⟨δ_a, H_b⟩ (one reduction per
        // dot product), reduced modulo the field polynomial once per point
        long[][] delta = parts(deep.composition(), degree);

        ExtVector out = ExtVector.zeros(field, domainSize);
        long omega = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(domainSize));
        IntStream.range(0, chunkCount(domainSize)).parallel().forEach(chunk -> {
            int from = chunk * CHUNK;
            int length = Math.min(domainSize, from + CHUNK) - from;
            ExtVector d1 = ExtVector.zeros(field, length);
            ExtVector d2 = ExtVector.zeros(field, length);
            long x = mul(Domains.OFFSET, Goldilocks.pow(omega, from));
            for (int i = 0; i < length; i++) {
                d1.part(0)[i] = sub(x, z[0]);
                d2.part(0)[i] = sub(x, zNext[0]);
                for (int k = 1; k < degree; k++) {
                    d1.part(k)[i] = Goldilocks.neg(z[k]);
                    d2.part(k)[i] = Goldilocks.neg(zNext[k]);
                }
                x = mul(x, omega);
            }
            BatchInversion.invertInPlace(d1, 0, length);
            BatchInversion.invertInPlace(d2, 0, length);
            long[] row = new long[width];
            long[][] h = new long[degree][columns];
            long[][] auxRow = new long[degree][auxWidth];
            long[] convolution = new long[2 * degree - 1];
            long[] a = new long[degree];
            long[] b = new long[degree];
            long[] product = new long[degree];
            long[] inverse = new long[degree];
            for (int i = 0; i < length; i++) {
                int t = from + i;
                for (int col = 0; col < width; col++) {
                    row[col] = mainLde[col][t];
                }
                for (int k = 0; k < degree; k++) {
                    for (int col = 0; col < columns; col++) {
                        h[k][col] = compositionLde[col].part(k)[t];
                    }
                    for (int col = 0; col < auxWidth; col++) {
                        auxRow[k][col] = auxLde[col].part(k)[t];
                    }
                }
                dotExt(field, delta, h, columns, convolution, a);
                if (auxWidth > 0) {
                    dotExt(field, auxGamma, auxRow, auxWidth, convolution, product);
                    addInto(a, product);
                    dotExt(field, auxGammaNext, auxRow, auxWidth, convolution, b);
                } else {
                    java.util.Arrays.fill(b, 0);
                }
                for (int k = 0; k < degree; k++) {
                    a[k] = sub(add(a[k], DotProduct.dot(gamma[k], row, width)), constantAtZ[k]);
                    b[k] = sub(add(b[k], DotProduct.dot(gammaNext[k], row, width)), constantAtZNext[k]);
                }
                d1.get(i, inverse);
                field.mul(a, inverse, a);
                d2.get(i, inverse);
                field.mul(b, inverse, b);
                addInto(a, b);
                out.set(t, a);
            }
            chunkDone.run();
        });
        return out;
    }

    /** out = Σ_j c_j·v_j for extension vectors given by parts (c[k][j], v[k][j]), with one reduction. */
    private static void dotExt(ExtensionField field, long[][] c, long[][] v, int length, long[] convolution,
            long[] out) {
        java.util.Arrays.fill(convolution, 0);
        for (int p = 0; p < c.length; p++) {
            for (int q = 0; q < v.length; q++) {
                convolution[p + q] = add(convolution[p + q], DotProduct.dot(c[p], v[q], length));
            }
        }
        field.reduce(convolution, out);
    }

    private static void addInto(long[] a, long[] b) {
        for (int k = 0; k < a.length; k++) {
            a[k] = add(a[k], b[k]);
        }
    }

    /** parts[k][i] = coefficient k of values[i]. */
    private static long[][] parts(Ext[] values, int degree) {
        long[][] out = new long[degree][values.length];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < degree; k++) {
                out[k][i] = values[i].coefficient(k);
            }
        }
        return out;
    }
}
