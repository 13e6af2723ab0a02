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
 *
 * <p>A task may start from given weights instead of seeded ones (fine-tuning a client's model, {@code --init}):
 * {@code initialState} is then the hash of the step-0 training state those weights make (the weights, zero optimiser
 * slots, no step done; {@link org.pouw.ml.train.TrainingState#start}). It is part of the encoding and so of the id,
 * so a worker and every verifier start from the same bits, and a verifier checks a commitment's start against it
 * without holding the weights. Such a task encodes as version 2 ({@code "PMLT\2"}: version 1's fields, then the
 * hash); a task without one keeps version 1 byte for byte, so existing tasks and ids are unchanged.
 */
public record TrainingTask(Architecture architecture, Hyperparameters hyperparameters, Bytes32 datasetRoot,
                           Bytes32 heldOutRoot, long seed, long steps, TargetMetric target, long fee,
                           Bytes32 initialState) {
    public static final long MAX_STEPS = 1L << 31;
    private static final byte[] TAG = "PMLT\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] TAG_WITH_INITIAL_STATE = "PMLT\u0002".getBytes(StandardCharsets.ISO_8859_1);
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

    /** A task whose weights are drawn from its seed. */
    public TrainingTask(Architecture architecture, Hyperparameters hyperparameters, Bytes32 datasetRoot,
                        Bytes32 heldOutRoot, long seed, long steps, TargetMetric target, long fee) {
        this(architecture, hyperparameters, datasetRoot, heldOutRoot, seed, steps, target, fee, null);
    }

    /** This task starting from the training state that hashes to {@code initialState} (null: from the seed). */
    public TrainingTask withInitialState(Bytes32 initialState) {
        return new TrainingTask(architecture, hyperparameters, datasetRoot, heldOutRoot, seed, steps, target, fee,
                initialState);
    }

    public boolean startsFromGivenWeights() {
        return initialState != null;
    }

    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(160);
        out.raw(initialState == null ? TAG : TAG_WITH_INITIAL_STATE);
        architecture.encodeTo(out);
        hyperparameters.encodeTo(out);
        out.bytes32(datasetRoot).bytes32(heldOutRoot).i64(seed).i64(steps);
        target.encodeTo(out);
        out.i64(fee);
        if (initialState != null) {
            out.bytes32(initialState);
        }
        return out.toByteArray();
    }

    public static TrainingTask decode(byte[] bytes) {
        boolean withInitialState = bytes.length >= TAG.length && bytes[TAG.length - 1] == 2;
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(withInitialState ? TAG_WITH_INITIAL_STATE : TAG, "training task");
        Architecture architecture = Architecture.decode(in);
        Hyperparameters hyperparameters = Hyperparameters.decode(in);
        Bytes32 datasetRoot = in.bytes32("dataset root");
        Bytes32 heldOutRoot = in.bytes32("held-out root");
        long seed = in.i64("seed");
        long steps = in.i64InRange("steps", 1, MAX_STEPS);
        TargetMetric target = TargetMetric.decode(in);
        long fee = in.i64InRange("fee", 0, Long.MAX_VALUE);
        Bytes32 initialState = withInitialState ? in.bytes32("initial state") : null;
        in.requireEnd("training task");
        try {
            return new TrainingTask(architecture, hyperparameters, datasetRoot, heldOutRoot, seed, steps, target, fee,
                    initialState);
        } catch (InvalidSpecException e) {
            throw new EncodingException("training task: " + e.getMessage());
        }
    }

    /** {@code BLAKE3("pouw-ml-task-v1" ‖ encode())}. */
    public Bytes32 id() {
        return Bytes32.of(Blake3.hash(ID_DOMAIN, encode()));
    }
}
