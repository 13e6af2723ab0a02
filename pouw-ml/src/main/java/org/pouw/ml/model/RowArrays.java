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

    /** The least number of rows per thread for rows that each cost {@code workPerRow} multiply-adds. */
    static int minRowsPerPart(long workPerRow) {
        return (int) Math.max(1, MIN_WORK_PER_PART / Math.max(1, workPerRow));
    }

    static void requireColumns(float[][] batch, int columns, String layer) {
        if (batch.length > 0 && batch[0].length != columns) {
            throw new IllegalArgumentException(layer + " expects " + columns + " features, got " + batch[0].length);
        }
    }
}
