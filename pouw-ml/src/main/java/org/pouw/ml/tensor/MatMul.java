package org.pouw.ml.tensor;

/**
 * Matrix products on row arrays ({@code float[rows][columns]}) in the "axpy" form: an output row is updated as
 * {@code c[j] = c[j] + a·b[j]} for one term after another, so the JIT vectorises across {@code j} while every
 * output element still accumulates its terms one at a time in ascending order — the same sum on every CPU and for
 * every thread split.
 *
 * <p>Four terms are applied per pass as {@code (((c + t0) + t1) + t2) + t3}, which Java evaluates left to right
 * with float rounding after each addition: exactly the chain of four single-term passes, at a quarter of the
 * loads and stores of {@code c}.
 *
 * <p>Terms whose left factor is exactly zero are skipped (MNIST pixels, inactive ReLUs, zero gradients). The
 * skip is part of the defined computation, the same everywhere; for finite right factors it also equals adding
 * the zero term, because an accumulator that starts at +0 never becomes −0.
 *
 * <p>Rows are separate arrays on purpose: the JIT proves that two distinct array references indexed by the same
 * {@code j} cannot overlap harmfully, which it cannot for two offsets into one flat array.
 */
public final class MatMul {
    private MatMul() {
    }

    /**
     * {@code c[i] += Σ_k a[i][k] · b[k]} for rows i in [from, to), terms in ascending k. {@code a} is M×K,
     * {@code b} is K×N, {@code c} is M×N; initialise {@code c} (zeros, or the bias) first.
     */
    public static void accumulate(float[][] a, float[][] b, float[][] c, int from, int to) {
        int k = b.length;
        float[] values = new float[k];
        int[] indices = new int[k];
        for (int i = from; i < to; i++) {
            float[] aRow = a[i];
            int terms = 0;
            for (int p = 0; p < k; p++) {
                // Branch-free: zero/non-zero patterns (pixels, ReLUs) are too irregular to predict.
                float value = aRow[p];
                values[terms] = value;
                indices[terms] = p;
                terms += value != 0f ? 1 : 0;
            }
            accumulateRow(c[i], values, indices, terms, b);
        }
    }

    /**
     * {@code c[r] += Σ_i a[i][r] · b[i]} for rows r in [from, to), terms in ascending i: that is
     * {@code c += aᵀ·b} with {@code a} M×R, {@code b} M×N and {@code c} R×N. Used for weight gradients.
     */
    public static void accumulateTransposed(float[][] a, float[][] b, float[][] c, int from, int to) {
        int m = a.length;
        float[] values = new float[m];
        int[] indices = new int[m];
        for (int r = from; r < to; r++) {
            int terms = 0;
            for (int i = 0; i < m; i++) {
                float value = a[i][r];
                values[terms] = value;
                indices[terms] = i;
                terms += value != 0f ? 1 : 0;
            }
            accumulateRow(c[r], values, indices, terms, b);
        }
    }

    /** {@code c[i] += Σ_t a.values[i][t] · b[a.indices[i][t]]} for rows i in [from, to): the gathered form of {@link #accumulate}. */
    public static void accumulate(SparseRows a, float[][] b, float[][] c, int from, int to) {
        for (int i = from; i < to; i++) {
            accumulateRow(c[i], a.values[i], a.indices[i], a.counts[i], b);
        }
    }

    /** One output row: {@code c += Σ_t a.values[row][t] · b[a.indices[row][t]]}. */
    public static void accumulateRow(float[] c, SparseRows a, int row, float[][] b) {
        accumulateRow(c, a.values[row], a.indices[row], a.counts[row], b);
    }

    /** {@code out[j] = in[i][j]} transposed: {@code out} is N×M for {@code in} M×N. */
    public static void transpose(float[][] in, float[][] out) {
        for (int i = 0; i < in.length; i++) {
            float[] row = in[i];
            for (int j = 0; j < row.length; j++) {
                out[j][i] = row[j];
            }
        }
    }

    /** {@code c += Σ_t values[t] · rows[indices[t]]}, terms in the given order. */
    static void accumulateRow(float[] c, float[] values, int[] indices, int terms, float[][] rows) {
        int t = 0;
        for (; t + 3 < terms; t += 4) {
            addFour(c, values[t], rows[indices[t]], values[t + 1], rows[indices[t + 1]],
                    values[t + 2], rows[indices[t + 2]], values[t + 3], rows[indices[t + 3]]);
        }
        for (; t < terms; t++) {
            addOne(c, values[t], rows[indices[t]]);
        }
    }

    private static void addFour(float[] c, float a0, float[] b0, float a1, float[] b1,
                                float a2, float[] b2, float a3, float[] b3) {
        int n = c.length;
        for (int j = 0; j < n; j++) {
            c[j] = c[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    private static void addOne(float[] c, float a, float[] b) {
        int n = c.length;
        for (int j = 0; j < n; j++) {
            c[j] = c[j] + a * b[j];
        }
    }
}
