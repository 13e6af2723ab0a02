package org.pouw.chain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.block.MinedHeaders.ALICE;
import static org.pouw.chain.block.MinedHeaders.BITS;
import static org.pouw.chain.block.MinedHeaders.CHAIN;
import static org.pouw.chain.block.MinedHeaders.MALLORY;
import static org.pouw.chain.block.MinedHeaders.PARENT;
import static org.pouw.chain.block.MinedHeaders.TICKETS;
import static org.pouw.chain.block.MinedHeaders.bytes;

import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.Bytes32;

class EquivocationTest {
    private final MinedHeaders.Mined mined = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS);
    private final int j = mined.header().proof().j();

    @Test
    void twoBlocksSignedByOneKeyOnOneParentAreEvidence() {
        BlockHeader other = MinedHeaders.sign(ALICE, mined.segment(), j, BITS, bytes("other transactions"), 1_001);
        Equivocation evidence = new Equivocation(mined.header(), other);
        assertThat(evidence.defect(CHAIN)).isNull();
        assertThat(evidence.offender()).isEqualTo(Bytes32.of(ALICE.publicKey()));
    }

    @Test
    void pairsThatProveNothingAreRefused() {
        assertThat(new Equivocation(mined.header(), mined.header()).defect(CHAIN)).contains("same block");
        BlockHeader mallorys = MinedHeaders.mine(MALLORY, PARENT, BITS, TICKETS).header();
        assertThat(new Equivocation(mined.header(), mallorys).defect(CHAIN)).contains("different keys");
        BlockHeader elsewhere = MinedHeaders.mine(ALICE, bytes("another parent"), BITS, TICKETS).header();
        BlockHeader onOtherParent = BlockHeader.sign(ALICE, CHAIN, elsewhere.height(), bytes("another parent"),
                elsewhere.timestamp(), BITS, elsewhere.txRoot(), elsewhere.stateRoot(), elsewhere.taskId(),
                elsewhere.proof());
        assertThat(new Equivocation(mined.header(), onOtherParent).defect(CHAIN)).contains("different parents");
        BlockHeader other = MinedHeaders.sign(ALICE, mined.segment(), j, BITS, bytes("other transactions"), 1_001);
        assertThat(new Equivocation(mined.header(), other).defect(bytes("another chain"))).contains("signature");
    }
}
