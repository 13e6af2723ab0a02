package org.pouw.ml.train;

import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * How parameters move given their gradient. Each optimiser keeps {@link #slotCount()} buffers shaped like the
 * parameters (momentum, moment estimates); they are part of the training state a step commits to, because a step
 * cannot be replayed without them.
 */
public sealed interface OptimizerSpec permits SgdMomentum, Adam {
    int slotCount();

    float learningRate();

    float weightDecay();

    /** The element-wise update for step {@code step} (0-based) at the optimiser's own rate, gradients unscaled. */
    default RowUpdate forStep(long step) {
        return forStep(step, learningRate(), 1f);
    }

    /**
     * The element-wise update for step {@code step} (0-based) at rate {@code learningRate} (the schedule's), with
     * every gradient first multiplied by {@code gradientScale} (gradient-norm clipping; exactly 1 when not clipped).
     */
    RowUpdate forStep(long step, float learningRate, float gradientScale);

    void encodeTo(CanonicalWriter out);

    /** Updates one row of weights in place from its gradient and its slot rows. */
    @FunctionalInterface
    interface RowUpdate {
        void apply(float[] weights, float[] gradient, float[][] slots);
    }

    /** A decayed form with a zero decay would be a second encoding of the plain form. */
    private static float positive(float decay, String field) {
        if (!(decay > 0f)) {
            throw new EncodingException(field + ": must be positive in this form, got " + decay);
        }
        return decay;
    }

    static OptimizerSpec decode(CanonicalReader in) {
        int tag = in.u8("optimizer kind");
        try {
            return switch (tag) {
                case SgdMomentum.TAG -> new SgdMomentum(in.f32("sgd learning rate"), in.f32("sgd momentum"));
                case SgdMomentum.TAG_WITH_DECAY -> new SgdMomentum(in.f32("sgd learning rate"), in.f32("sgd momentum"),
                        positive(in.f32("sgd weight decay"), "sgd weight decay"));
                case Adam.TAG -> new Adam(in.f32("adam learning rate"), in.f32("adam beta1"),
                        in.f32("adam beta2"), in.f32("adam epsilon"));
                case Adam.TAG_DECOUPLED -> new Adam(in.f32("adamw learning rate"), in.f32("adamw beta1"),
                        in.f32("adamw beta2"), in.f32("adamw epsilon"),
                        positive(in.f32("adamw weight decay"), "adamw weight decay"));
                default -> throw new EncodingException("optimizer kind: unknown tag " + tag);
            };
        } catch (org.pouw.ml.InvalidSpecException e) {
            throw new EncodingException("optimizer: " + e.getMessage());
        }
    }
}
