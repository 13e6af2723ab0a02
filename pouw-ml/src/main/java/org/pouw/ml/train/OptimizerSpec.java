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

    /** The element-wise update for step {@code step} (0-based), applied row by row. */
    RowUpdate forStep(long step);

    void encodeTo(CanonicalWriter out);

    /** Updates one row of weights in place from its gradient and its slot rows. */
    @FunctionalInterface
    interface RowUpdate {
        void apply(float[] weights, float[] gradient, float[][] slots);
    }

    static OptimizerSpec decode(CanonicalReader in) {
        int tag = in.u8("optimizer kind");
        try {
            return switch (tag) {
                case SgdMomentum.TAG -> new SgdMomentum(in.f32("sgd learning rate"), in.f32("sgd momentum"));
                case Adam.TAG -> new Adam(in.f32("adam learning rate"), in.f32("adam beta1"),
                        in.f32("adam beta2"), in.f32("adam epsilon"));
                default -> throw new EncodingException("optimizer kind: unknown tag " + tag);
            };
        } catch (org.pouw.ml.InvalidSpecException e) {
            throw new EncodingException("optimizer: " + e.getMessage());
        }
    }
}
