package org.pouw.stark.merkle;

import java.util.Arrays;
import java.util.Optional;
import org.pouw.crypto.Blake3Words;

/**
 * Recomputes a Merkle root from opened leaf digests and a {@link MerkleBatchProof}, walking the levels exactly as
 * {@link TableMerkleTree#open} does. A proof with a node too few or too many yields nothing, so a proof has one valid
 * encoding.
 */
public final class MerkleBatchVerifier {
    private MerkleBatchVerifier() {
    }

    /**
     * The root implied by the leaves at {@code sortedLeafIndices} (strictly increasing, below 2^depth) with digests
     * {@code leafDigests} (8 words each, in the same order), or empty when the indices or the proof are malformed.
     */
    public static Optional<byte[]> root(int depth, int[] sortedLeafIndices, int[] leafDigests, MerkleBatchProof proof) {
        int count = sortedLeafIndices.length;
        if (depth < 1 || depth > 30 || count == 0 || leafDigests.length != 8 * count) {
            return Optional.empty();
        }
        for (int i = 0; i < count; i++) {
            int index = sortedLeafIndices[i];
            if (index < 0 || index >= (1 << depth) || (i > 0 && index <= sortedLeafIndices[i - 1])) {
                return Optional.empty();
            }
        }
        int[] level = new int[count];
        for (int i = 0; i < count; i++) {
            level[i] = (1 << depth) + sortedLeafIndices[i];
        }
        int[] digests = leafDigests.clone();
        int[] proofWords = proof.nodeWords();
        int consumed = 0;
        Blake3Words hasher = new Blake3Words();
        int[] pair = new int[16];
        for (int d = depth; d >= 1; d--) {
            int[] parents = new int[level.length];
            int[] parentDigests = new int[8 * level.length];
            int parentCount = 0;
            for (int i = 0; i < level.length; i++) {
                int node = level[i];
                int sibling = node ^ 1;
                int[] siblingSource;
                int siblingOffset;
                if (i + 1 < level.length && level[i + 1] == sibling) {
                    siblingSource = digests;
                    siblingOffset = 8 * (i + 1);
                } else {
                    if (8 * (consumed + 1) > proofWords.length) {
                        return Optional.empty();
                    }
                    siblingSource = proofWords;
                    siblingOffset = 8 * consumed;
                    consumed++;
                }
                boolean nodeIsLeft = (node & 1) == 0;
                System.arraycopy(digests, 8 * i, pair, nodeIsLeft ? 0 : 8, 8);
                System.arraycopy(siblingSource, siblingOffset, pair, nodeIsLeft ? 8 : 0, 8);
                hasher.hashPair(pair, 0, pair, 8, parentDigests, 8 * parentCount);
                parents[parentCount++] = node >>> 1;
                if (siblingSource == digests) {
                    i++;
                }
            }
            level = Arrays.copyOf(parents, parentCount);
            digests = Arrays.copyOf(parentDigests, 8 * parentCount);
        }
        if (8 * consumed != proofWords.length) {
            return Optional.empty();
        }
        return Optional.of(Blake3Words.digestBytes(digests, 0));
    }

    /** Convenience for callers holding the expected root: true when the opening reproduces it. */
    public static boolean verify(byte[] expectedRoot, int depth, int[] sortedLeafIndices, int[] leafDigests,
            MerkleBatchProof proof) {
        return root(depth, sortedLeafIndices, leafDigests, proof)
                .map(root -> java.security.MessageDigest.isEqual(root, expectedRoot)).orElse(false);
    }
}
