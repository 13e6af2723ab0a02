package org.pouw.ml.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;

/**
 * A worker's claim about one training step: "step {@code step} took the state hashing to {@code stateBefore},
 * trained on the batch hashing to {@code batchHash}, and produced the state hashing to {@code stateAfter}".
 * The leaves of all steps of a range form the Merkle tree whose root a {@link TrainingCommitment} carries.
 *
 * <p>Leaf data: {@code "pouw-ml-step-v1" ‖ step (u64 BE) ‖ stateBefore ‖ batchHash ‖ stateAfter}; the tree
 * hashes it as {@code BLAKE3(0x00 ‖ data)} ({@link MerkleTree#leafHash}).
 */
public record StepLeaf(long step, Bytes32 stateBefore, Bytes32 batchHash, Bytes32 stateAfter) {
    private static final byte[] LEAF_DOMAIN = "pouw-ml-step-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BATCH_DOMAIN = "pouw-ml-batch-v1".getBytes(StandardCharsets.US_ASCII);

    public byte[] data() {
        return ByteBuffer.allocate(LEAF_DOMAIN.length + 8 + 3 * Bytes32.LENGTH)
                .put(LEAF_DOMAIN).putLong(step)
                .put(stateBefore.toArray()).put(batchHash.toArray()).put(stateAfter.toArray())
                .array();
    }

    /** The Merkle leaf hash — also this step's lottery ticket material (see {@link StepLottery}). */
    public Bytes32 hash() {
        return Bytes32.of(MerkleTree.leafHash(data()));
    }

    /** {@code BLAKE3("pouw-ml-batch-v1" ‖ count ‖ ids…)}, all u32 big-endian. */
    public static Bytes32 batchHash(int[] ids) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * ids.length).putInt(ids.length);
        for (int id : ids) {
            buffer.putInt(id);
        }
        return Bytes32.of(Blake3.hash(BATCH_DOMAIN, buffer.array()));
    }
}
