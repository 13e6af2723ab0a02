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
import org.pouw.chain.task.TaskParameters;
import org.pouw.ml.wire.Bytes32;

/**
 * A miner that runs for long keeps a bounded memory (docs/chain.md §7): the segments it keeps for openings and the
 * training states at its segments' ends are dropped once older than maturity + R, the horizon past which no audit
 * can challenge them and no reorg can return to them — and it keeps mining and opening its audits after dropping them.
 * Short constants (maturity 14, R = 4: a horizon of 18 blocks) so 40 blocks of real training cross it twice.
 */
class ChainMinerMemoryTest {
    private static final AuditParameters AUDITS = new AuditParameters(2, 6, 2, 2, 14, 4, 8 << 20, 300, 10);
    private static final int ALARM_DEPTH = 4;
    private static final int HORIZON = 14 + ALARM_DEPTH;

    @Test
    void segmentsAndEndsOlderThanMaturityPlusTheAlarmDepthAreDropped() {
        ChainGenesis genesis = new ChainGenesis(T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, ALARM_DEPTH,
                new ChainParameters(10, 100), new BlockParameters(50_000, 100_000, 100), new TicketRule(1_000, 10_000),
                LivenessRule.DEFAULT, List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000)),
                TaskParameters.DEFAULTS, List.of(DemoGenesis.dataset()), AUDITS);
        BlockImporter node = BlockImporter.open(genesis, new MemoryChainStore(), ChainFixtures.clock());
        ChainMiner miner = new ChainMiner(ALICE, List.of(DATA), TEAM);
        int mostEnds = 0;
        int mostSegments = 0;
        for (int i = 0; i < 2 * HORIZON + 4; i++) {
            BlockNode parent = node.tip();
            Block block = miner.mine(node, parent, node.ancestorTimes(parent).getLast() + 60,
                    () -> miner.openings(node, parent, 4), 5_000);
            assertThat(block).as("a winner within 5,000 steps").isNotNull();
            assertThat(node.importBlock(block).status()).as("block " + (i + 1)).isEqualTo(ImportStatus.ACCEPTED);
            mostEnds = Math.max(mostEnds, miner.keptEnds());
            mostSegments = Math.max(mostSegments, miner.keptSegments());
        }
        assertThat(node.tip().height()).isEqualTo(2 * HORIZON + 4);
        assertThat(mostEnds).as("ends kept at most").isLessThanOrEqualTo(HORIZON + 1);
        assertThat(mostSegments).as("segments kept at most").isLessThanOrEqualTo(HORIZON + 1);
        assertThat(miner.keptEnds()).as("the horizon's ends are still there").isGreaterThanOrEqualTo(HORIZON);
        assertThat(node.tip().state().stake(Bytes32.of(ALICE.publicKey())).active())
                .as("every audit opened from what was kept: never slashed").isEqualTo(100_000);
    }
}
