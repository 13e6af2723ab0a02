package org.pouw.ml.tensor;

/**
 * The non-zero entries of a row-array matrix, row by row in ascending column order — the terms
 * {@link MatMul} adds. Built once per pass and reused: a layer gathers its input's non-zeros in the forward pass
 * and, for the weight gradient, transposes them into columns ({@link #transpose}) instead of scanning the dense
 * input column by column again.
 *
 * <p>Each row has room for the full width, so rows can be gathered in parallel without a prefix sum.
 */
public final class SparseRows {
    private final int width;
    final int[] counts;
    final int[][] indices;
    final float[][] values;

    public SparseRows(int rows, int width) {
        this.width = width;
        this.counts = new int[rows];
        this.indices = new int[rows][width];
        this.values = new float[rows][width];
    }

    /** {@code current} if it has this shape, else a new one. */
    public static SparseRows ensure(SparseRows current, int rows, int width) {
        return current != null && current.rows() == rows && current.width == width ? current : new SparseRows(rows, width);
    }

    public int rows() {
        return counts.length;
    }

    public int width() {
        return width;
    }

    public int count(int row) {
        return counts[row];
    }

    /** Records the non-zero entries of {@code dense} (length {@link #width}) as row {@code row}. */
    public void gather(int row, float[] dense) {
        float[] v = values[row];
        int[] idx = indices[row];
        int terms = 0;
        int p = 0;
        for (; p + 8 <= dense.length; p += 8) {
            // Skip all-+0 blocks whole: images have long zero runs. −0 has a bit set and takes the slow path.
            if ((Float.floatToRawIntBits(dense[p]) | Float.floatToRawIntBits(dense[p + 1])
                    | Float.floatToRawIntBits(dense[p + 2]) | Float.floatToRawIntBits(dense[p + 3])
                    | Float.floatToRawIntBits(dense[p + 4]) | Float.floatToRawIntBits(dense[p + 5])
                    | Float.floatToRawIntBits(dense[p + 6]) | Float.floatToRawIntBits(dense[p + 7])) == 0) {
                continue;
            }
            for (int q = p; q < p + 8; q++) {
                terms = take(dense[q], q, v, idx, terms);
            }
        }
        for (; p < dense.length; p++) {
            terms = take(dense[p], p, v, idx, terms);
        }
        counts[row] = terms;
    }

    /** Branch-free: within a block, zero/non-zero patterns (ReLUs, pixels) are too irregular to predict. */
    private static int take(float value, int p, float[] v, int[] idx, int terms) {
        v[terms] = value;
        idx[terms] = p;
        return terms + (value != 0f ? 1 : 0);
    }

    /**
     * Makes this the transpose of {@code source}: row r here lists source's column r, in ascending source row —
     * the order the weight gradient sums its terms in. Requires {@code rows() == source.width()} and
     * {@code width() == source.rows()}.
     */
    public void transpose(SparseRows source) {
        if (rows() != source.width || width != source.rows()) {
            throw new IllegalArgumentException("transpose shape mismatch");
        }
        java.util.Arrays.fill(counts, 0);
        for (int i = 0; i < source.rows(); i++) {
            int[] idx = source.indices[i];
            float[] v = source.values[i];
            for (int t = 0; t < source.counts[i]; t++) {
                int column = idx[t];
                int at = counts[column]++;
                indices[column][at] = i;
                values[column][at] = v[t];
            }
        }
    }
}
