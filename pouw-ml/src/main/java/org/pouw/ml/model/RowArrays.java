package org.pouw.ml.model;

/** Shape checks and buffer reuse for row arrays ({@code float[rows][columns]}). */
final class RowArrays {
    /** Below this many multiply-adds a part is not worth handing to another thread. */
    private static final int MIN_WORK_PER_PART = 1 << 16;

    private RowArrays() {
    }

    /** {@code current} if it already has this shape, else a new zeroed buffer. */
    static float[][] ensure(float[][] current, int rows, int columns) {
        if (current != null && current.length == rows && (rows == 0 || current[0].length == columns)) {
            return current;
        }
        return new float[rows][columns];
    }

    /**
     * Below this many multiply-adds a whole product is done by the calling thread: such a region takes some tens of
     * µs (the MNIST MLP's second layer: 2^19 of them in 30–40 µs), about what waking the other thread, sharing out
     * the chunks, waiting for the last one and moving the rows it wrote back between the cores' caches costs.
     */
    private static final long MIN_WORK_PER_REGION = 1L << 20;

    /** The least number of rows per thread for rows that each cost {@code workPerRow} multiply-adds. */
    static int minRowsPerPart(long workPerRow) {
        return (int) Math.max(1, MIN_WORK_PER_PART / Math.max(1, workPerRow));
    }

    /**
     * {@link #minRowsPerPart(long)} for a product of {@code rows} rows, or all of them — the caller alone — when the
     * whole product is under {@link #MIN_WORK_PER_REGION} multiply-adds.
     */
    static int minRowsPerPart(int rows, long workPerRow) {
        return (long) rows * workPerRow < MIN_WORK_PER_REGION ? Math.max(1, rows) : minRowsPerPart(workPerRow);
    }

    /**
     * Bounds of at most {@code parts} contiguous parts of [0, length), every inner bound a multiple of {@code align}
     * (so fewer parts when the length holds fewer than {@code parts} aligned blocks): part k is
     * [bounds[k], bounds[k + 1]), and none is empty.
     */
    static int[] alignedParts(int length, int parts, int align) {
        int blocks = (length + align - 1) / align;
        int count = Math.max(1, Math.min(parts, blocks));
        int[] bounds = new int[count + 1];
        for (int k = 1; k < count; k++) {
            bounds[k] = (int) ((long) blocks * k / count) * align;
        }
        bounds[count] = length;
        return bounds;
    }

    static void requireColumns(float[][] batch, int columns, String layer) {
        if (batch.length > 0 && batch[0].length != columns) {
            throw new IllegalArgumentException(layer + " expects " + columns + " features, got " + batch[0].length);
        }
    }
}
