package org.pouw.ml.task;

import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * An ML training task a client pays for: what to train ({@link Architecture}), how ({@link Hyperparameters}),
 * on which data (the Merkle roots of the training and held-out sets), from which seed (initial weights, the
 * batch of every step, dropout masks), for how many steps, the quality wanted, and the fee in base units.
 *
 * <p>The task is identified by {@link #id()}, the BLAKE3 hash of its canonical encoding; every commitment names
 * the task id it trains.
 */
public record TrainingTask(Architecture architecture, Hyperparameters hyperparameters, Bytes32 datasetRoot,
                           Bytes32 heldOutRoot, long seed, long steps, TargetMetric target, long fee) {
    public static final long MAX_STEPS = 1L << 31;
    private static final byte[] TAG = "PMLT\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ID_DOMAIN = "pouw-ml-task-v1".getBytes(StandardCharsets.US_ASCII);

    public TrainingTask {
        InvalidSpecException.require(architecture != null, "architecture", "set", null);
        InvalidSpecException.require(hyperparameters != null, "hyperparameters", "set", null);
        InvalidSpecException.require(datasetRoot != null, "dataset root", "set", null);
        InvalidSpecException.require(heldOutRoot != null, "held-out root", "set", null);
        InvalidSpecException.require(steps >= 1 && steps <= MAX_STEPS, "steps", "in [1, 2^31]", steps);
        InvalidSpecException.require(target != null, "target", "set", null);
        InvalidSpecException.require(fee >= 0, "fee", ">= 0", fee);
        if (architecture instanceof StackArchitecture stack) {
            stack.requireBatchFits(hyperparameters.batchSize());
        }
    }

    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(128);
        out.raw(TAG);
        architecture.encodeTo(out);
        hyperparameters.encodeTo(out);
        out.bytes32(datasetRoot).bytes32(heldOutRoot).i64(seed).i64(steps);
        target.encodeTo(out);
        out.i64(fee);
        return out.toByteArray();
    }

    public static TrainingTask decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "training task");
        Architecture architecture = Architecture.decode(in);
        Hyperparameters hyperparameters = Hyperparameters.decode(in);
        Bytes32 datasetRoot = in.bytes32("dataset root");
        Bytes32 heldOutRoot = in.bytes32("held-out root");
        long seed = in.i64("seed");
        long steps = in.i64InRange("steps", 1, MAX_STEPS);
        TargetMetric target = TargetMetric.decode(in);
        long fee = in.i64InRange("fee", 0, Long.MAX_VALUE);
        in.requireEnd("training task");
        try {
            return new TrainingTask(architecture, hyperparameters, datasetRoot, heldOutRoot, seed, steps, target, fee);
        } catch (InvalidSpecException e) {
            throw new EncodingException("training task: " + e.getMessage());
        }
    }

    /** {@code BLAKE3("pouw-ml-task-v1" ‖ encode())}. */
    public Bytes32 id() {
        return Bytes32.of(Blake3.hash(ID_DOMAIN, encode()));
    }
}
