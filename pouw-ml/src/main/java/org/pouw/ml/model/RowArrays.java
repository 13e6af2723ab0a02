package org.pouw.ml.model;

import org.pouw.ml.tensor.ThreadTeam;

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

    /**
     * {@link #minRowsPerPart(long)} for a product of {@code rows} rows, or all of them — the caller alone — when
     * {@code team} does not share a product of that size ({@link ThreadTeam#shares(long)}).
     */
    static int minRowsPerPart(ThreadTeam team, int rows, long workPerRow) {
        return team.shares((long) rows * workPerRow) ? minRowsPerPart(workPerRow) : Math.max(1, rows);
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
