package org.pouw.ml.task;

import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/** How to train: the loss, the optimiser with its settings, and the mini-batch size. */
public record Hyperparameters(Loss loss, OptimizerSpec optimizer, int batchSize) {
    public static final int MAX_BATCH = 1 << 16;

    public Hyperparameters {
        InvalidSpecException.require(loss != null, "loss", "set", null);
        InvalidSpecException.require(optimizer != null, "optimizer", "set", null);
        InvalidSpecException.require(batchSize >= 1 && batchSize <= MAX_BATCH, "batch size", "in [1, 65536]", batchSize);
    }

    void encodeTo(CanonicalWriter out) {
        out.u8(loss.ordinal());
        optimizer.encodeTo(out);
        out.i32(batchSize);
    }

    static Hyperparameters decode(CanonicalReader in) {
        int lossOrdinal = in.u8("loss");
        if (lossOrdinal >= Loss.values().length) {
            throw new EncodingException("loss: unknown ordinal " + lossOrdinal);
        }
        OptimizerSpec optimizer = OptimizerSpec.decode(in);
        int batch = in.i32InRange("batch size", 1, MAX_BATCH);
        return new Hyperparameters(Loss.values()[lossOrdinal], optimizer, batch);
    }
}
