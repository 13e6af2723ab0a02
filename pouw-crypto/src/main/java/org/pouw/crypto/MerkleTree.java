package org.pouw.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary BLAKE3 Merkle tree with domain-separated leaves and nodes, so a leaf can never pass for an inner node:
 * {@code leaf = BLAKE3(0x00 ‖ data)}, {@code node = BLAKE3(0x01 ‖ left ‖ right)}. A level with an odd count carries
 * its last hash up unchanged. The tree of zero leaves has the root {@code BLAKE3(0x02)}.
 */
public final class MerkleTree {
    private static final byte[] LEAF = {0x00};
    private static final byte[] NODE = {0x01};
    private static final byte[] EMPTY = {0x02};

    /** levels.get(0) are the leaf hashes; the last level holds the root alone. */
    private final List<byte[][]> levels;

    private MerkleTree(List<byte[][]> levels) {
        this.levels = levels;
    }

    public static byte[] leafHash(byte[] data) {
        return Blake3.hash(LEAF, data);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return Blake3.hash(NODE, left, right);
    }

    /** Builds a tree over the given leaf data, hashing each leaf. */
    public static MerkleTree ofData(List<byte[]> leaves) {
        byte[][] hashes = new byte[leaves.size()][];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = leafHash(leaves.get(i));
        }
        return ofLeafHashes(hashes);
    }

    /** Builds a tree over leaf hashes that the caller already computed with {@link #leafHash}. */
    public static MerkleTree ofLeafHashes(byte[][] leafHashes) {
        List<byte[][]> levels = new ArrayList<>();
        byte[][] level = leafHashes.clone();
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < up.length; i++) {
                int left = 2 * i;
                up[i] = left + 1 < level.length ? nodeHash(level[left], level[left + 1]) : level[left];
            }
            levels.add(up);
            level = up;
        }
        return new MerkleTree(levels);
    }

    public int leafCount() {
        return levels.get(0).length;
    }

    public byte[] root() {
        byte[][] top = levels.get(levels.size() - 1);
        return top.length == 0 ? Blake3.hash(EMPTY) : top[0].clone();
    }

    /** The sibling hashes from leaf {@code index} up to the root; a level where the node had no sibling adds none. */
    public Proof prove(int index) {
        if (index < 0 || index >= leafCount()) {
            throw new IndexOutOfBoundsException("leaf " + index + " of " + leafCount());
        }
        List<byte[]> siblings = new ArrayList<>();
        int position = index;
        for (int depth = 0; depth < levels.size() - 1; depth++) {
            byte[][] level = levels.get(depth);
            int sibling = position ^ 1;
            if (sibling < level.length) {
                siblings.add(level[sibling].clone());
            }
            position >>= 1;
        }
        return new Proof(index, leafCount(), siblings);
    }

    /** An inclusion proof of one leaf in a tree of {@code leafCount} leaves. */
    public record Proof(int index, int leafCount, List<byte[]> siblings) {
        public Proof {
            siblings = List.copyOf(siblings);
        }

        /** True if {@code leafHash} sits at {@link #index} under {@code root}; false for any malformed proof. */
        public boolean verify(byte[] root, byte[] leafHash) {
            if (index < 0 || index >= leafCount || leafHash == null || root == null) {
                return false;
            }
            byte[] current = leafHash;
            int position = index;
            int width = leafCount;
            int used = 0;
            while (width > 1) {
                int sibling = position ^ 1;
                if (sibling < width) {
                    if (used >= siblings.size()) {
                        return false;
                    }
                    byte[] other = siblings.get(used++);
                    current = (position & 1) == 0 ? nodeHash(current, other) : nodeHash(other, current);
                }
                position >>= 1;
                width = (width + 1) / 2;
            }
            return used == siblings.size() && Arrays.equals(current, root);
        }
    }
}
