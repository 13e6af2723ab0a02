package org.pouw.chain.difficulty;

/**
 * The block every ASERT target is computed from: its height, the timestamp of its parent, and its compact target.
 * For this chain the anchor is the genesis block (docs/chain.md §6).
 */
public record AsertAnchor(long height, long parentTime, int bits) {
    public AsertAnchor {
        if (height < 0) {
            throw new IllegalArgumentException("anchor height must be >= 0, got " + height);
        }
        CompactTarget.decode(bits);
    }
}
