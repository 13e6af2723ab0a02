package org.pouw.stark.merkle;

/**
 * The sibling digests needed to recompute a Merkle root from a sorted set of opened leaves, each node given once:
 * level by level from the leaves up, left to right within a level, leaving out every node the verifier can compute
 * from the opened leaves themselves. Stored as 8 little-endian words per digest.
 */
public record MerkleBatchProof(int[] nodeWords) {
    public MerkleBatchProof {
        if (nodeWords.length % 8 != 0) {
            throw new IllegalArgumentException("node words must come in digests of 8, got " + nodeWords.length);
        }
    }

    public int nodeCount() {
        return nodeWords.length / 8;
    }
}
