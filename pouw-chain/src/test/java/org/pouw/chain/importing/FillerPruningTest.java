package org.pouw.chain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.importing.ChainFixtures.ALICE;
import static org.pouw.chain.importing.ChainFixtures.DATA;
import static org.pouw.chain.importing.ChainFixtures.T0;
import static org.pouw.chain.importing.ChainFixtures.TEAM;

import java.math.BigInteger;
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
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.task.TaskParameters;
import org.pouw.ml.wire.Bytes32;

/**
 * The pruning rule of the state (docs/chain.md §5.5): an epoch's filler task, its miners' work logs, the epoch's
 * assignment and its beacon are deleted at the block (e + 1)·E_a + maturity — when every audit of the epoch's blocks
 * has closed — on every node alike (a second node imports the same blocks and agrees on every state root), and the
 * miner keeps mining and opening its audits across the deletions. E_a = 5 and maturity 14, so epoch 0 goes at block 19.
 */
class FillerPruningTest {
    private static final AuditParameters AUDITS = new AuditParameters(2, 6, 2, 2, 14, 4, 8 << 20, 300, 10);
    private static final TaskParameters SHORT_EPOCHS = new TaskParameters(1, 1_000,
            TaskParameters.DEFAULTS.sgdLearningRate(), TaskParameters.DEFAULTS.adamLearningRate(), 512, 10,
            10_000_000, 400_000, TaskParameters.DEFAULT_MAX_MATH_CALLS, 20, 100_000, 8, 5, 60,
            TaskParameters.DEFAULTS.rankWeights());

    @Test
    void anEpochsFillerEntriesGoOnceItsAuditsHaveClosedOnEveryNode() {
        ChainGenesis genesis = new ChainGenesis(T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, 4, new ChainParameters(10, 100),
                new BlockParameters(50_000, 100_000, 100), new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000)), SHORT_EPOCHS,
                List.of(DemoGenesis.dataset()), AUDITS);
        BlockImporter node = BlockImporter.open(genesis, new MemoryChainStore(), ChainFixtures.clock());
        BlockImporter other = BlockImporter.open(genesis, new MemoryChainStore(), ChainFixtures.clock());
        ChainMiner miner = new ChainMiner(ALICE, List.of(DATA), TEAM);
        Bytes32 alice = Bytes32.of(ALICE.publicKey());
        Bytes32 epochZeroFiller = null;
        for (int height = 1; height <= 24; height++) {
            BlockNode parent = node.tip();
            Block block = miner.mine(node, parent, node.ancestorTimes(parent).getLast() + 60,
                    () -> miner.openings(node, parent, 4), 5_000);
            assertThat(node.importBlock(block).status()).as("block " + height).isEqualTo(ImportStatus.ACCEPTED);
            assertThat(other.importBlock(block).status()).as("block " + height + " elsewhere")
                    .isEqualTo(ImportStatus.ACCEPTED);
            StateLayer state = node.tip().state();
            if (height == 1) {
                epochZeroFiller = state.assignment(0).get(alice);
                assertThat(state.task(epochZeroFiller).filler()).isTrue();
            }
            if (height < 19) {
                assertThat(state.task(epochZeroFiller)).as("epoch 0's filler at " + height).isNotNull();
                assertThat(state.workLog(epochZeroFiller, alice)).isNotNull();
                assertThat(state.assignment(0)).isNotNull();
            } else {
                assertThat(state.task(epochZeroFiller)).as("epoch 0's filler at " + height).isNull();
                assertThat(state.workLog(epochZeroFiller, alice)).isNull();
                assertThat(state.assignment(0)).isNull();
                assertThat(state.entries().tasks()).doesNotContainKey(epochZeroFiller);
                if (height < 24) {
                    assertThat(state.assignment(1)).as("epoch 1 stays until block 24").isNotNull();
                } else {
                    assertThat(state.assignment(1)).as("epoch 1 goes at block 24").isNull();
                }
            }
        }
        assertThat(other.tip().hash()).isEqualTo(node.tip().hash());
        assertThat(node.tip().state().stake(alice).active()).as("every audit opened, none slashed")
                .isEqualTo(100_000);
    }
}
