package org.pouw.ml.train;

import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1): first and second
 * moment estimates with bias correction. The corrections {@code 1/(1 − βᵗ)} are computed once per step with
 * {@link StrictMath#pow} and rounded to float; {@link Math#sqrt} is exact (IEEE-754 correctly rounded), so every
 * element update is the same on every JVM.
 *
 * <p>A positive {@code weightDecay} λ makes it AdamW (Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019) in PyTorch's form: before the Adam update each weight is multiplied by
 * {@code 1 − η·λ}, with η the step's scheduled rate; the decay never enters the moment estimates.
 */
public record Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay)
        implements OptimizerSpec {
    static final int TAG = 2;
    /** AdamW; tag 2 stays plain Adam, so its encodings are unchanged. */
    static final int TAG_DECOUPLED = 4;

    public Adam {
        InvalidSpecException.require(learningRate > 0f && learningRate <= 10f, "learning rate", "in (0, 10]", learningRate);
        InvalidSpecException.require(beta1 >= 0f && beta1 < 1f, "beta1", "in [0, 1)", beta1);
        InvalidSpecException.require(beta2 >= 0f && beta2 < 1f, "beta2", "in [0, 1)", beta2);
        InvalidSpecException.require(epsilon > 0f && epsilon <= 1f, "epsilon", "in (0, 1]", epsilon);
        InvalidSpecException.require(weightDecay >= 0f && weightDecay <= 1f, "weight decay", "in [0, 1]", weightDecay);
    }

    public Adam(float learningRate, float beta1, float beta2, float epsilon) {
        this(learningRate, beta1, beta2, epsilon, 0f);
    }

    /** The paper's defaults with the given learning rate. */
    public static Adam withLearningRate(float learningRate) {
        return new Adam(learningRate, 0.9f, 0.999f, 1e-8f);
    }

    /** AdamW with PyTorch's defaults (β = 0.9, 0.999, ε = 1e-8) and the given rate and decay. */
    public static Adam decoupled(float learningRate, float weightDecay) {
        return new Adam(learningRate, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    @Override
    public int slotCount() {
        return 2;
    }

    @Override
    public RowUpdate forStep(long step, float eta, float gradientScale) {
        float b1 = beta1;
        float b2 = beta2;
        float oneMinusB1 = 1f - b1;
        float oneMinusB2 = 1f - b2;
        float correction1 = (float) (1.0 / (1.0 - StrictMath.pow(b1, step + 1.0)));
        float correction2 = (float) (1.0 / (1.0 - StrictMath.pow(b2, step + 1.0)));
        float eps = epsilon;
        if (weightDecay == 0f && gradientScale == 1f) {
            return (w, g, slots) -> {
                float[] m = slots[0];
                float[] v = slots[1];
                for (int j = 0; j < w.length; j++) {
                    float gj = g[j];
                    m[j] = b1 * m[j] + oneMinusB1 * gj;
                    v[j] = b2 * v[j] + oneMinusB2 * gj * gj;
                    float mHat = m[j] * correction1;
                    float vHat = v[j] * correction2;
                    w[j] = w[j] - eta * mHat / ((float) Math.sqrt(vHat) + eps);
                }
            };
        }
        float keep = 1f - eta * weightDecay;
        return (w, g, slots) -> {
            float[] m = slots[0];
            float[] v = slots[1];
            for (int j = 0; j < w.length; j++) {
                float gj = g[j] * gradientScale;
                m[j] = b1 * m[j] + oneMinusB1 * gj;
                v[j] = b2 * v[j] + oneMinusB2 * gj * gj;
                float mHat = m[j] * correction1;
                float vHat = v[j] * correction2;
                w[j] = w[j] * keep - eta * mHat / ((float) Math.sqrt(vHat) + eps);
            }
        };
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(weightDecay == 0f ? TAG : TAG_DECOUPLED).f32(learningRate).f32(beta1).f32(beta2).f32(epsilon);
        if (weightDecay != 0f) {
            out.f32(weightDecay);
        }
    }
}
