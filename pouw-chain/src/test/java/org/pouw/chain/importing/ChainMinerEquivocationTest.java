package org.pouw.chain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.chain.importing.ChainFixtures.ALICE;
import static org.pouw.chain.importing.ChainFixtures.DATA;
import static org.pouw.chain.importing.ChainFixtures.TEAM;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;

/**
 * A miner never signs a second block on a parent it has signed a block on (docs/chain.md §5.4): two headers of one key
 * on one parent are equivocation evidence that slashes the whole stake, whatever became of the first block — refused
 * by the node, orphaned, or never posted. Asked again on that parent it refuses instead of training; on any other
 * parent it mines on.
 */
class ChainMinerEquivocationTest {

    @Test
    void aSecondBlockOnAParentAlreadySignedOnIsNeverSigned() {
        BlockImporter node = ChainFixtures.node(ChainFixtures.genesis(4), new MemoryChainStore());
        ChainMiner miner = new ChainMiner(ALICE, List.of(DATA), TEAM);
        BlockNode parent = node.tip();
        long time = node.ancestorTimes(parent).getLast() + 60;
        Block first = miner.mine(node, parent, time, List.of(), 5_000);
        assertThat(first).as("a winner within 5,000 steps").isNotNull();

        // the first block was not taken (say the node refused it): a later timestamp would make a different header
        long stepsBefore = miner.steps();
        assertThatThrownBy(() -> miner.mine(node, parent, time + 1, List.of(), 5_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("equivocation");
        assertThat(miner.steps()).as("no training on a parent it can not sign on").isEqualTo(stepsBefore);

        assertThat(node.importBlock(first).status()).isEqualTo(ImportStatus.ACCEPTED);
        BlockNode child = node.tip();
        assertThat(miner.mine(node, child, time + 60, List.of(), 5_000)).as("the next block, on its own parent")
                .isNotNull();
    }
}
