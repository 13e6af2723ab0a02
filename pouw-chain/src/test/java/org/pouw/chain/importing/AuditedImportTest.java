package org.pouw.chain.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.importing.ChainFixtures.ALICE;
import static org.pouw.chain.importing.ChainFixtures.BOB;
import static org.pouw.chain.importing.ChainFixtures.CAROL;
import static org.pouw.chain.importing.ChainFixtures.DATA;
import static org.pouw.chain.importing.ChainFixtures.T0;
import static org.pouw.chain.importing.ChainFixtures.TEAM;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.audit.AuditWindow;
import org.pouw.chain.audit.SegmentChallenge;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.mining.TipKeyedBatch;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.ImmatureReward;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.OpenedWindow;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The audit hooks as the block importer runs them (docs/chain.md §5, §7): two nodes import the same blocks; each
 * block's reward is held immature and its segment audited c blocks on; an honest miner's {@code audit_open} goes
 * through the importer's mempool into a later block and clears its audit, so its reward matures; a miner that never
 * opens is slashed at maturity on both nodes. The genesis uses short audit constants (c = 2, D = 6, maturity 14,
 * W_a = 4 instead of 6, 240, 360, 240) so maturity is reached in 16 blocks of real training.
 */
class AuditedImportTest {
    private static final AuditParameters AUDITS = new AuditParameters(2, 6, 2, 2, 14, 4, 8 << 20, 300, 10);
    /** Steps each segment trains before it may win: enough leaves that the challenge has windows to open. */
    private static final int STEPS_BEFORE_WINNING = 5;

    private final ChainGenesis genesis = new ChainGenesis(T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
            CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, 10, new ChainParameters(10, 100),
            new BlockParameters(50_000, 100_000, 100), new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
            List.of(new GenesisAccount(id(ALICE), 1_000, 100_000), new GenesisAccount(id(BOB), 1_000, 100_000),
                    new GenesisAccount(id(CAROL), 1_000_000, 0)),
            TaskParameters.DEFAULTS, List.of(DemoGenesis.dataset()), AUDITS);
    private final BlockImporter minerNode = BlockImporter.open(genesis, new MemoryChainStore(), ChainFixtures.clock(),
            new MempoolSize(100, 10), TEAM);
    private final BlockImporter otherNode = BlockImporter.open(genesis, new MemoryChainStore(),
            ChainFixtures.clock(), new MempoolSize(100, 10), TEAM);
    private final SegmentKeeper alice = new SegmentKeeper(ALICE);
    private final SegmentKeeper bob = new SegmentKeeper(BOB);

