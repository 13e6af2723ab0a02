package org.pouw.ml.train;

import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * Stochastic gradient descent with momentum in PyTorch's form: {@code v ← μ·v + g}, {@code w ← w − η·v}.
 * {@code momentum = 0} is plain SGD (the velocity slot then just holds the last gradient). A positive
 * {@code weightDecay} λ is the L2 penalty in PyTorch's form, added to the gradient before the momentum:
 * {@code g ← g + λ·w}.
 */
public record SgdMomentum(float learningRate, float momentum, float weightDecay) implements OptimizerSpec {
    static final int TAG = 1;
    /** The same optimiser with an L2 weight decay; tag 1 stays the form without, so its encodings are unchanged. */
    static final int TAG_WITH_DECAY = 3;

    public SgdMomentum {
        InvalidSpecException.require(learningRate > 0f && learningRate <= 10f, "learning rate", "in (0, 10]", learningRate);
        InvalidSpecException.require(momentum >= 0f && momentum < 1f, "momentum", "in [0, 1)", momentum);
        InvalidSpecException.require(weightDecay >= 0f && weightDecay <= 1f, "weight decay", "in [0, 1]", weightDecay);
    }

    public SgdMomentum(float learningRate, float momentum) {
        this(learningRate, momentum, 0f);
    }

    @Override
    public int slotCount() {
        return 1;
    }

    @Override
    public RowUpdate forStep(long step, float eta, float gradientScale) {
        float mu = momentum;
        float lambda = weightDecay;
        if (lambda == 0f && gradientScale == 1f) {
            return (w, g, slots) -> {
                float[] v = slots[0];
                for (int j = 0; j < w.length; j++) {
                    v[j] = mu * v[j] + g[j];
                    w[j] = w[j] - eta * v[j];
                }
            };
        }
        return (w, g, slots) -> {
            float[] v = slots[0];
            for (int j = 0; j < w.length; j++) {
                v[j] = mu * v[j] + (g[j] * gradientScale + lambda * w[j]);
                w[j] = w[j] - eta * v[j];
            }
        };
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        if (weightDecay == 0f) {
            out.u8(TAG).f32(learningRate).f32(momentum);
        } else {
            out.u8(TAG_WITH_DECAY).f32(learningRate).f32(momentum).f32(weightDecay);
        }
    }
}
