package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.TipChange;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainVerification;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.state.StateRoot;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.ChainStores;
import org.pouw.store.support.MinedChain;

/**
 * A node restarted from its chain store on a real database (docs/chain.md §7): the blocks a node imported come back,
 * are validated again with every winner replayed, and the node follows the tip it stored — a deep reorg it held
 * staying held — then imports on; verification accepts the store.
 */
public abstract class ChainRestartContract extends StorageTestBase {
    private final MinedChain mined = new MinedChain(2);

    private ChainStore reopen() {
        storage.close();
        storage = database.open();
        return ChainStores.on(storage);
    }

    @Test
    void aRestartedNodeFollowsItsStoredTipAndImportsOn() {
        List<Block> chain = mined.mine(MinedChain.ALICE, mined.genesis().chainId(), 4);
        BlockImporter node = MinedChain.node(mined.genesis(), ChainStores.on(storage));
        chain.subList(0, 3).forEach(node::importBlock);

        ChainStore store = reopen();
        BlockImporter restarted = MinedChain.restore(mined.genesis(), store);

        assertThat(restarted.tip().hash()).isEqualTo(node.tip().hash());
        assertThat(StateRoot.of(restarted.tip().state())).isEqualTo(StateRoot.of(node.tip().state()));
        assertThat(restarted.importBlock(chain.get(3)).status()).isEqualTo(ImportStatus.ACCEPTED);
        assertThat(store.tip()).contains(mined.hash(chain.get(3)));
        ChainVerification.Report report = ChainVerification.run(mined.genesis(), store, MinedChain.clock(),
                ThreadTeam.single());
        assertThat(report.passed()).isTrue();
        assertThat(report.blocksValid()).isEqualTo(4);
    }

    @Test
    void aHeldDeepReorgIsStillHeldAfterARestart() {
        List<Block> main = mined.mine(MinedChain.ALICE, mined.genesis().chainId(), 3);
        List<Block> branch = mined.mine(MinedChain.BOB, mined.genesis().chainId(), 4);
        BlockImporter node = MinedChain.node(mined.genesis(), ChainStores.on(storage));
        main.forEach(node::importBlock);
        TipChange last = null;
        for (Block block : branch) {
            last = node.importBlock(block).tipChange();
        }
        assertThat(last).isInstanceOf(TipChange.DeepReorgHeld.class);

        BlockImporter restarted = MinedChain.restore(mined.genesis(), reopen());

        Bytes32 aliceTip = mined.hash(main.getLast());
        assertThat(restarted.tip().hash()).isEqualTo(aliceTip);
        assertThat(restarted.heldTip().orElseThrow().hash()).isEqualTo(mined.hash(branch.getLast()));
    }
}
