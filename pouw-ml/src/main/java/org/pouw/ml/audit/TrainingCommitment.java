package org.pouw.ml.audit;

import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * What a worker binds itself to before it learns which steps will be audited: the task, the step range
 * [fromStep, toStep), the state hashes at both ends, and the Merkle root over one {@link StepLeaf} per step
 * (leaf {@code i} is step {@code fromStep + i}). Wire message 1 of commit → challenge → open.
 */
public record TrainingCommitment(Bytes32 taskId, long fromStep, long toStep, Bytes32 startState, Bytes32 finalState,
                                 Bytes32 stepsRoot) {
    /** Leaf indices are Java ints in the Merkle tree, so one commitment covers fewer than 2^31 steps. */
    public static final long MAX_RANGE = Integer.MAX_VALUE;
    private static final byte[] TAG = "PMLC\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ID_DOMAIN = "pouw-ml-commitment-v1".getBytes(StandardCharsets.US_ASCII);

    public TrainingCommitment {
        if (taskId == null || startState == null || finalState == null || stepsRoot == null) {
            throw new IllegalArgumentException("commitment fields must be set");
        }
        if (fromStep < 0 || toStep <= fromStep || toStep > TrainingTask.MAX_STEPS || toStep - fromStep > MAX_RANGE) {
            throw new IllegalArgumentException("step range [" + fromStep + ", " + toStep + ") is not a valid range");
        }
    }

    public int stepCount() {
        return (int) (toStep - fromStep);
    }

    public byte[] encode() {
        return new CanonicalWriter(5 + 32 * 4 + 16).raw(TAG).bytes32(taskId).i64(fromStep).i64(toStep)
                .bytes32(startState).bytes32(finalState).bytes32(stepsRoot).toByteArray();
    }

    public static TrainingCommitment decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "training commitment");
        Bytes32 taskId = in.bytes32("task id");
        long from = in.i64("from step");
        long to = in.i64("to step");
        Bytes32 start = in.bytes32("start state");
        Bytes32 end = in.bytes32("final state");
        Bytes32 root = in.bytes32("steps root");
        in.requireEnd("training commitment");
        try {
            return new TrainingCommitment(taskId, from, to, start, end, root);
        } catch (IllegalArgumentException e) {
            throw new EncodingException("training commitment: " + e.getMessage());
        }
    }

    /** {@code BLAKE3("pouw-ml-commitment-v1" ‖ encode())}: what challenges and openings refer to. */
    public Bytes32 id() {
        return Bytes32.of(Blake3.hash(ID_DOMAIN, encode()));
    }
}
