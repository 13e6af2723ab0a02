package org.pouw.ml.model;

import org.pouw.ml.tensor.ThreadTeam;

/**
 * What one forward/backward pass needs besides its input: whether it trains (dropout on), the key its dropout
 * masks derive from (a function of the task seed and the step, see {@link org.pouw.ml.train.Trainer}), and the
 * threads it may use.
 */
public record Pass(boolean training, long dropoutKey, ThreadTeam team) {
    public static Pass inference(ThreadTeam team) {
        return new Pass(false, 0L, team);
    }
}
