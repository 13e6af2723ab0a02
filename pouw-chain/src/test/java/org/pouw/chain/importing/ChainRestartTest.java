package org.pouw.chain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.chain.importing.ChainFixtures.ALICE;
import static org.pouw.chain.importing.ChainFixtures.BOB;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.fork.TipChange;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.port.StoredBlock;
import org.pouw.chain.state.StateRoot;
import org.pouw.ml.wire.Bytes32;

/**
 * A node rebuilt from its ChainStore (docs/chain.md §7): the blocks re-imported in height order, the stored tip
 * followed (a held deep reorg still held), and verification naming the first stored block that does not validate.
 * pouw-store runs the restart on SQLite and PostgreSQL.
 */
class ChainRestartTest {
    private final ChainGenesis genesis = ChainFixtures.genesis(2);
    private final BlockImporter minerNode = ChainFixtures.node(genesis, new MemoryChainStore());

    private List<Block> mine(ChainFixtures.Miner miner, BlockNode from, int count) {
        List<Block> blocks = new ArrayList<>();
        BlockNode parent = from;
        for (int i = 0; i < count; i++) {
            Block block = miner.mine(minerNode, parent, List.of());
            minerNode.importBlock(block);
            parent = minerNode.node(block.header().hash(genesis.chainId())).orElseThrow();
            blocks.add(block);
        }
        return blocks;
    }

    private BlockNode genesisNode() {
        return minerNode.node(genesis.chainId()).orElseThrow();
    }

    private BlockImporter restart(MemoryChainStore store) {
        return BlockImporter.restore(genesis, store, ChainFixtures.clock());
    }

    @Test
    void aRestartedNodeHasTheSameTipAndStateAndImportsOn() {
        List<Block> chain = mine(new ChainFixtures.Miner(ALICE, genesis), genesisNode(), 4);
        MemoryChainStore store = new MemoryChainStore();
        BlockImporter node = ChainFixtures.node(genesis, store);
        chain.subList(0, 3).forEach(node::importBlock);

        BlockImporter restarted = restart(store);

        assertThat(restarted.tip().hash()).isEqualTo(node.tip().hash());
        assertThat(StateRoot.of(restarted.tip().state())).isEqualTo(StateRoot.of(node.tip().state()));
        assertThat(restarted.importBlock(chain.get(3)).status()).isEqualTo(ImportStatus.ACCEPTED);
        assertThat(store.tip()).contains(restarted.tip().hash());
        assertThat(store.blocksInHeightOrder()).hasSize(4);
    }

    /** Bob's heavier branch forks three blocks below Alice's tip, deeper than the alarm depth 2: held, and still. */
    @Test
    void aHeldDeepReorgStaysHeldAfterARestart() {
        List<Block> main = mine(new ChainFixtures.Miner(ALICE, genesis), genesisNode(), 3);
        List<Block> branch = mine(new ChainFixtures.Miner(BOB, genesis), genesisNode(), 4);
        MemoryChainStore store = new MemoryChainStore();
        BlockImporter node = ChainFixtures.node(genesis, store);
        main.forEach(node::importBlock);
        ImportResult last = null;
        for (Block block : branch) {
            last = node.importBlock(block);
        }
        assertThat(last.tipChange()).isInstanceOf(TipChange.DeepReorgHeld.class);
        Bytes32 aliceTip = main.getLast().header().hash(genesis.chainId());
        Bytes32 bobTip = branch.getLast().header().hash(genesis.chainId());
        assertThat(node.tip().hash()).isEqualTo(aliceTip);

        BlockImporter restarted = restart(store);

        assertThat(restarted.tip().hash()).isEqualTo(aliceTip);
        assertThat(restarted.heldTip().orElseThrow().hash()).isEqualTo(bobTip);
        restarted.acceptHeld();
        assertThat(store.tip()).contains(bobTip);
        assertThat(restart(store).tip().hash()).isEqualTo(bobTip);
    }

    /** A block the store could not keep stops the importer: it must not store children of a block it lost. */
    @Test
    void aStoreFailureStopsTheImporterAndARestartResumesFromTheStore() {
        List<Block> chain = mine(new ChainFixtures.Miner(ALICE, genesis), genesisNode(), 3);
        MemoryChainStore store = new MemoryChainStore();
        BlockImporter node = ChainFixtures.node(genesis, store);
        node.importBlock(chain.get(0));
        store.failing = true;
        assertThatThrownBy(() -> node.importBlock(chain.get(1))).hasMessageContaining("disk full");
        store.failing = false;
        assertThatThrownBy(() -> node.importBlock(chain.get(2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("restart");

        BlockImporter restarted = restart(store);
        assertThat(restarted.tip().height()).isEqualTo(1);
        chain.forEach(restarted::importBlock);
        assertThat(restarted.tip().height()).isEqualTo(3);
        assertThat(store.blocksInHeightOrder()).hasSize(3);
    }

    @Test
    void verificationAcceptsAGoodStoreAndNamesTheFirstBadBlock() {
        List<Block> chain = mine(new ChainFixtures.Miner(ALICE, genesis), genesisNode(), 3);
        MemoryChainStore good = new MemoryChainStore();
        BlockImporter node = ChainFixtures.node(genesis, good);
        chain.forEach(node::importBlock);
        ChainVerification.Report passed = verify(good);
        assertThat(passed.passed()).isTrue();
        assertThat(passed.blocksValid()).isEqualTo(3);
        assertThat(passed.tipHeight()).isEqualTo(3);

        // a store whose second block was changed on disk: the state root rewritten and the header re-signed
        MemoryChainStore tampered = new MemoryChainStore();
        BlockHeader h = chain.get(1).header();
        Block lying = new Block(BlockHeader.sign(ALICE, genesis.chainId(), h.height(), h.parent(), h.timestamp(),
                h.bits(), h.txRoot(), StateRoot.of(genesis.initialState()), h.taskId(), h.proof()),
                chain.get(1).opening(), chain.get(1).transactions());
        Bytes32 lyingHash = lying.header().hash(genesis.chainId());
        for (StoredBlock stored : good.blocksInHeightOrder()) {
            tampered.importBlock(stored.height() == 2 ? new StoredBlock(lyingHash, stored.parent(), 2, lying.encode())
                    : stored, Optional.empty());
        }
        ChainVerification.Report failed = verify(tampered);
        assertThatThrownBy(() -> restart(tampered)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stored block 2 " + lyingHash.hex()).hasMessageContaining("pouw chain verify");
        assertThat(failed.passed()).isFalse();
        assertThat(failed.blocksValid()).isEqualTo(1);
        assertThat(failed.firstBad().orElseThrow().height()).isEqualTo(2);
        assertThat(failed.firstBad().orElseThrow().hash()).isEqualTo(lyingHash);
        assertThat(failed.firstBad().orElseThrow().reason()).contains("WRONG_STATE_ROOT");
    }

    private ChainVerification.Report verify(MemoryChainStore store) {
        return ChainVerification.run(genesis, store, ChainFixtures.clock(), ChainFixtures.TEAM);
    }
}
