package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;

/**
 * The attacks on a dataset's Merkle root that docs/chain.md §4.2 closes: one root read at another leaf count, and a
 * root over a duplicated last record.
 */
class DatasetLeafCountTest {
    private static final List<byte[]> THREE = records("a", "b", "c");

    private static List<byte[]> records(String... labels) {
        return List.of(labels).stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Record 2 of 3 also proves as record 4 of 5 under the same root: the root alone does not fix n. */
    @Test
    void aRootAloneAdmitsAnotherLeafCountButTheDatasetIdDoesNot() {
        MerkleTree tree = MerkleTree.ofData(THREE);
        MerkleTree.Proof honest = tree.prove(2);
        byte[] leaf = MerkleTree.leafHash(THREE.get(2));
        MerkleTree.Proof misread = new MerkleTree.Proof(4, 5, honest.siblings());
        assertThat(honest.verify(tree.root(), leaf)).isTrue();
        assertThat(misread.verify(tree.root(), leaf)).as("the same siblings read as record 4 of 5").isTrue();

        Bytes32 root = Bytes32.of(tree.root());
        DatasetId three = new DatasetId(root, 3);
        DatasetId five = new DatasetId(root, 5);
        assertThat(three.hash()).isNotEqualTo(five.hash());
        // A task names the id; a validator accepts a record proof only at the id's size.
        assertThat(misread.leafCount()).isNotEqualTo(three.size());
    }

    /** A root over a duplicated last record is another dataset (pouw-crypto does not duplicate odd nodes). */
    @Test
    void aDuplicatedLastRecordMakesAnotherRootAndAnotherId() {
        MerkleTree three = MerkleTree.ofData(THREE);
        MerkleTree four = MerkleTree.ofData(records("a", "b", "c", "c"));
        assertThat(Bytes32.of(four.root())).isNotEqualTo(Bytes32.of(three.root()));
        assertThat(new DatasetId(Bytes32.of(four.root()), 4).hash())
                .isNotEqualTo(new DatasetId(Bytes32.of(three.root()), 3).hash());
    }

    @Test
    void anEmptyDatasetHasNoId() {
        assertThatThrownBy(() -> new DatasetId(Bytes32.of(new byte[32]), 0))
                .hasMessageContaining("at least one record");
    }
}
