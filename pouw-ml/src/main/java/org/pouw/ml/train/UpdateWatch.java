package org.pouw.ml.train;

/**
 * Watches the optimiser's pass over a step's rows ({@link Trainer#watchingUpdate}): each row is updated by the
 * optimiser's watched form ({@link OptimizerSpec#watchedForStep}), which in its own loop counts the gradient's ±0
 * words, compares each weight with the value it overwrites, and tests the new weights for subnormal and non-finite
 * values and the slots, before and after, for non-finite ones ({@link WordTally}). This replaces a copy of every
 * parameter word before the step, the start state's pass over its slots, a pass over the gradients and a second pass
 * over the parameters and slots after the step (the chain's liveness checks, docs/chain.md §3.3). Nothing the update
 * computes changes: the watched form has the plain one's arithmetic.
 */
final class UpdateWatch {
    private final int[] gradientZeros;
    private final int[] changed;
    private final int[] subnormal;
    /** Per row, negative when a slot word before the update, or a weight or slot word after it, is ±∞ or NaN. */
    private final int[] nonFinite;

    UpdateWatch(int rows) {
        this.gradientZeros = new int[rows];
        this.changed = new int[rows];
        this.subnormal = new int[rows];
        this.nonFinite = new int[rows];
    }

    /** Row {@code i}'s update by {@code update}, watched; {@code tally} is the part's (each thread its own). */
    void update(int i, OptimizerSpec.WatchedRowUpdate update, float[] weights, float[] gradient, float[][] slots,
                WordTally tally) {
        update.apply(weights, gradient, slots, tally);
        gradientZeros[i] = tally.gradientZeros;
        changed[i] = tally.changed;
        subnormal[i] = tally.subnormal;
        nonFinite[i] = tally.nonFinite;
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
