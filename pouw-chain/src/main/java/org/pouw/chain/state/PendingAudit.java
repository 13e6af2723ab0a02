package org.pouw.chain.state;

import org.pouw.ml.wire.Bytes32;

/**
 * The audit of the block at {@code height} as the state tracks it (docs/chain.md §5.2, §5.3). Written when the block
 * is applied, with what its header committed to: the miner, the task, the block's parent (its winner's tip), the
 * segment root and length, the segment's start state and the winner's start state (the leaf before the winner must
 * end there). The next block adds the audited block's hash (its winner's tip is that hash), the block c later the
 * challenge seed; an opening, a slash or the block at maturity closes it.
 */
public record PendingAudit(Bytes32 miner, Bytes32 task, long height, Bytes32 parent, Bytes32 segmentRoot, int length,
                           Bytes32 startState, Bytes32 winnerBefore, Bytes32 blockHash, Bytes32 seed,
                           Status status) {
    /** Where the audit stands. */
    public enum Status {
        /** Waiting for its challenge block (or for its own hash, from the next block). */
        AWAITING_CHALLENGE,
        /** Challenged: the miner must open it. */
        CHALLENGED,
        /** Opened and every window replayed. */
        OPENED,
        /** Done with: matured, or its miner slashed. Left out of the state root. */
        CLOSED
    }

    public PendingAudit {
        if (miner == null || task == null || parent == null || segmentRoot == null || startState == null
                || winnerBefore == null || status == null) {
            throw new IllegalArgumentException("a pending audit needs its miner, task, parent, segment and status");
        }
    }

    static PendingAudit of(Bytes32 miner, Bytes32 task, long height, Bytes32 parent, Bytes32 segmentRoot, int length,
                           Bytes32 startState, Bytes32 winnerBefore) {
        return new PendingAudit(miner, task, height, parent, segmentRoot, length, startState, winnerBefore, null, null,
                Status.AWAITING_CHALLENGE);
    }

    PendingAudit withBlockHash(Bytes32 hash) {
        return new PendingAudit(miner, task, height, parent, segmentRoot, length, startState, winnerBefore, hash, seed,
                status);
    }

    PendingAudit challenged(Bytes32 challengeSeed) {
        return new PendingAudit(miner, task, height, parent, segmentRoot, length, startState, winnerBefore, blockHash,
                challengeSeed, Status.CHALLENGED);
    }

    PendingAudit with(Status next) {
        return new PendingAudit(miner, task, height, parent, segmentRoot, length, startState, winnerBefore, blockHash,
                seed, next);
    }
}
