package org.pouw.ml.train;

import org.pouw.ml.InvalidSpecException;

/**
 * How the learning rate moves over a task's steps: a linear warm-up over the first {@code warmupSteps} steps
 * (step t uses (t + 1) / warmup of the rate), then either the constant rate or a cosine decay from the full rate
 * down to {@code floor} × the rate at the last step (Loshchilov and Hutter, "SGDR", 2017, without restarts).
 *
 * <p>The factor is computed once per step in double with {@link StrictMath#cos} and the product with the base rate
 * rounded to float, so every replay of step t uses the same rate.
 */
public record LearningRateSchedule(long warmupSteps, Decay decay, float floor) {
    /** No warm-up, no decay: the rate the optimiser names, every step. */
    public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(0, Decay.NONE, 0f);

    public enum Decay {
        NONE,
        COSINE
    }

    public LearningRateSchedule {
        InvalidSpecException.require(warmupSteps >= 0 && warmupSteps <= 1L << 31, "warm-up steps", "in [0, 2^31]", warmupSteps);
        InvalidSpecException.require(decay != null, "learning-rate decay", "set", null);
        InvalidSpecException.require(floor >= 0f && floor <= 1f, "learning-rate floor", "in [0, 1]", floor);
        // One encoding per schedule: a floor only means something under a decay.
        InvalidSpecException.require(decay == Decay.COSINE || floor == 0f, "learning-rate floor", "0 without a decay", floor);
    }

    public static LearningRateSchedule cosine(long warmupSteps, float floor) {
        return new LearningRateSchedule(warmupSteps, Decay.COSINE, floor);
    }

    public boolean isConstant() {
        return equals(CONSTANT);
    }

    /** The rate for step {@code step} (0-based) of a task of {@code totalSteps} steps. */
    public float rate(float base, long step, long totalSteps) {
        if (isConstant()) {
            return base;
        }
        double factor;
        if (step < warmupSteps) {
            factor = (step + 1.0) / warmupSteps;
        } else if (decay == Decay.COSINE) {
            long span = Math.max(1, totalSteps - warmupSteps - 1);
            double progress = Math.min(1.0, (double) (step - warmupSteps) / span);
            factor = floor + (1.0 - floor) * 0.5 * (1.0 + StrictMath.cos(StrictMath.PI * progress));
        } else {
            factor = 1.0;
        }
        return (float) (base * factor);
    }
}
