package org.pouw.chain.fork;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.StateLayer;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * The audits' view of the block tree (docs/chain.md §5.2): a block's height when it is the descendant or one of its
 * ancestors, −1 for a block on another branch, above the descendant, or unknown.
 */
class TreeAncestryTest {
    @Test
    void aBlockIsOnTheBranchOfItsDescendantsOnly() {
        Bytes32 genesis = hash("genesis");
        BlockTree tree = new BlockTree(genesis, StateLayer.empty(), 10);
        Bytes32 a1 = add(tree, "a1", genesis);
        Bytes32 a2 = add(tree, "a2", a1);
        Bytes32 a3 = add(tree, "a3", a2);
        Bytes32 b2 = add(tree, "b2", a1);
        TreeAncestry ancestry = new TreeAncestry(tree);
        assertThat(ancestry.heightOnBranch(a3, a3)).isEqualTo(3);
        assertThat(ancestry.heightOnBranch(a1, a3)).isEqualTo(1);
        assertThat(ancestry.heightOnBranch(genesis, a3)).isZero();
        assertThat(ancestry.heightOnBranch(a1, b2)).isEqualTo(1);
        assertThat(ancestry.heightOnBranch(a2, b2)).as("another branch").isEqualTo(-1);
        assertThat(ancestry.heightOnBranch(b2, a3)).as("another branch").isEqualTo(-1);
        assertThat(ancestry.heightOnBranch(a3, a1)).as("above the descendant").isEqualTo(-1);
        assertThat(ancestry.heightOnBranch(hash("unknown"), a3)).isEqualTo(-1);
        assertThat(ancestry.heightOnBranch(a1, hash("unknown"))).isEqualTo(-1);
    }

    private static Bytes32 add(BlockTree tree, String label, Bytes32 parent) {
        Bytes32 hash = hash(label);
        tree.add(hash, parent, BigInteger.ONE, hash, StateLayer.empty());
        return hash;
    }

    private static Bytes32 hash(String label) {
        return Bytes32.of(Blake3.hash(label.getBytes(StandardCharsets.US_ASCII)));
    }
}
