package org.pouw.chain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.importing.ChainFixtures.ALICE;
import static org.pouw.chain.importing.ChainFixtures.DATA;
import static org.pouw.chain.importing.ChainFixtures.T0;
import static org.pouw.chain.importing.ChainFixtures.TEAM;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.port.StoredBlock;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.TaskParameters;
import org.pouw.ml.wire.Bytes32;

/**
 * The pruning policy of stored blocks (docs/chain.md §5.5): a node drops the winner's opening of blocks at least
 * maturity + R below its tip; `chain verify` still checks everything else of them and says how many replays it
 * skipped, a restart rebuilds the same chain, a pruned opening nearer the tip is a bad block, and a pruned copy from
 * the network is refused without condemning the block. Maturity 14 and R = 4, so after 24 blocks blocks 1–6 prune.
 */
class PrunedStoreTest {
    private static final AuditParameters AUDITS = new AuditParameters(2, 6, 2, 2, 14, 4, 8 << 20, 300, 10);
    private static final int BLOCKS = 24;
    private final ChainGenesis genesis = new ChainGenesis(T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
            CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, 4, new ChainParameters(10, 100),
            new BlockParameters(50_000, 100_000, 100), new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
            List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000)), TaskParameters.DEFAULTS,
            List.of(DemoGenesis.dataset()), AUDITS);

    @Test
    void aPrunedStoreVerifiesRestartsAndSaysWhatItSkipped() {
        MemoryChainStore store = new MemoryChainStore();
        BlockImporter node = BlockImporter.open(genesis, store, ChainFixtures.clock());
        List<Block> mined = mine(node, BLOCKS);
        long before = bytes(store);

        assertThat(node.pruneOpenings()).isEqualTo(BLOCKS - 18);
        assertThat(node.pruneOpenings()).as("already pruned").isZero();
        assertThat(bytes(store)).isLessThan(before);
        for (StoredBlock stored : store.blocksInHeightOrder()) {
            Block block = Block.decode(stored.encoded());
            assertThat(OpeningPruning.isPruned(block.opening())).as("block " + stored.height())
                    .isEqualTo(stored.height() <= 6);
            assertThat(block.header().hash(genesis.chainId())).isEqualTo(stored.hash());
        }

        ChainVerification.Report report = ChainVerification.run(genesis, store, ChainFixtures.clock(), TEAM);
        assertThat(report.passed()).as(report.toString()).isTrue();
        assertThat(report.blocksValid()).isEqualTo(BLOCKS);
        assertThat(report.replaysSkipped()).isEqualTo(6);
        assertThat(report.prunableUpTo()).isEqualTo(6);

        BlockImporter restarted = BlockImporter.restore(genesis, store, ChainFixtures.clock());
        assertThat(restarted.tip().hash()).isEqualTo(node.tip().hash());
        assertThat(restarted.tip().state().entries()).isEqualTo(node.tip().state().entries());

        // a pruned copy from the network is refused, not held against the block: the full copy is taken after
        BlockImporter fresh = BlockImporter.open(genesis, new MemoryChainStore(), ChainFixtures.clock());
        ImportResult refused = fresh.importBlock(OpeningPruning.pruned(mined.getFirst()));
        assertThat(refused.refusal()).isEqualTo(ImportRefusal.OPENING_PRUNED);
        assertThat(fresh.importBlock(mined.getFirst()).status()).isEqualTo(ImportStatus.ACCEPTED);
    }

    /** A store whose opening was dropped within maturity + R of the tip does not verify, and names the block. */
    @Test
    void anOpeningPrunedNearerTheTipIsABadBlock() {
        MemoryChainStore store = new MemoryChainStore();
        BlockImporter node = BlockImporter.open(genesis, store, ChainFixtures.clock());
        List<Block> mined = mine(node, BLOCKS);
        Block tenth = mined.get(9);
        store.replaceEncoding(tenth.header().hash(genesis.chainId()), OpeningPruning.pruned(tenth).encode());
        ChainVerification.Report report = ChainVerification.run(genesis, store, ChainFixtures.clock(), TEAM);
        assertThat(report.passed()).isFalse();
        assertThat(report.blocksValid()).isEqualTo(9);
        assertThat(report.firstBad().orElseThrow().height()).isEqualTo(10);
        assertThat(report.firstBad().orElseThrow().reason()).contains("OPENING_PRUNED").contains("height 6");
    }

    private static long bytes(MemoryChainStore store) {
        return store.blocksInHeightOrder().stream().mapToLong(stored -> stored.encoded().length).sum();
    }

    private static List<Block> mine(BlockImporter node, int count) {
        ChainMiner miner = new ChainMiner(ALICE, List.of(DATA), TEAM);
        List<Block> mined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BlockNode parent = node.tip();
            Block block = miner.mine(node, parent, node.ancestorTimes(parent).getLast() + 60,
                    () -> miner.openings(node, parent, 4), 5_000);
            assertThat(node.importBlock(block).status()).isEqualTo(ImportStatus.ACCEPTED);
            mined.add(block);
        }
        return mined;
    }
}