    @Test
    void anOpenedAuditMaturesTheRewardAndAnUnopenedOneSlashesOnEveryNode() {
        mineAndImport(alice);                                      // block 1: Alice's, never opened
        long aliceStake = minerNode.tip().state().stake(id(ALICE)).active();
        assertThat(aliceStake).isEqualTo(100_000);
        assertThat(minerNode.tip().state().immatureRewards(id(ALICE))).extracting(ImmatureReward::height)
                .containsExactly(1L);
        mineAndImport(bob);                                        // block 2: Bob's, opened honestly
        assertThat(status(minerNode, 1)).isEqualTo(PendingAudit.Status.AWAITING_CHALLENGE);
        mineAndImport(bob);                                        // block 3 = 1 + c draws block 1's challenge
        assertThat(status(minerNode, 1)).isEqualTo(PendingAudit.Status.CHALLENGED);
        assertThat(status(otherNode, 1)).isEqualTo(PendingAudit.Status.CHALLENGED);
        mineAndImport(bob);                                        // block 4 draws block 2's challenge
        assertThat(status(minerNode, 2)).isEqualTo(PendingAudit.Status.CHALLENGED);

        Transaction opening = bob.opening(minerNode, 2);
        assertThat(minerNode.mempool().add(opening, minerNode.tip().state(), minerNode.tip().height() + 1)
                .isAccepted()).isTrue();
        Block fifth = mineAndImport(bob);                          // block 5 carries the opening
        assertThat(fifth.transactions()).contains(opening);
        assertThat(minerNode.mempool().contains(opening)).as("mined, so no longer pending").isFalse();
        assertThat(status(minerNode, 2)).isEqualTo(PendingAudit.Status.OPENED);
        assertThat(status(otherNode, 2)).isEqualTo(PendingAudit.Status.OPENED);

        while (minerNode.tip().height() < 1 + AUDITS.maturity() - 1) {
            openBobsChallenges();
            mineAndImport(bob);
        }
        // Block 14: Alice is still staked, her reward still immature; block 15 = 1 + maturity closes her audit.
        assertThat(minerNode.tip().state().stake(id(ALICE)).active()).isEqualTo(aliceStake);
        openBobsChallenges();
        mineAndImport(bob);
        for (BlockImporter node : List.of(minerNode, otherNode)) {
            StateLayer state = node.tip().state();
            assertThat(state.stake(id(ALICE)).active()).as("slashed").isZero();
            assertThat(state.immatureRewards(id(ALICE))).as("clawed back").isEmpty();
            assertThat(state.account(id(ALICE)).balance()).as("the reward never matured").isEqualTo(1_000);
            assertThat(state.audit(1).status()).isEqualTo(PendingAudit.Status.CLOSED);
        }

        // Block 16 = 2 + maturity: Bob's opened block matures into his balance, on both nodes alike.
        long bobReward = minerNode.tip().state().immatureRewards(id(BOB)).stream()
                .filter(reward -> reward.height() == 2).mapToLong(ImmatureReward::amount).sum();
        assertThat(bobReward).isEqualTo(genesis.block().subsidy());
        long bobBefore = minerNode.tip().state().account(id(BOB)).balance();
        openBobsChallenges();
        Block sixteenth = mineAndImport(bob);
        long feesPaid = sixteenth.transactions().stream().filter(tx -> tx.sender().equals(id(BOB)))
                .mapToLong(Transaction::fee).sum();
        for (BlockImporter node : List.of(minerNode, otherNode)) {
            StateLayer state = node.tip().state();
            assertThat(state.account(id(BOB)).balance()).isEqualTo(bobBefore + bobReward - feesPaid);
            assertThat(state.stake(id(BOB)).active()).as("an honest miner keeps its stake").isEqualTo(100_000);
            assertThat(state.immatureRewards(id(BOB))).extracting(ImmatureReward::height).doesNotContain(2L);
        }
        assertThat(otherNode.tip().hash()).isEqualTo(minerNode.tip().hash());
    }

    /** Bob opens every challenged audit of his the chain holds, through the miner node's mempool. */
    private void openBobsChallenges() {
        StateLayer state = minerNode.tip().state();
        for (long height : bob.segments.keySet()) {
            PendingAudit audit = state.audit(height);
            if (audit != null && audit.status() == PendingAudit.Status.CHALLENGED) {
                if (!bob.opened.containsKey(height)) {
                    Transaction opening = bob.opening(minerNode, height);
                    assertThat(minerNode.mempool().add(opening, state, minerNode.tip().height() + 1).isAccepted())
                            .as("opening of block %d", height).isTrue();
                }
            }
        }
    }

    /** {@code keeper} mines the next block on the miner node's tip with the mempool's body; both nodes import it. */
    private Block mineAndImport(SegmentKeeper keeper) {
        BlockNode parent = minerNode.tip();
        List<Transaction> body = minerNode.mempool().select(genesis.block().maxTransactions(), parent.state(),
                parent.height() + 1);
        Block block = keeper.mine(minerNode, parent, body);
        for (BlockImporter node : List.of(minerNode, otherNode)) {
            ImportResult result = node.importBlock(block);
            assertThat(result.status()).as(result.toString()).isEqualTo(ImportStatus.ACCEPTED);
        }
        return block;
    }

    private static PendingAudit.Status status(BlockImporter node, long height) {
        return node.tip().state().audit(height).status();
    }

    private static Bytes32 id(Ed25519.KeyPair key) {
        return Bytes32.of(key.publicKey());
    }

    /** What an honest miner keeps of each segment it mined so it can open any window the chain challenges. */
    record Segment(List<MinedStep> leaves, List<byte[]> statesBefore, List<int[]> batches) {
    }

