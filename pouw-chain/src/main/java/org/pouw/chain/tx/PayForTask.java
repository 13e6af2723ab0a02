package org.pouw.chain.tx;

import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * Posts a training task and escrows its fee (docs/chain.md §4.1, §4.2). The task is pouw-ml's {@link TrainingTask}
 * in its own canonical encoding — architecture, hyperparameters, the training set's Merkle root, the seed, the steps
 * and the fee, which is the escrow — with two readings fixed by the chain: {@code heldOutRoot} carries the held-out
 * set's <em>commitment</em> ({@code HeldOutCommitment}, salted, so the set stays hidden), and the fee is escrowed,
 * never refunded. Beside it: the training set's size n (the dataset id binds n and the root), the record shape
 * (features and classes, which must match the architecture), and three deadline heights — final-model commits up to
 * {@code commitBy}, reveals up to {@code revealBy}, the held-out reveal up to {@code heldOutBy}.
 *
 * <p>Encoding: {@code task (u32 length ‖ TrainingTask encoding, at most 512 bytes) ‖ n i64 ‖ features i32 ‖
 * classes i32 ‖ commitBy i64 ‖ revealBy i64 ‖ heldOutBy i64}. The chain's task id is the transaction's id.
 */
public record PayForTask(TrainingTask task, long datasetSize, int features, int classes, long commitBy,
                         long revealBy, long heldOutBy) implements TxBody {
    /** Far above any task's encoding (a 16-layer MLP is under 200 bytes); bounds decoding. */
    public static final int MAX_TASK_BYTES = 512;

    public PayForTask {
        if (task == null) {
            throw new IllegalArgumentException("task must be set");
        }
        if (task.startsFromGivenWeights()) {
            // The chain replays every task from its seed (TaskBlockRules); a start state lives only in a node's
            // blobs, so such a task is no transaction (its encoding was not one before PMLT v2 existed either).
            throw new IllegalArgumentException("task must start from its seed: a task that starts from given weights"
                    + " cannot be paid for on the chain");
        }
        if (datasetSize < 1 || datasetSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dataset size must be in [1, 2^31 - 1], got " + datasetSize);
        }
        if (features < 1 || classes < 1) {
            throw new IllegalArgumentException("features and classes must be >= 1, got " + features + ", "
                    + classes);
        }
        if (commitBy < 0 || revealBy < 0 || heldOutBy < 0) {
            throw new IllegalArgumentException("deadlines must be >= 0");
        }
    }

    /** The escrowed fee: the task's own fee field. */
    public long escrow() {
        return task.fee();
    }

    public Bytes32 heldOutCommitment() {
        return task.heldOutRoot();
    }

    @Override
    public TxKind kind() {
        return TxKind.PAY_FOR_TASK;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.bytes(task.encode()).i64(datasetSize).i32(features).i32(classes).i64(commitBy).i64(revealBy)
                .i64(heldOutBy);
    }

    static PayForTask read(CanonicalReader in) {
        TrainingTask task = TrainingTask.decode(in.bytes("task", MAX_TASK_BYTES));
        long size = in.i64InRange("dataset size", 1, Integer.MAX_VALUE);
        int features = in.i32InRange("features", 1, Integer.MAX_VALUE);
        int classes = in.i32InRange("classes", 1, Integer.MAX_VALUE);
        long commitBy = in.i64InRange("commit deadline", 0, Long.MAX_VALUE);
        long revealBy = in.i64InRange("reveal deadline", 0, Long.MAX_VALUE);
        long heldOutBy = in.i64InRange("held-out deadline", 0, Long.MAX_VALUE);
        try {
            return new PayForTask(task, size, features, classes, commitBy, revealBy, heldOutBy);
        } catch (IllegalArgumentException e) {
            throw new EncodingException("pay for task: " + e.getMessage());
        }
    }
}
