package org.pouw.stark.merkle;

import org.pouw.crypto.Blake3Words;

/**
 * Computes the digest of one leaf of a committed table (a row of field elements, or a FRI coset). Trees keep no leaf
 * digests: the prover still holds the table, so a leaf digest is recomputed when it is opened, halving the tree's
 * memory.
 */
@FunctionalInterface
public interface LeafHasher {
    /** Writes the 8 digest words of leaf {@code index} to {@code out[outOffset, outOffset + 8)}. */
    void hashLeaf(int index, Blake3Words hasher, int[] out, int outOffset);
}
