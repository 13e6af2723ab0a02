package org.pouw.stark.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Blake3Words;

class TableMerkleTreeProperties {
    private static long[][] randomRows(Random random, int count, int width) {
        long[][] rows = new long[count][width];
        for (long[] row : rows) {
            for (int j = 0; j < width; j++) {
                row[j] = random.nextLong();
            }
        }
        return rows;
    }

    private static LeafHasher rowHasher(long[][] rows) {
        return (index, hasher, out, offset) -> hasher.hashLongs(rows[index], 0, rows[index].length, out, offset);
    }

    private static int[] leafDigests(long[][] rows, int[] indices) {
        int[] digests = new int[8 * indices.length];
        Blake3Words hasher = new Blake3Words();
        for (int i = 0; i < indices.length; i++) {
            hasher.hashLongs(rows[indices[i]], 0, rows[indices[i]].length, digests, 8 * i);
        }
        return digests;
    }

    private static byte[] bytesOf(long[] row) {
        byte[] bytes = new byte[row.length * 8];
        for (int i = 0; i < row.length; i++) {
            for (int k = 0; k < 8; k++) {
                bytes[8 * i + k] = (byte) (row[i] >>> (8 * k));
            }
        }
        return bytes;
    }

    /** The textbook definition: hash the leaves, then hash pairs level by level. */
    private static byte[] referenceRoot(long[][] rows) {
        byte[][] level = new byte[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            level[i] = Blake3.hash(bytesOf(rows[i]));
        }
        while (level.length > 1) {
            byte[][] up = new byte[level.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = Blake3.hash(level[2 * i], level[2 * i + 1]);
            }
            level = up;
        }
        return level[0];
    }

    private static int[] randomIndices(Random random, int leafCount, int max) {
        TreeSet<Integer> set = new TreeSet<>();
        int wanted = 1 + random.nextInt(max);
        while (set.size() < Math.min(wanted, leafCount)) {
            set.add(random.nextInt(leafCount));
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    @Property(tries = 60)
    void batchOpeningsReproduceTheRoot(@ForAll @IntRange(min = 1, max = 12) int depth, @ForAll long seed) {
        Random random = new Random(seed);
        long[][] rows = randomRows(random, 1 << depth, 1 + random.nextInt(20));
        TableMerkleTree tree = TableMerkleTree.build(rows.length, rowHasher(rows));
        assertThat(tree.root()).isEqualTo(referenceRoot(rows));
        int[] indices = randomIndices(random, rows.length, 40);
        MerkleBatchProof proof = tree.open(indices);
        assertThat(MerkleBatchVerifier.verify(tree.root(), depth, indices, leafDigests(rows, indices), proof)).isTrue();
        assertThat(proof.nodeCount()).isLessThanOrEqualTo(depth * indices.length);
    }

    @Property(tries = 60)
    void anyChangedLeafNodeOrNodeCountIsRejected(@ForAll @IntRange(min = 2, max = 10) int depth, @ForAll long seed) {
        Random random = new Random(seed);
        long[][] rows = randomRows(random, 1 << depth, 3);
        TableMerkleTree tree = TableMerkleTree.build(rows.length, rowHasher(rows));
        int[] indices = randomIndices(random, rows.length, 10);
        int[] digests = leafDigests(rows, indices);
        MerkleBatchProof proof = tree.open(indices);

        int[] badDigests = digests.clone();
        badDigests[random.nextInt(badDigests.length)] ^= 1 << random.nextInt(32);
        assertThat(MerkleBatchVerifier.verify(tree.root(), depth, indices, badDigests, proof)).isFalse();

        if (proof.nodeCount() > 0) {
            int[] badNodes = proof.nodeWords().clone();
            badNodes[random.nextInt(badNodes.length)] ^= 1 << random.nextInt(32);
            assertThat(MerkleBatchVerifier.verify(tree.root(), depth, indices, digests, new MerkleBatchProof(badNodes)))
                    .isFalse();
            int[] shorter = Arrays.copyOf(proof.nodeWords(), proof.nodeWords().length - 8);
            assertThat(MerkleBatchVerifier.root(depth, indices, digests, new MerkleBatchProof(shorter))).isEmpty();
        }
        int[] longer = Arrays.copyOf(proof.nodeWords(), proof.nodeWords().length + 8);
        assertThat(MerkleBatchVerifier.root(depth, indices, digests, new MerkleBatchProof(longer))).isEmpty();
    }

    @Test
    void sharedPathsAreSentOnce() {
        Random random = new Random(5);
        long[][] rows = randomRows(random, 16, 2);
        TableMerkleTree tree = TableMerkleTree.build(rows.length, rowHasher(rows));
        int[] all = new int[16];
        Arrays.setAll(all, i -> i);
        assertThat(tree.open(all).nodeCount()).isZero();
        assertThat(tree.open(new int[] {0, 1}).nodeCount()).isEqualTo(3);
        assertThat(tree.open(new int[] {0}).nodeCount()).isEqualTo(4);
    }

    @Test
    void unsortedOrOutOfRangeIndicesAreRejectedByTheVerifier() {
        Random random = new Random(6);
        long[][] rows = randomRows(random, 8, 2);
        TableMerkleTree tree = TableMerkleTree.build(rows.length, rowHasher(rows));
        int[] indices = {1, 5};
        MerkleBatchProof proof = tree.open(indices);
        int[] digests = leafDigests(rows, indices);
        int[] swapped = new int[16];
        System.arraycopy(digests, 8, swapped, 0, 8);
        System.arraycopy(digests, 0, swapped, 8, 8);
        assertThat(MerkleBatchVerifier.root(3, new int[] {5, 1}, swapped, proof)).isEmpty();
        assertThat(MerkleBatchVerifier.root(3, new int[] {1, 8}, digests, proof)).isEmpty();
        assertThat(MerkleBatchVerifier.root(3, new int[] {1, 1}, digests, proof)).isEmpty();
    }
}
