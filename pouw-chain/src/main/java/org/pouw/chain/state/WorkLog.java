package org.pouw.chain.state;

import org.pouw.ml.wire.Bytes32;

/**
 * One miner's work on one task as the state records it (docs/chain.md §4.4, §5.1): the end state hash of its last
 * segment (from its last block's mining proof, so the next segment must start there and a final model must be it),
 * the height of that block and how many it mined; then its final-model commitment, when and in which order it was
 * made, and — between reveal and settlement — the revealed model's encoding, which settlement evaluates and drops.
 */
public record WorkLog(Bytes32 segmentEnd, long lastBlock, long blocks, Bytes32 commitment, long committedAt,
                      int commitIndex, byte[] model) {
    public WorkLog {
        if (segmentEnd == null) {
            throw new IllegalArgumentException("a work log needs its segment end");
        }
    }

    static WorkLog firstBlock(Bytes32 segmentEnd, long height) {
        return new WorkLog(segmentEnd, height, 1, null, -1, -1, null);
    }

    WorkLog nextBlock(Bytes32 end, long height) {
        return new WorkLog(end, height, blocks + 1, commitment, committedAt, commitIndex, model);
    }

    WorkLog committed(Bytes32 newCommitment, long height, int index) {
        return new WorkLog(segmentEnd, lastBlock, blocks, newCommitment, height, index, model);
    }

    WorkLog revealed(byte[] encoding) {
        return new WorkLog(segmentEnd, lastBlock, blocks, commitment, committedAt, commitIndex, encoding);
    }

    WorkLog settled() {
        return new WorkLog(segmentEnd, lastBlock, blocks, commitment, committedAt, commitIndex, null);
    }

    public boolean hasCommitted() {
        return commitment != null;
    }

    public boolean hasRevealed() {
        return model != null;
    }

    @Override
    public byte[] model() {
        return model == null ? null : model.clone();
    }

    byte[] modelShared() {
        return model;
    }
}
