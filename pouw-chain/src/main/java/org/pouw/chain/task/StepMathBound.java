package org.pouw.chain.task;

import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.LearningRateSchedule;
import org.pouw.ml.train.Loss;

/**
 * The most {@code StrictMath} calls one training step can make (docs/chain.md §3.4, C_math), from the architecture,
 * loss, optimiser and batch alone, as pouw-ml's engine makes them: a tanh or sigmoid unit calls {@code tanh} or
 * {@code exp} once per record in the forward pass (the backward pass reads the derivative from the output, with no
 * call; ReLU calls nothing); the softmax cross-entropy calls {@code exp} once per class and {@code log} once per
 * record; Adam calls {@code pow} twice per step for its bias corrections. Admission holds it to C_math, as
 * {@link StepWorkBound} is held to C_mac. (The distinct-record key's {@code getExponent} and {@code scalb} are bit
 * operations on the batch's features, bounded by the products C_mac counts.)
 */
public final class StepMathBound {
    private StepMathBound() {
    }

    public static long maxMathCalls(Architecture architecture, Hyperparameters hyper) {
        long bound = maxMathCalls(architecture, hyper.loss(), hyper.optimizer() instanceof Adam, hyper.batchSize());
        // A cosine learning-rate schedule calls cos once per step.
        return hyper.schedule().decay() == LearningRateSchedule.Decay.COSINE && bound < Long.MAX_VALUE ? bound + 1 : bound;
    }

    /** Saturates at {@link Long#MAX_VALUE}. */
    public static long maxMathCalls(Architecture architecture, Loss loss, boolean adam, int batchSize) {
        long perRecord = activationCalls(architecture)
                + (loss == Loss.SOFTMAX_CROSS_ENTROPY ? architecture.classes() + 1L : 0L);
        try {
            return Math.addExact(Math.multiplyExact(perRecord, batchSize), adam ? 2L : 0L);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** The units per record whose activation calls StrictMath: every one of them unless the activation is ReLU. */
    static long activationCalls(Architecture architecture) {
        return switch (architecture) {
            case MlpArchitecture mlp -> {
                if (mlp.activation() == Activation.RELU) {
                    yield 0;
                }
                long units = 0;
                for (int width : mlp.hidden()) {
                    units += width;
                }
                yield units;
            }
            case CnnArchitecture cnn -> {
                if (cnn.activation() == Activation.RELU) {
                    yield 0;
                }
                long outHeight = cnn.height() - cnn.kernel() + 1;
                long outWidth = cnn.width() - cnn.kernel() + 1;
                yield outHeight * outWidth * cnn.filters() + Math.max(0, cnn.hidden());
            }
            case StackArchitecture stack -> stack.strictMathCallsPerRecord();
        };
    }
}
