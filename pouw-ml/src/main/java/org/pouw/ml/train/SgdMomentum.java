package org.pouw.ml.train;

import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * Stochastic gradient descent with momentum in PyTorch's form: {@code v ← μ·v + g}, {@code w ← w − η·v}.
 * {@code momentum = 0} is plain SGD (the velocity slot then just holds the last gradient).
 */
public record SgdMomentum(float learningRate, float momentum) implements OptimizerSpec {
    static final int TAG = 1;

    public SgdMomentum {
        InvalidSpecException.require(learningRate > 0f && learningRate <= 10f, "learning rate", "in (0, 10]", learningRate);
        InvalidSpecException.require(momentum >= 0f && momentum < 1f, "momentum", "in [0, 1)", momentum);
    }

    @Override
    public int slotCount() {
        return 1;
    }

    @Override
    public RowUpdate forStep(long step) {
        float mu = momentum;
        float eta = learningRate;
        return (w, g, slots) -> {
            float[] v = slots[0];
            for (int j = 0; j < w.length; j++) {
                v[j] = mu * v[j] + g[j];
                w[j] = w[j] - eta * v[j];
            }
        };
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(TAG).f32(learningRate).f32(momentum);
    }
}
