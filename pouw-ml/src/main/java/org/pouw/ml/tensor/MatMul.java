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
 * <p>The dense methods ({@link #transposedProductDense}, {@link #positionChains}, {@link #accumulateDense},
 * {@link #accumulateDensePair}, {@link #addFourPair}) add every term. The first two are used only where {@link #allFinite} and {@link #hasNegativeZero} show that this gives
 * the skipping form's bits; their inner loops run along a long dimension, so they vectorise where the skipping form
 * would run along a handful of filters.
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
     *
     * <p>The non-zero terms of {@value #COLUMN_BLOCK} columns of {@code a} are gathered in one pass down its rows, so
     * each row's cache line is read once per block instead of once per column; every row r still gets exactly its
     * non-zero terms in ascending i.
     */
    public static void accumulateTransposed(float[][] a, float[][] b, float[][] c, int from, int to) {
        int m = a.length;
        ColumnScratch scratch = ColumnScratch.of(m);
        float[][] values = scratch.values;
        int[][] indices = scratch.indices;
        int[] terms = scratch.terms;
        for (int r0 = from; r0 < to; r0 += COLUMN_BLOCK) {
            int block = Math.min(COLUMN_BLOCK, to - r0);
            java.util.Arrays.fill(terms, 0);
            for (int i = 0; i < m; i++) {
                float[] aRow = a[i];
                for (int q = 0; q < block; q++) {
                    float value = aRow[r0 + q];
                    int at = terms[q];
                    values[q][at] = value;
                    indices[q][at] = i;
                    terms[q] = at + (value != 0f ? 1 : 0);
                }
            }
            for (int q = 0; q < block; q++) {
                accumulateRow(c[r0 + q], values[q], indices[q], terms[q], b);
            }
        }
    }

    /**
     * Whether every entry of {@code b} is finite. Then a term {@code 0·b[i][j]} is ±0, and adding ±0 to an
     * accumulator that is not −0 leaves it unchanged; an accumulator that starts at +0 never becomes −0 (a float sum
     * is −0 only when both addends are), so {@link #transposedProductDense} — which adds the zero terms — gives the
     * same bits as {@link #accumulateTransposed}, which skips them.
     */
    public static boolean allFinite(float[][] b) {
        for (float[] row : b) {
            if (!allFinite(row)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every entry of {@code row} is finite: {@link #allFinite(float[][])} one row at a time. */
    public static boolean allFinite(float[] row) {
        for (float value : row) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code c[r][j] = Σ_i a[i][r] · b[i][j]} for rows r in [from, to) of {@code c}, every j, terms in ascending i
     * from +0, zero terms included; four terms per pass, evaluated left to right. Equals {@link #accumulateTransposed}
     * into a zeroed {@code c} bit for bit when {@link #allFinite} holds for {@code b}.
     *
     * <p>The sums run in a scratch {@code cT[j][r]} of this call's own, so the inner loop runs along a row of
     * {@code a} (the long dimension of a convolution's patches) and vectorises however few columns {@code b} has;
     * then rows [from, to) of {@code c} are written from it. Threads given disjoint ranges of r read only their part
     * of each row of {@code a} and write only their own arrays: split instead over j, every thread read the whole of
     * {@code a}; with a shared {@code cT} split over r, two threads wrote the same cache lines at their boundary on
     * every pass. Each element's chain is the same whatever the split.
     */
    public static void transposedProductDense(float[][] a, float[][] b, float[][] c, int from, int to) {
        if (from >= to) {
            return;
        }
        int m = a.length;
        int n = c[from].length;
        if (m == 0) {
            for (int r = from; r < to; r++) {
                java.util.Arrays.fill(c[r], 0f);
            }
            return;
        }
        // Full-length rows indexed like a's rows (only [from, to) is touched): the JIT vectorises a loop whose loads
        // and stores share one index.
        float[][] cT = new float[n][a[0].length];
        int i = 0;
        for (; i + 3 < m; i += 4) {
            float[] a0 = a[i];
            float[] a1 = a[i + 1];
            float[] a2 = a[i + 2];
            float[] a3 = a[i + 3];
            float[] b0 = b[i];
            float[] b1 = b[i + 1];
            float[] b2 = b[i + 2];
            float[] b3 = b[i + 3];
            for (int j = 0; j < n; j++) {
                addFour(cT[j], from, to, b0[j], a0, b1[j], a1, b2[j], a2, b3[j], a3);
            }
        }
        for (; i < m; i++) {
            float[] a0 = a[i];
            float[] b0 = b[i];
            for (int j = 0; j < n; j++) {
                addOne(cT[j], from, to, b0[j], a0);
            }
        }
        for (int r = from; r < to; r++) {
            float[] row = c[r];
            for (int j = 0; j < n; j++) {
                row[j] = cT[j][r];
            }
        }
    }

    /** Whether {@code values} holds a −0, which a dense chain starting from it could turn into +0. */
    public static boolean hasNegativeZero(float[] values) {
        for (float value : values) {
            if (Float.floatToRawIntBits(value) == 0x80000000) {
                return true;
            }
        }
        return false;
    }

    /**
     * Two filters of a convolution, one lane per output position: {@code out0[p] = bias0 + Σ_k w[k][f]·aT[k][p]} and
     * {@code out1[p]} likewise for filter f + 1, k ascending, zero terms included, four terms per pass. Equals the
     * sparse {@link #accumulate} of the patches (rows {@code aT}'s columns) by {@code w} bit for bit when
     * {@link #allFinite} holds for {@code w} and neither bias is −0 (the argument at {@link #allFinite}).
     */
    public static void positionChains(float[][] aT, float[][] w, int f, float bias0, float bias1,
                                      float[] out0, float[] out1) {
        int n = out0.length;
        java.util.Arrays.fill(out0, bias0);
        java.util.Arrays.fill(out1, bias1);
        int terms = aT.length;
        int k = 0;
        for (; k + 3 < terms; k += 4) {
            float[] x0 = aT[k];
            float[] x1 = aT[k + 1];
            float[] x2 = aT[k + 2];
            float[] x3 = aT[k + 3];
            float u0 = w[k][f];
            float u1 = w[k + 1][f];
            float u2 = w[k + 2][f];
            float u3 = w[k + 3][f];
            float v0 = w[k][f + 1];
            float v1 = w[k + 1][f + 1];
            float v2 = w[k + 2][f + 1];
            float v3 = w[k + 3][f + 1];
            for (int p = 0; p < n; p++) {
                out0[p] = out0[p] + x0[p] * u0 + x1[p] * u1 + x2[p] * u2 + x3[p] * u3;
                out1[p] = out1[p] + x0[p] * v0 + x1[p] * v1 + x2[p] * v2 + x3[p] * v3;
            }
        }
        for (; k < terms; k++) {
            float[] x0 = aT[k];
            float u0 = w[k][f];
            float v0 = w[k][f + 1];
            for (int p = 0; p < n; p++) {
                out0[p] = out0[p] + x0[p] * u0;
                out1[p] = out1[p] + x0[p] * v0;
            }
        }
    }

    /** One filter: {@link #positionChains} for a single output row. */
    public static void positionChain(float[][] aT, float[][] w, int f, float bias, float[] out) {
        java.util.Arrays.fill(out, bias);
        int terms = aT.length;
        int k = 0;
        for (; k + 3 < terms; k += 4) {
            addFour(out, w[k][f], aT[k], w[k + 1][f], aT[k + 1], w[k + 2][f], aT[k + 2], w[k + 3][f], aT[k + 3]);
        }
        for (; k < terms; k++) {
            addOne(out, w[k][f], aT[k]);
        }
    }

    /** Columns gathered per pass down {@code a} in {@link #accumulateTransposed}: one 64-byte line of floats. */
    private static final int COLUMN_BLOCK = 16;

    /** Per-thread gather lists for {@link #accumulateTransposed}, grown to the largest row count seen, never shrunk. */
    private static final class ColumnScratch {
        private static final ThreadLocal<ColumnScratch> PER_THREAD = new ThreadLocal<>();
        final float[][] values;
        final int[][] indices;
        final int[] terms = new int[COLUMN_BLOCK];

        private ColumnScratch(int rows) {
            values = new float[COLUMN_BLOCK][rows];
            indices = new int[COLUMN_BLOCK][rows];
        }

        static ColumnScratch of(int rows) {
            ColumnScratch scratch = PER_THREAD.get();
            if (scratch == null || scratch.values[0].length < rows) {
                scratch = new ColumnScratch(rows);
                PER_THREAD.set(scratch);
            }
            return scratch;
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

    /**
     * {@code y[j] += Σ_r x[from + r] · rows[r][j]} for r ascending over {@code rows.length}, zero terms included (the
     * dense chain of an attention projection). {@code y} is a row of its own, indexed like {@code rows}: the JIT
     * vectorises a loop whose stores and loads share one index, not one that stores at an offset into a flat array.
     */
    public static void accumulateDense(float[] x, int from, float[][] rows, float[] y) {
        int terms = rows.length;
        int r = 0;
        for (; r + 3 < terms; r += 4) {
            addFour(y, x[from + r], rows[r], x[from + r + 1], rows[r + 1], x[from + r + 2], rows[r + 2],
                    x[from + r + 3], rows[r + 3]);
        }
        for (; r < terms; r++) {
            addOne(y, x[from + r], rows[r]);
        }
    }

    /**
     * Two rows of {@link #accumulateDense} in one pass: {@code y0[j] += Σ_r x0[from0 + r]·rows[r][j]} and
     * {@code y1[j] += Σ_r x1[from1 + r]·rows[r][j]}, r ascending over {@code rows.length}, zero terms included. Each
     * output's chain is exactly {@link #accumulateDense}'s; the pass loads each row of {@code rows} once for both
     * outputs instead of once each, which is where a single chain's time went.
     */
    public static void accumulateDensePair(float[] x0, int from0, float[] x1, int from1, float[][] rows, float[] y0,
                                           float[] y1) {
        int terms = rows.length;
        int r = 0;
        for (; r + 3 < terms; r += 4) {
            addFourPair(y0, y1, 0, y0.length, x0[from0 + r], x0[from0 + r + 1], x0[from0 + r + 2], x0[from0 + r + 3],
                    x1[from1 + r], x1[from1 + r + 1], x1[from1 + r + 2], x1[from1 + r + 3],
                    rows[r], rows[r + 1], rows[r + 2], rows[r + 3]);
        }
        for (; r < terms; r++) {
            float a0 = x0[from0 + r];
            float a1 = x1[from1 + r];
            float[] b = rows[r];
            for (int j = 0; j < y0.length; j++) {
                y0[j] = y0[j] + a0 * b[j];
                y1[j] = y1[j] + a1 * b[j];
            }
        }
    }

    /**
     * {@code c0[j] = (((c0[j] + a00·b0[j]) + a01·b1[j]) + a02·b2[j]) + a03·b3[j]} and {@code c1[j]} likewise with
     * a10..a13, for j in [from, to): two outputs' four-term passes sharing the loads of {@code b0..b3}. Each output
     * gets exactly the chain of its own {@code addFour}; two outputs a pass, not more, because four (sixteen
     * broadcast factors live at once) ran at half the speed of one on the JIT's vector code.
     */
    public static void addFourPair(float[] c0, float[] c1, int from, int to,
                                   float a00, float a01, float a02, float a03,
                                   float a10, float a11, float a12, float a13,
                                   float[] b0, float[] b1, float[] b2, float[] b3) {
        for (int j = from; j < to; j++) {
            float v0 = b0[j];
            float v1 = b1[j];
            float v2 = b2[j];
            float v3 = b3[j];
            c0[j] = c0[j] + a00 * v0 + a01 * v1 + a02 * v2 + a03 * v3;
            c1[j] = c1[j] + a10 * v0 + a11 * v1 + a12 * v2 + a13 * v3;
        }
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
        addOne(c, 0, c.length, a, b);
    }

    private static void addOne(float[] c, int from, int to, float a, float[] b) {
        for (int j = from; j < to; j++) {
            c[j] = c[j] + a * b[j];
        }
    }

    private static void addFour(float[] c, int from, int to, float a0, float[] b0, float a1, float[] b1,
                                float a2, float[] b2, float a3, float[] b3) {
        for (int j = from; j < to; j++) {
            c[j] = c[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }
}
