package org.pouw.ml.federated;

import java.util.SplittableRandom;

/**
 * What a poisoning federated worker sends instead of its honest update u — the attacks the robust rules are
 * tested against (Blanchard et al. 2017; Yin et al. 2018): u scaled up, u reversed and amplified, or noise.
 */
public enum Poisoning {
    NONE,
    /** 60·u: one worker's step outweighs everyone else's under a mean. */
    SCALED,
    /** −6·u: pushes the model against the descent direction. */
    SIGN_FLIPPED,
    /** Uniform noise in [−100, 100], ignoring u. */
    RANDOM;

    public float[] apply(float[] update, SplittableRandom random) {
        return switch (this) {
            case NONE -> update;
            case SCALED -> scaled(update, 60f);
            case SIGN_FLIPPED -> scaled(update, -6f);
            case RANDOM -> {
                float[] noise = new float[update.length];
                for (int j = 0; j < noise.length; j++) {
                    noise[j] = (float) (random.nextDouble() * 200 - 100);
                }
                yield noise;
            }
        };
    }

    private static float[] scaled(float[] update, float factor) {
        float[] out = new float[update.length];
        for (int j = 0; j < update.length; j++) {
            out[j] = update[j] * factor;
        }
        return out;
    }
}
