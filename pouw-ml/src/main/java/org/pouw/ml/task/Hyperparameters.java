package org.pouw.ml.task;

import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.train.LearningRateSchedule;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * How to train: the loss, the optimiser with its settings (and weight decay), the mini-batch size, the learning-rate
 * schedule, and the gradient-norm clip ({@code clipNorm}: when positive, every step whose gradient's global L2 norm
 * exceeds it scales the whole gradient down to it; 0 turns clipping off).
 *
 * <p>Encoding: the loss ordinal (u8), the optimiser, the batch size (i32). With a schedule or a clip, the loss byte
 * carries the flag {@code 0x80} and the batch size is followed by the warm-up steps (i64), the decay (u8), the floor
 * (f32) and the clip (f32). The flag is set exactly when one of them is not the default, so every value has one
 * encoding and hyperparameters without them encode as they always did.
 */
public record Hyperparameters(Loss loss, OptimizerSpec optimizer, int batchSize, LearningRateSchedule schedule,
                              float clipNorm) {
    public static final int MAX_BATCH = 1 << 16;
    private static final int EXTENDED = 0x80;

    public Hyperparameters {
        InvalidSpecException.require(loss != null, "loss", "set", null);
        InvalidSpecException.require(optimizer != null, "optimizer", "set", null);
        InvalidSpecException.require(batchSize >= 1 && batchSize <= MAX_BATCH, "batch size", "in [1, 65536]", batchSize);
        InvalidSpecException.require(schedule != null, "learning-rate schedule", "set", null);
        InvalidSpecException.require(clipNorm >= 0f && clipNorm <= 1e6f, "gradient clip norm", "in [0, 1e6] (0 = off)", clipNorm);
    }

    /** A constant learning rate and no clipping. */
    public Hyperparameters(Loss loss, OptimizerSpec optimizer, int batchSize) {
        this(loss, optimizer, batchSize, LearningRateSchedule.CONSTANT, 0f);
    }

    private boolean extended() {
        return !schedule.isConstant() || clipNorm != 0f;
    }

    void encodeTo(CanonicalWriter out) {
        out.u8(loss.ordinal() | (extended() ? EXTENDED : 0));
        optimizer.encodeTo(out);
        out.i32(batchSize);
        if (extended()) {
            out.i64(schedule.warmupSteps()).u8(schedule.decay().ordinal()).f32(schedule.floor()).f32(clipNorm);
        }
    }

    static Hyperparameters decode(CanonicalReader in) {
        int lossByte = in.u8("loss");
        int lossOrdinal = lossByte & ~EXTENDED;
        if (lossOrdinal >= Loss.values().length) {
            throw new EncodingException("loss: unknown ordinal " + lossOrdinal);
        }
        OptimizerSpec optimizer = OptimizerSpec.decode(in);
        int batch = in.i32InRange("batch size", 1, MAX_BATCH);
        if ((lossByte & EXTENDED) == 0) {
            return new Hyperparameters(Loss.values()[lossOrdinal], optimizer, batch);
        }
        long warmup = in.i64("warm-up steps");
        int decay = in.u8("learning-rate decay");
        if (decay >= LearningRateSchedule.Decay.values().length) {
            throw new EncodingException("learning-rate decay: unknown ordinal " + decay);
        }
        float floor = in.f32("learning-rate floor");
        float clip = in.f32("gradient clip norm");
        try {
            Hyperparameters decoded = new Hyperparameters(Loss.values()[lossOrdinal], optimizer, batch,
                    new LearningRateSchedule(warmup, LearningRateSchedule.Decay.values()[decay], floor), clip);
            if (!decoded.extended()) {
                throw new EncodingException("hyperparameters: the schedule flag is set but the schedule and clip are the defaults");
            }
            return decoded;
        } catch (InvalidSpecException e) {
            throw new EncodingException("hyperparameters: " + e.getMessage());
        }
    }
}
