package org.pouw.chain.block;

import org.pouw.chain.mining.MiningProof;
import org.pouw.ml.wire.Bytes32;

/**
 * What a block's header says about the work it was mined with, as the task rules read it (docs/chain.md §4): the task
 * trained ({@code ml_task_hash}), the mining proof ({@code ml_proof}) and the compact target. A miner knows all three
 * before it builds its body; a validator takes them from the header ({@link #of}).
 */
public record MinedWork(Bytes32 taskId, MiningProof proof, int bits) {
    public MinedWork {
        if (taskId == null || proof == null) {
            throw new IllegalArgumentException("mined work needs its task id and mining proof");
        }
    }

    public static MinedWork of(BlockHeader header) {
        return new MinedWork(header.taskId(), header.proof(), header.bits());
    }
}
