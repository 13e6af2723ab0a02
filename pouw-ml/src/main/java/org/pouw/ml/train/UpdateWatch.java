package org.pouw.ml.train;

/**
 * Watches the optimiser's pass over a step's rows ({@link Trainer#watchingUpdate}): each row is read just before
 * and just after its update, while it is in cache, by the thread that updates it. Before, the gradient's ±0 words
 * are counted and the weights' bits noted in a scratch row; after, the weights are compared with those bits and
 * tested for subnormal and non-finite values, and the slot rows for non-finite ones. This replaces a copy of every
 * parameter word before the step and a second pass over the parameters and slots after it (the chain's liveness
 * checks, docs/chain.md §3.3). Nothing the update computes changes: the watch only reads.
 *
 * <p>Every test is branch-free integer arithmetic on a word's magnitude {@code m = bits & 0x7fffffff}, so the loops
 * vectorise: {@code m > 0x7f7fffff} is ±∞ or NaN, {@code m > 0x7f800000} NaN, {@code m < 0x00800000} zero or
 * subnormal, {@code m == 0} ±0. The raw bits of two NaNs may differ where their canonical bits (one NaN) do not, so
 * a word that is NaN before and after counts as unchanged, as the canonical encodings compare.
 */
final class UpdateWatch {
    private final int[] gradientZeros;
    private final int[] changed;
    private final int[] subnormal;
    /** Per row, negative when a weight or slot word after the update is ±∞ or NaN. */
    private final int[] nonFinite;
    private final int widestRow;

    UpdateWatch(float[][] weightRows) {
        int rows = weightRows.length;
        this.gradientZeros = new int[rows];
        this.changed = new int[rows];
        this.subnormal = new int[rows];
        this.nonFinite = new int[rows];
        int widest = 0;
        for (float[] row : weightRows) {
            widest = Math.max(widest, row.length);
        }
        this.widestRow = widest;
    }

    /** A scratch row for one part of the pass; each part (thread) takes its own. */
    int[] scratch() {
        return new int[widestRow];
    }

    /** Row {@code i}'s update by {@code update}, watched; {@code bitsBefore} is the part's scratch row. */
    void update(int i, OptimizerSpec.RowUpdate update, float[] weights, float[] gradient, float[][] slots,
                int[] bitsBefore) {
        int zeros = 0;
        for (int j = 0; j < weights.length; j++) {
            zeros += ((Float.floatToRawIntBits(gradient[j]) & 0x7fffffff) - 1) >>> 31;
            bitsBefore[j] = Float.floatToRawIntBits(weights[j]);
        }
        update.apply(weights, gradient, slots);
        int different = 0;
        int small = 0;
        int zero = 0;
        int bad = 0;
        for (int j = 0; j < weights.length; j++) {
            int before = bitsBefore[j];
            int after = Float.floatToRawIntBits(weights[j]);
            int m = after & 0x7fffffff;
            bad |= 0x7f7fffff - m;
            zero += (m - 1) >>> 31;
            small += (m - 0x00800000) >>> 31;
            int bothNaN = ((0x7f800000 - (before & 0x7fffffff)) & (0x7f800000 - m)) >>> 31;
            int x = before ^ after;
            different += ((x | -x) >>> 31) & (bothNaN ^ 1);
        }
        for (float[] slot : slots) {
            for (float s : slot) {
                bad |= 0x7f7fffff - (Float.floatToRawIntBits(s) & 0x7fffffff);
            }
        }
        gradientZeros[i] = zeros;
        changed[i] = different;
        subnormal[i] = small - zero;
        nonFinite[i] = bad;
    }

    long gradientZeroWords() {
        return sum(gradientZeros);
    }

    UpdateVitals vitals() {
        int bad = 0;
        for (int rowBad : nonFinite) {
            bad |= rowBad;
        }
        return new UpdateVitals(sum(gradientZeros), sum(changed), sum(subnormal), bad >= 0);
    }

    private static long sum(int[] perRow) {
        long sum = 0;
        for (int value : perRow) {
            sum += value;
        }
        return sum;
    }
}
