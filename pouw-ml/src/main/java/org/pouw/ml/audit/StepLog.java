package org.pouw.ml.audit;

import java.util.ArrayList;
import java.util.List;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;

/**
 * The worker's record of a committed step range: the leaves in order, then the Merkle tree over them. It builds
 * the {@link TrainingCommitment} and the per-step openings; it does not judge what it is given (an honest worker
 * feeds it from {@link CommittedTrainer}, tests feed it dishonest steps to check the auditor catches them).
 */
public final class StepLog {
    private final org.pouw.ml.wire.Bytes32 taskId;
    private final long fromStep;
    private final Bytes32 startState;
    private final List<StepLeaf> leaves = new ArrayList<>();
    private MerkleTree tree;

    public StepLog(Bytes32 taskId, long fromStep, Bytes32 startState) {
        this.taskId = taskId;
        this.fromStep = fromStep;
        this.startState = startState;
    }

    public void append(StepLeaf leaf) {
        if (tree != null) {
            throw new IllegalStateException("the log is already committed");
        }
        long expected = fromStep + leaves.size();
        if (leaf.step() != expected) {
            throw new IllegalArgumentException("next leaf must be step " + expected + ", got " + leaf.step());
        }
        leaves.add(leaf);
    }

    public int size() {
        return leaves.size();
    }

    public StepLeaf leaf(long step) {
        return leaves.get(index(step));
    }

    /** Freezes the log and returns the commitment to send. */
    public TrainingCommitment commit() {
        if (leaves.isEmpty()) {
            throw new IllegalStateException("nothing to commit");
        }
        if (tree == null) {
            byte[][] hashes = new byte[leaves.size()][];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = leaves.get(i).hash().toArray();
            }
            tree = MerkleTree.ofLeafHashes(hashes);
        }
        Bytes32 finalState = leaves.get(leaves.size() - 1).stateAfter();
        return new TrainingCommitment(taskId, fromStep, fromStep + leaves.size(), startState, finalState,
                Bytes32.of(tree.root()));
    }

    /** Opens {@code step} given the encoded state before it (the log keeps hashes, not states). */
    public StepOpening open(long step, byte[] stateBefore) {
        if (tree == null) {
            throw new IllegalStateException("commit before opening");
        }
        int index = index(step);
        StepLeaf leaf = leaves.get(index);
        boolean last = index == leaves.size() - 1;
        return new StepOpening(step, stateBefore, leaf.stateAfter(), tree.prove(index),
                last ? null : leaves.get(index + 1).stateAfter(), last ? null : tree.prove(index + 1));
    }

    private int index(long step) {
        long index = step - fromStep;
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("step " + step + " is not in [" + fromStep + ", " + (fromStep + leaves.size()) + ")");
        }
        return (int) index;
    }
}
