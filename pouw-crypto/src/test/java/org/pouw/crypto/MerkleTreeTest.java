package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class MerkleTreeTest {
    @Property(tries = 60)
    void everyLeafProvesAndNoOtherLeafDoes(@ForAll @IntRange(min = 1, max = 40) int count) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(new byte[] {(byte) i, (byte) (i >> 8)});
        }
        MerkleTree tree = MerkleTree.ofData(leaves);
        for (int i = 0; i < count; i++) {
            MerkleTree.Proof proof = tree.prove(i);
            assertThat(proof.verify(tree.root(), MerkleTree.leafHash(leaves.get(i)))).isTrue();
            byte[] wrong = MerkleTree.leafHash(new byte[] {(byte) (i + 1), 9, 9});
            assertThat(proof.verify(tree.root(), wrong)).isFalse();
        }
    }

    @Property(tries = 30)
    void changingAnyLeafChangesTheRoot(@ForAll @IntRange(min = 1, max = 20) int count,
                                       @ForAll @IntRange(min = 0, max = 19) int changed) {
        int index = changed % count;
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(new byte[] {(byte) i});
        }
        byte[] before = MerkleTree.ofData(leaves).root();
        leaves.set(index, new byte[] {(byte) 0x7f, 1});
        assertThat(MerkleTree.ofData(leaves).root()).isNotEqualTo(before);
    }
}