    /**
     * A miner that trains step by step (at least {@value #STEPS_BEFORE_WINNING} steps before one may win), keeping
     * the state before every step and every batch, and builds its openings from them.
     */
    private final class SegmentKeeper {
        final Ed25519.KeyPair key;
        final Map<Long, Segment> segments = new HashMap<>();
        /** The openings sent, by audited height. */
        final Map<Long, Transaction> opened = new HashMap<>();
        private final Map<Bytes32, TrainingState> ends = new HashMap<>();
        private long nonce;

        SegmentKeeper(Ed25519.KeyPair key) {
            this.key = key;
        }

        Block mine(BlockImporter node, BlockNode parent, List<Transaction> body) {
            Bytes32 miner = id(key);
            Bytes32 taskId = node.assignedTask(parent, miner);
            PayForTask task = node.taskFor(parent, taskId);
            Bytes32 start = node.segmentStart(parent, taskId, miner);
            TrainingState state = ends.containsKey(start) ? ends.get(start).copy(task.task())
                    : TrainingState.initial(task.task());
            assertThat(state.hash(TEAM)).isEqualTo(start);
            ChainTrainer trainer = new ChainTrainer(task.task(), DATA, state, miner, genesis.tickets(),
                    genesis.liveness(), TEAM);
            BigInteger target = CompactTarget.decode(node.expectedBits(parent));
            List<byte[]> before = new ArrayList<>();
            List<int[]> batches = new ArrayList<>();
            ChainTrainer.Win win = null;
            for (int i = 0; win == null; i++) {
                assertThat(i).as("no winning step in 5,000").isLessThan(5_000);
                before.add(trainer.state().encode());
                batches.add(TipKeyedBatch.draw(task.task().seed(), miner, parent.hash(), trainer.state().stepsDone(),
                        Math.toIntExact(task.datasetSize()), task.task().hyperparameters().batchSize()));
                if (i < STEPS_BEFORE_WINNING) {
                    trainer.step(parent.hash());
                } else {
                    win = trainer.mine(node.chainId(), parent.hash(), target, 1);
                }
            }
            ends.put(win.step().mined().stateAfter(), trainer.state().copy(task.task()));
            segments.put(parent.height() + 1, new Segment(win.segment(), before, batches));
            return new BlockAssembler(node, key).assemble(parent, node.ancestorTimes(parent).getLast() + 60, taskId,
                    DATA, win, body);
        }

        /** The {@code audit_open} of this miner's block at {@code height}, for the challenge on the node's tip. */
        Transaction opening(BlockImporter node, long height) {
            PendingAudit audit = node.tip().state().audit(height);
            Segment segment = segments.get(height);
            MerkleTree tree = MerkleTree.ofLeafHashes(segment.leaves().stream().map(l -> l.leafHash().toArray())
                    .toArray(byte[][]::new));
            List<OpenedWindow> windows = new ArrayList<>();
            for (AuditWindow window : SegmentChallenge.windows(audit.seed(), audit.length(), AUDITS)) {
                List<MinedStep> leaves = new ArrayList<>();
                List<List<Bytes32>> paths = new ArrayList<>();
                List<OpenedBatch> batches = new ArrayList<>();
                for (int position = window.start(); position < window.end(); position++) {
                    leaves.add(segment.leaves().get(position));
                    List<Bytes32> path = new ArrayList<>();
                    tree.prove(position).siblings().forEach(sibling -> path.add(Bytes32.of(sibling)));
                    paths.add(path);
                    batches.add(OpenedBatch.open(DATA, segment.batches().get(position)));
                }
                windows.add(new OpenedWindow(segment.statesBefore().get(window.start()), leaves, paths, batches));
            }
            long next = node.tip().state().account(id(key)).nonce();
            nonce = Math.max(nonce, next);
            Transaction opening = Transaction.sign(key, node.chainId(), nonce++, 1, new byte[0],
                    new AuditOpen(height, audit.seed(), windows));
            opened.put(height, opening);
            return opening;
        }
    }
}
