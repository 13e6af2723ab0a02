package org.pouw.stark.merkle;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.pouw.crypto.Blake3Words;

/**
 * A binary BLAKE3 Merkle tree over the 2^depth rows of a committed table (trace, composition or FRI layer), built
 * in parallel, with batched openings. It is not pouw-crypto's {@code MerkleTree}, which domain-separates leaves from
 * nodes, takes any leaf count and keeps every level; this one is shaped by what a STARK commitment needs.
 *
 * <p>In the heap layout (root = node 1, children of k are 2k and 2k + 1, leaf i is node 2^depth + i) a node is
 * BLAKE3(left ‖ right). Leaves and inner nodes are not domain-separated: the verifier always recomputes leaf digests
 * itself from opened rows at the fixed, known depth, so an inner node can never be presented as a leaf.
 *
 * <p>Memory: only the levels at least {@value #UNSTORED_LEVELS} above the leaves are kept (one digest per 16 leaves).
 * The prover still holds the committed table, so an opening recomputes the few missing nodes from its rows: about
 * 2^{@value #UNSTORED_LEVELS} leaf hashes per opened leaf, against an eightfold saving of the tree's memory, which is
 * what lets a 2^20-row trace prove in a 4 GiB heap.
 */
public final class TableMerkleTree {
    /** Levels next to the leaves that are recomputed on opening instead of stored. */
    static final int UNSTORED_LEVELS = 4;
    private static final int CHUNK = 1 << 10;

    private final int depth;
    /** The deepest stored level: nodes of levels 0..storedLevel are in {@link #nodes}. */
    private final int storedLevel;
    private final int[] nodes;
    private final LeafHasher leaves;

    private TableMerkleTree(int depth, int storedLevel, int[] nodes, LeafHasher leaves) {
        this.depth = depth;
        this.storedLevel = storedLevel;
        this.nodes = nodes;
        this.leaves = leaves;
    }

    /** Builds the tree over {@code leafCount} leaves (a power of two, at least 2). */
    public static TableMerkleTree build(int leafCount, LeafHasher leaves) {
        if (leafCount < 2 || (leafCount & (leafCount - 1)) != 0) {
            throw new IllegalArgumentException("leaf count must be a power of two ≥ 2, got " + leafCount);
        }
        int depth = Integer.numberOfTrailingZeros(leafCount);
        int storedLevel = Math.max(0, depth - UNSTORED_LEVELS);
        int[] nodes = new int[8 << (storedLevel + 1)];
        TableMerkleTree tree = new TableMerkleTree(depth, storedLevel, nodes, leaves);
        int subtrees = 1 << storedLevel;
        int chunk = Math.max(1, CHUNK >> (depth - storedLevel));
        IntStream.range(0, (subtrees + chunk - 1) / chunk).parallel().forEach(c -> {
            Blake3Words hasher = new Blake3Words();
            int[] stack = new int[16 * (depth + 1)];
            int to = Math.min(subtrees, (c + 1) * chunk);
            for (int j = c * chunk; j < to; j++) {
                tree.hashSubtree(storedLevel, j, hasher, stack, nodes, 8 * (subtrees + j));
            }
        });
        for (int levelSize = subtrees >>> 1; levelSize >= 1; levelSize >>>= 1) {
            int size = levelSize;
            int levelChunks = (size + CHUNK - 1) / CHUNK;
            IntStream range = IntStream.range(0, levelChunks);
            (levelChunks > 1 ? range.parallel() : range).forEach(c -> {
                Blake3Words hasher = new Blake3Words();
                int to = Math.min(size, (c + 1) * CHUNK);
                for (int j = c * CHUNK; j < to; j++) {
                    int node = size + j;
                    hasher.hashPair(nodes, 16 * node, nodes, 16 * node + 8, nodes, 8 * node);
                }
            });
        }
        return tree;
    }

    /**
     * Recomputes node {@code index} of {@code level} (0 = root, depth = leaves) from the leaves below it;
     * {@code stack} holds 16 words of scratch per level.
     */
    private void hashSubtree(int level, int index, Blake3Words hasher, int[] stack, int[] out, int outOffset) {
        if (level == depth) {
            leaves.hashLeaf(index, hasher, out, outOffset);
            return;
        }
        int pair = 16 * level;
        hashSubtree(level + 1, 2 * index, hasher, stack, stack, pair);
        hashSubtree(level + 1, 2 * index + 1, hasher, stack, stack, pair + 8);
        hasher.hashPair(stack, pair, stack, pair + 8, out, outOffset);
    }

    /** Node {@code index} of {@code level}: stored if the level is kept, else recomputed. */
    private void node(int level, int index, Blake3Words hasher, int[] stack, int[] out, int outOffset) {
        if (level <= storedLevel) {
            System.arraycopy(nodes, 8 * ((1 << level) + index), out, outOffset, 8);
        } else {
            hashSubtree(level, index, hasher, stack, out, outOffset);
        }
    }

    public int depth() {
        return depth;
    }

    public int leafCount() {
        return 1 << depth;
    }

    /** The 32-byte root. */
    public byte[] root() {
        return Blake3Words.digestBytes(nodes, 8);
    }

    /**
     * Opens the given leaves (strictly increasing indices) with one batch proof: for each level, a node's sibling is
     * included unless it is itself opened or computable, which is what deduplicates shared paths.
     */
    public MerkleBatchProof open(int[] sortedLeafIndices) {
        checkSortedIndices(sortedLeafIndices, leafCount());
        int[] level = sortedLeafIndices.clone();
        int[] proof = new int[8 * depth * level.length];
        int proofNodes = 0;
        Blake3Words hasher = new Blake3Words();
        int[] stack = new int[16 * (depth + 1)];
        for (int d = depth; d >= 1; d--) {
            int[] parents = new int[level.length];
            int parentCount = 0;
            for (int i = 0; i < level.length; i++) {
                int index = level[i];
                int sibling = index ^ 1;
                if (i + 1 < level.length && level[i + 1] == sibling) {
                    i++;
                } else {
                    node(d, sibling, hasher, stack, proof, 8 * proofNodes);
                    proofNodes++;
                }
                parents[parentCount++] = index >>> 1;
            }
            level = Arrays.copyOf(parents, parentCount);
        }
        return new MerkleBatchProof(Arrays.copyOf(proof, 8 * proofNodes));
    }

    static void checkSortedIndices(int[] indices, int leafCount) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= leafCount || (i > 0 && indices[i] <= indices[i - 1])) {
                throw new IllegalArgumentException("leaf indices must be strictly increasing and below " + leafCount);
            }
        }
    }
}
