package org.pouw.chain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.chain.importing.ChainFixtures.ALICE;
import static org.pouw.chain.importing.ChainFixtures.BOB;
import static org.pouw.chain.importing.ChainFixtures.DATA;
import static org.pouw.chain.importing.ChainFixtures.T0;
import static org.pouw.chain.importing.ChainFixtures.TEAM;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.pouw.chain.mining.RecordTraits;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.port.InMemoryMinerStore;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * Crash recovery of a miner (docs/chain.md §11 "Crash recovery", issue 20 item 6): a second {@code ChainMiner} over
 * the store the first wrote — a miner restarted on the same folder — continues its segment in the middle of an epoch,
 * opens the audits of the blocks the first mined (one challenged before the restart), and keeps its whole stake past
 * their maturity; the records of settled audits leave the store. A record cut short or changed is named and not used:
 * no opening is signed from it. E_a = 5, c = 2, maturity 14, R = 4.
 */
class ChainMinerRestartTest {
    private static final AuditParameters AUDITS = new AuditParameters(2, 6, 2, 2, 14, 4, 8 << 20, 300, 10);
    private static final TaskParameters SHORT_EPOCHS = new TaskParameters(1, 1_000,
            TaskParameters.DEFAULTS.sgdLearningRate(), TaskParameters.DEFAULTS.adamLearningRate(), 512, 10,
            10_000_000, 400_000, TaskParameters.DEFAULT_MAX_MATH_CALLS, 20, 100_000, 8, 5, 60,
            TaskParameters.DEFAULTS.rankWeights());
    private static final ChainGenesis GENESIS = new ChainGenesis(T0,
            CompactTarget.encode(BigInteger.ONE.shiftLeft(250)), CompactTarget.encode(BigInteger.ONE.shiftLeft(255)),
            60, 3_600, 90, 4, new ChainParameters(10, 100), new BlockParameters(50_000, 100_000, 100),
            new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
            List.of(new GenesisAccount(Bytes32.of(ALICE.publicKey()), 1_000, 100_000)), SHORT_EPOCHS,
            List.of(DemoGenesis.dataset()), AUDITS);
    private static final Bytes32 ALICES = Bytes32.of(ALICE.publicKey());

    private final BlockImporter node = BlockImporter.open(GENESIS, new MemoryChainStore(), ChainFixtures.clock());
    private final Set<Long> opened = new TreeSet<>();

    @Test
    void aMinerRestartedOnItsStoreOpensTheAuditsOfBlocksItMinedBeforeAndKeepsItsStake() {
        InMemoryMinerStore store = new InMemoryMinerStore();
        mine(new ChainMiner(ALICE, List.of(DATA), TEAM, store), 3);
        assertThat(node.tip().state().audit(1).status()).as("block 1's audit challenged before the restart")
                .isEqualTo(PendingAudit.Status.CHALLENGED);

        ChainMiner restarted = new ChainMiner(ALICE, List.of(DATA), TEAM, store);
        assertThat(restarted.restoreProblems()).isEmpty();
        assertThat(restarted.openable(node, node.tip())).extracting(PendingAudit::height).containsExactly(1L);
        // block 4 is in epoch 0 still: its segment must start where block 3's ended, a state only the store holds
        mine(restarted, 3 + AUDITS.maturity() + 6);

        assertThat(opened).as("the audits of the blocks mined before the restart opened after it").contains(1L, 2L, 3L);
        assertThat(node.tip().state().stake(ALICES).active()).as("no audit unopened at maturity: the stake is whole")
                .isEqualTo(100_000);
        assertThat(store.names()).as("the records of audits settled R blocks deep are gone")
                .noneMatch(name -> name.startsWith("segment-1-") || name.startsWith("segment-2-")
                        || name.startsWith("segment-3-"))
                .anyMatch(name -> name.startsWith("segment-"));
    }

    @Test
    void aRecordCutShortOrChangedIsNamedAndNotUsedAndTheOthersStillOpen() {
        InMemoryMinerStore store = new InMemoryMinerStore();
        mine(new ChainMiner(ALICE, List.of(DATA), TEAM, store), 3);
        String first = segmentOf(store, 1);
        String second = segmentOf(store, 2);
        byte[] whole = store.read(first);
        store.put(first, Arrays.copyOf(whole, whole.length / 2));        // a write a crash cut short
        byte[] body = Arrays.copyOf(store.read(second), store.read(second).length - 32);
        body[body.length / 2] ^= 1;                                       // a byte of its start state, sealed again
        store.put(second, RecordSeal.seal(body));

        ChainMiner restarted = new ChainMiner(ALICE, List.of(DATA), TEAM, store);
        assertThat(restarted.restoreProblems()).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).startsWith("kept record " + first).contains("cut short"))
                .anySatisfy(problem -> assertThat(problem).startsWith("kept record " + second)
                        .contains("start state"));
        assertThat(restarted.openable(node, node.tip())).as("no opening of block 1 from a half record").isEmpty();
        mine(restarted, 6);
        assertThat(opened).as("block 3's audit still opens; blocks 1 and 2 are not signed from bad records")
                .contains(3L).doesNotContain(1L, 2L);
    }

    @Test
    void aSegmentTrainedAgainUnderAnotherKeyDoesNotGiveItsLeavesAndOpensNothing() {
        InMemoryMinerStore store = new InMemoryMinerStore();
        mine(new ChainMiner(ALICE, List.of(DATA), TEAM, store), 3);
        String first = segmentOf(store, 1);
        KeptSegment segment = KeptSegment.decode(first, store.read(first), store.where(first), TEAM);
        PendingAudit audit = node.tip().state().audit(1);
        // BOB's batches differ from ALICE's on the same tips: the first step trained again is not her leaf
        assertThatThrownBy(() -> segment.open(Bytes32.of(BOB.publicKey()), audit, GENESIS, new RecordTraits(DATA),
                TEAM)).isInstanceOf(IllegalStateException.class).hasMessageContaining(first)
                .hasMessageContaining("no opening is built from it");
        assertThat(segment.open(ALICES, audit, GENESIS, new RecordTraits(DATA), TEAM).auditedHeight()).isEqualTo(1);
    }

    /** Mines on the node's tip up to {@code height}, each block carrying the miner's openings; notes what they open. */
    private void mine(ChainMiner miner, long height) {
        while (node.tip().height() < height) {
            BlockNode parent = node.tip();
            Block block = miner.mine(node, parent, node.ancestorTimes(parent).getLast() + 60,
                    () -> miner.openings(node, parent, 4), 5_000);
            assertThat(block).as("block %d mined", parent.height() + 1).isNotNull();
            assertThat(node.importBlock(block).status()).as("block %d", parent.height() + 1)
                    .isEqualTo(ImportStatus.ACCEPTED);
            for (Transaction tx : block.transactions()) {
                if (tx.body() instanceof AuditOpen open) {
                    opened.add(open.auditedHeight());
                }
            }
        }
    }

    private static String segmentOf(InMemoryMinerStore store, long height) {
        return store.names().stream().filter(name -> name.startsWith("segment-" + height + "-")).findFirst()
                .orElseThrow();
    }
}
