package org.pouw.stark.merkle;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.pouw.stark.hash.Blake3Words;

/**
 * A binary BLAKE3 Merkle tree over 2^depth leaves, built in parallel, with batched openings.
 *
 * <p>Node k of the heap layout (root = 1, children 2k and 2k + 1) is stored for k &lt; 2^depth, i.e. every level
 * above the leaves; node = BLAKE3(left ‖ right). Leaves and inner nodes are not domain-separated: the verifier
 * always recomputes leaf digests itself from opened rows at the fixed, known depth, so an inner node can never be
 * presented as a leaf.
 */
public final class MerkleTree {
    private static final int CHUNK = 1 << 10;

    private final int depth;
    private final int[] nodes;
    private final LeafHasher leaves;

    private MerkleTree(int depth, int[] nodes, LeafHasher leaves) {
        this.depth = depth;
        this.nodes = nodes;
        this.leaves = leaves;
    }

    /** Builds the tree over {@code leafCount} leaves (a power of two, at least 2). */
    public static MerkleTree build(int leafCount, LeafHasher leaves) {
        if (leafCount < 2 || (leafCount & (leafCount - 1)) != 0) {
            throw new IllegalArgumentException("leaf count must be a power of two ≥ 2, got " + leafCount);
        }
        int depth = Integer.numberOfTrailingZeros(leafCount);
        int[] nodes = new int[8 * leafCount];
        int parents = leafCount >>> 1;
        int chunks = (parents + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            Blake3Words hasher = new Blake3Words();
            int[] pair = new int[16];
            int from = c * CHUNK;
            int to = Math.min(parents, from + CHUNK);
            for (int j = from; j < to; j++) {
                leaves.hashLeaf(2 * j, hasher, pair, 0);
                leaves.hashLeaf(2 * j + 1, hasher, pair, 8);
                hasher.hashPair(pair, 0, pair, 8, nodes, 8 * (parents + j));
            }
        });
        for (int levelSize = parents >>> 1; levelSize >= 1; levelSize >>>= 1) {
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
        return new MerkleTree(depth, nodes, leaves);
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
        int[] level = new int[sortedLeafIndices.length];
        for (int i = 0; i < level.length; i++) {
            level[i] = (1 << depth) + sortedLeafIndices[i];
        }
        int[] proof = new int[8 * depth * level.length];
        int proofNodes = 0;
        Blake3Words hasher = new Blake3Words();
        for (int d = depth; d >= 1; d--) {
            int[] parents = new int[level.length];
            int parentCount = 0;
            for (int i = 0; i < level.length; i++) {
                int node = level[i];
                int sibling = node ^ 1;
                if (i + 1 < level.length && level[i + 1] == sibling) {
                    i++;
                } else {
                    if (d == depth) {
                        leaves.hashLeaf(sibling - (1 << depth), hasher, proof, 8 * proofNodes);
                    } else {
                        System.arraycopy(nodes, 8 * sibling, proof, 8 * proofNodes, 8);
                    }
                    proofNodes++;
                }
                parents[parentCount++] = node >>> 1;
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
