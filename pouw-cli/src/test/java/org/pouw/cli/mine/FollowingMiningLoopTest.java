package org.pouw.cli.mine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.importing.BlockAssembler;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.state.WorkLog;
import org.pouw.chain.task.RankSplit;
import org.pouw.chain.task.TaskCost;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * Two mining loops against a node in this process (a real importer: every block replayed and applied), turned in
 * alternation on a settable clock: a task posted with {@code pay_for_task} over generated digits is assigned to both,
 * both win blocks on it, open their challenged audits, commit and reveal their final models; the poster reveals the
 * held-out set and the node settles — the escrow split by the ranking the test computes itself from the revealed
 * models' held-out accuracy.
 */
class FollowingMiningLoopTest {
    private static final long T0 = 1_767_225_600;
    private static final Ed25519.KeyPair ALICE = FastChain.key(1);
    private static final Ed25519.KeyPair BOB = FastChain.key(2);
    private static final Ed25519.KeyPair CAROL = FastChain.key(3);
    private static final long COMMIT_BY = 20;
    private static final long REVEAL_BY = 24;
    private static final long HELD_OUT_BY = 30;

    private final SettableClock clock = new SettableClock((T0 + 600) * 1_000);
    private final ChainGenesis genesis = FastChain.genesis(T0, 60, 3_600, 247, ALICE, BOB, CAROL);
    private final InProcessNode node = new InProcessNode(genesis, clock);
    private final List<MinerEvent> aliceEvents = new ArrayList<>();
    private final List<MinerEvent> bobEvents = new ArrayList<>();
    private final MiningSettings settings = MiningSettings.DEFAULTS.withPollMs(10).withCommitMarginBlocks(4);
    private final FollowingMiningLoop alice = new FollowingMiningLoop(node, "in-process", ALICE, clock, settings,
            aliceEvents::add);
    private final FollowingMiningLoop bob = new FollowingMiningLoop(node, "in-process", BOB, clock, settings,
            bobEvents::add);

    @Test
    void twoMinersMineAPostedTaskCommitRevealAndArePaidByHeldOutRank() {
        DigitTask digits = DigitTask.generate(400, 100, 5);
        node.holdDataset(digits.train());
        long escrow = 200 * TaskCost.ofBits(genesis.bits(), FastChain.TASKS).longValueExact();
        PayForTask pay = digits.payForTask(escrow, COMMIT_BY, REVEAL_BY, HELD_OUT_BY);
        Transaction post = Transaction.sign(CAROL, genesis.chainId(), 0, 1, new byte[0], pay);
        node.postTransaction(post.encode());
        Bytes32 taskId = post.id(genesis.chainId());
        alice.start();
        bob.start();

        boolean heldOutPosted = false;
        for (int turn = 0; turn < 3_000 && !settled(taskId); turn++) {
            alice.turn();
            bob.turn();
            clock.advance(5_000);
            if (!heldOutPosted && node.importer().tip().height() >= REVEAL_BY) {
                node.postTransaction(Transaction.sign(CAROL, genesis.chainId(), 1, 1, new byte[0],
                        digits.revealHeldOut(taskId)).encode());
                heldOutPosted = true;
            }
        }

        assertThat(settled(taskId)).as("settled by height %d", node.importer().tip().height()).isTrue();
        Bytes32 a = Bytes32.of(ALICE.publicKey());
        Bytes32 b = Bytes32.of(BOB.publicKey());
        assertThat(node.importedFrom(a)).as("blocks of Alice's the node imported").isPositive();
        assertThat(node.importedFrom(b)).as("blocks of Bob's the node imported").isPositive();
        List<Block> branch = branch();
        assertThat(branch.stream().filter(block -> block.header().taskId().equals(taskId))
                .map(block -> block.header().miner()).distinct()).containsExactlyInAnyOrder(a, b);
        Map<Bytes32, FinalModelReveal> reveals = new HashMap<>();
        Map<Bytes32, Long> fees = new HashMap<>();
        Map<Bytes32, Integer> openings = new HashMap<>();
        int commits = 0;
        for (Block block : branch) {
            for (Transaction tx : block.transactions()) {
                fees.merge(tx.sender(), tx.fee(), Long::sum);
                switch (tx.body()) {
                    case FinalModelReveal reveal -> reveals.put(tx.sender(), reveal);
                    case FinalModelCommit commit -> commits++;
                    case AuditOpen open -> openings.merge(tx.sender(), 1, Integer::sum);
                    default -> {
                    }
                }
            }
        }
        assertThat(commits).isEqualTo(2);
        assertThat(reveals).containsOnlyKeys(a, b);
        assertThat(openings).as("challenged audits opened by their miners").containsKeys(a, b);
        assertNoAuditLeftChallenged(node.importer().tip());

        // the test's own ranking: held-out accuracy of each revealed model, then the lower loss
        Map<Bytes32, Evaluation> scores = new HashMap<>();
        for (Map.Entry<Bytes32, FinalModelReveal> reveal : reveals.entrySet()) {
            TrainingState model = TrainingState.decode(pay.task(), reveal.getValue().model());
            scores.put(reveal.getKey(), Evaluator.evaluate(model.network(), digits.heldOut(),
                    pay.task().hyperparameters().loss(), ThreadTeam.single()));
        }
        HeldOutRank order = new HeldOutRank(scores);
        Bytes32 first = order.compare(a, b) <= 0 ? a : b;
        Bytes32 second = first.equals(a) ? b : a;
        long[] shares = RankSplit.byRank(escrow, 2, FastChain.TASKS);
        StateLayer state = node.importer().tip().state();
        assertThat(state.account(first).balance() + fees.get(first)).isEqualTo(FastChain.MINER_BALANCE + shares[0]);
        assertThat(state.account(second).balance() + fees.get(second))
                .isEqualTo(FastChain.MINER_BALANCE + shares[1]);
        assertThat(state.account(Bytes32.of(CAROL.publicKey())).balance()).as("the escrow is never refunded")
                .isEqualTo(FastChain.POSTER_BALANCE - escrow - fees.get(Bytes32.of(CAROL.publicKey())));
        assertThat(scores.get(first).accuracy()).as("a trained model beats chance").isGreaterThan(0.2);
        assertThat(aliceEvents).anyMatch(event -> event instanceof MinerEvent.Won)
                .anyMatch(event -> event instanceof MinerEvent.Posted posted
                        && posted.kind().equals("final_model_reveal"));
    }

    /**
     * A node that refuses every opening of Alice's (as after a reorg changed its challenge: CHALLENGE_MISMATCH):
     * the refused opening holds up nothing after it, so her commit and reveal, signed at the nonce the refused one
     * would have taken, are still posted and mined in their windows.
     */
    @Test
    void aRefusedOpeningHoldsUpNeitherTheCommitNorTheReveal() {
        DigitTask digits = DigitTask.generate(400, 100, 5);
        node.holdDataset(digits.train());
        long escrow = 200 * TaskCost.ofBits(genesis.bits(), FastChain.TASKS).longValueExact();
        PayForTask pay = digits.payForTask(escrow, COMMIT_BY, REVEAL_BY, HELD_OUT_BY);
        Transaction post = Transaction.sign(CAROL, genesis.chainId(), 0, 1, new byte[0], pay);
        node.postTransaction(post.encode());
        Bytes32 taskId = post.id(genesis.chainId());
        List<MinerEvent> refusingEvents = new ArrayList<>();
        FollowingMiningLoop refused = new FollowingMiningLoop(new OpeningsRefused(node), "in-process", ALICE, clock,
                settings, refusingEvents::add);
        refused.start();
        bob.start();

        for (int turn = 0; turn < 3_000 && node.importer().tip().height() <= REVEAL_BY; turn++) {
            refused.turn();
            bob.turn();
            clock.advance(5_000);
        }

        assertThat(refusingEvents).as("Alice's openings were refused").anyMatch(event ->
                event instanceof MinerEvent.Refused refusal && refusal.what().equals("audit_open"));
        Bytes32 a = Bytes32.of(ALICE.publicKey());
        assertThat(node.importer().tip().state().workLog(taskId, a)).as("Alice mined on the task").isNotNull();
        List<Transaction> alices = branch().stream().flatMap(block -> block.transactions().stream())
                .filter(tx -> tx.sender().equals(a)).toList();
        assertThat(alices).noneMatch(tx -> tx.body() instanceof AuditOpen);
        assertThat(alices).anyMatch(tx -> tx.body() instanceof FinalModelCommit commit
                && commit.taskId().equals(taskId));
        assertThat(alices).as("Alice's reveal in the window")
                .anyMatch(tx -> tx.body() instanceof FinalModelReveal reveal && reveal.taskId().equals(taskId));
    }

    /**
     * Alice, mining alone, posts her commitment in the window's second half and then wins another block on the task,
     * which carries a fresh commitment at its nonce naming the end that block records. Bob mines a heavier branch on
     * the block's parent and the node reorganises: that commitment names an end the branch does not give her, so it
     * does not apply there and the pool drops it (docs/chain.md §4.4). Alice, following once, commits again to her end
     * on the branch; Bob's next block carries what the pool offers, and she can reveal. (Once, her loop left the stale
     * commitment in the pool: Bob's block carried it and her reveal was refused for ever.)
     */
    @Test
    void aCommitmentAnOrphanedBlockCarriedIsDroppedAndAliceCommitsAgain() {
        DigitTask digits = DigitTask.generate(400, 100, 5);
        node.holdDataset(digits.train());
        long escrow = 200 * TaskCost.ofBits(genesis.bits(), FastChain.TASKS).longValueExact();
        PayForTask pay = digits.payForTask(escrow, COMMIT_BY, REVEAL_BY, HELD_OUT_BY);
        Transaction post = Transaction.sign(CAROL, genesis.chainId(), 0, 1, new byte[0], pay);
        node.postTransaction(post.encode());
        Bytes32 taskId = post.id(genesis.chainId());
        Bytes32 a = Bytes32.of(ALICE.publicKey());
        // a window of eight blocks, so a commitment is still possible after Bob's two blocks
        FollowingMiningLoop alice = new FollowingMiningLoop(node, "in-process", ALICE, clock,
                settings.withCommitMarginBlocks(8), aliceEvents::add);
        alice.start();

        Block carrying = null;
        for (int turn = 0; turn < 3_000 && carrying == null; turn++) {
            alice.turn();
            clock.advance(5_000);
            BlockNode tip = node.importer().tip();
            Block block = tip.isGenesis() ? null : node.importer().block(tip.hash()).orElseThrow();
            if (block != null && block.transactions().stream().anyMatch(tx -> tx.sender().equals(a)
                    && tx.body() instanceof FinalModelCommit)) {
                carrying = block;
            }
        }
        assertThat(carrying).as("Alice's own block carrying her commitment").isNotNull();
        BlockNode parent = node.importer().node(carrying.header().parent()).orElseThrow();
        assertThat(parent.state().workLog(taskId, a)).as("Alice mined on the task before that block").isNotNull();

        ChainMiner other = new ChainMiner(BOB, List.of(digits.train(), DemoGenesis.data()), ThreadTeam.single());
        BlockNode first = mineAndImport(other, parent, List::of);
        BlockNode second = mineAndImport(other, first, List::of);
        assertThat(node.importer().tip().hash()).as("the node reorganised onto Bob's branch").isEqualTo(second.hash());
        assertThat(node.importer().mempool().pending()).as("the stale commitment does not apply on Bob's branch")
                .noneMatch(tx -> tx.sender().equals(a) && tx.body() instanceof FinalModelCommit);

        alice.follow();
        Bytes32 endOnBranch = node.importer().tip().state().workLog(taskId, a).segmentEnd();
        assertThat(node.importer().mempool().pending()).as("committed again, to her end on Bob's branch")
                .anyMatch(tx -> tx.sender().equals(a) && tx.body() instanceof FinalModelCommit commit
                        && commit.segmentEnd().equals(endOnBranch));
        mineAndImport(other, second, () -> new BlockAssembler(node.importer(), BOB).select(node.importer().mempool(),
                node.importer().tip()));
        assertThat(node.importer().tip().state().workLog(taskId, a).hasCommitted()).isTrue();

        for (int turn = 0; turn < 3_000 && node.importer().tip().height() <= REVEAL_BY; turn++) {
            alice.turn();
            clock.advance(5_000);
        }
        assertThat(branch().stream().flatMap(block -> block.transactions().stream()))
                .as("Alice's reveal, which the chain takes only if her commitment names her segment end")
                .anyMatch(tx -> tx.sender().equals(a) && tx.body() instanceof FinalModelReveal reveal
                        && reveal.taskId().equals(taskId));
    }

    /**
     * A two-deep reorg: Alice, mining alone, gets her commitment mined; then Bob's heavier branch forks below both
     * the block that recorded the end she committed to and the block that carried the commitment, and the node
     * follows it. Bob's next block is assembled from the node's pool before Alice has followed (a loaded miner reacts
     * late). Before, the commitment went back to the pool still valid, Bob's block carried it, and her work log on the
     * winning branch held a commitment to an end that branch does not have: she could never reveal (the loop said
     * "can not reveal … a reorg disconnected"). A commitment now names its segment end and applies only where that is
     * the sender's end (docs/chain.md §4.4), so the pool drops it on Bob's branch, nobody can mine it stale, and Alice
     * commits again to her end there and reveals.
     */
    @Test
    void aCommitmentATwoDeepReorgLeftIsNotMinedStaleAndAliceCommitsAgainAndReveals() {
        long commitBy = 30;
        long revealBy = 36;
        DigitTask digits = DigitTask.generate(400, 100, 5);
        node.holdDataset(digits.train());
        long escrow = 200 * TaskCost.ofBits(genesis.bits(), FastChain.TASKS).longValueExact();
        PayForTask pay = digits.payForTask(escrow, commitBy, revealBy, revealBy + 6);
        Transaction post = Transaction.sign(CAROL, genesis.chainId(), 0, 1, new byte[0], pay);
        node.postTransaction(post.encode());
        Bytes32 taskId = post.id(genesis.chainId());
        Bytes32 a = Bytes32.of(ALICE.publicKey());
        // a window of 16 blocks, so Alice commits early and can still commit again after Bob's branch
        FollowingMiningLoop alice = new FollowingMiningLoop(node, "in-process", ALICE, clock,
                settings.withCommitMarginBlocks(16), aliceEvents::add);
        alice.start();

        for (int turn = 0; turn < 3_000 && !committed(taskId, a); turn++) {
            alice.turn();
            clock.advance(5_000);
        }
        assertThat(committed(taskId, a)).as("Alice's commitment mined").isTrue();
        BlockNode tip = node.importer().tip();
        long carriedAt = carrierOfCommit(tip, a);
        long endAt = tip.state().workLog(taskId, a).lastBlock();
        long forkHeight = Math.min(Math.min(carriedAt, endAt) - 1, tip.height() - 2);
        BlockNode fork = tip.ancestorAt(forkHeight);
        assertThat(fork.state().workLog(taskId, a)).as("Alice mined on the task below the fork").isNotNull();
        assertThat(fork.state().workLog(taskId, a).segmentEnd()).as("her end below the fork is another")
                .isNotEqualTo(tip.state().workLog(taskId, a).segmentEnd());

        ChainMiner other = new ChainMiner(BOB, List.of(digits.train(), DemoGenesis.data()), ThreadTeam.single());
        BlockNode bobs = fork;
        for (int block = 0; block < 10 && !node.importer().tip().hash().equals(bobs.hash()); block++) {
            bobs = mineAndImport(other, bobs, List::of);
        }
        assertThat(node.importer().tip().hash()).as("the node reorganised onto Bob's branch").isEqualTo(bobs.hash());
        assertThat(tip.height() - forkHeight).as("blocks the reorg disconnected").isGreaterThanOrEqualTo(2);
        assertThat(node.importer().tip().state().workLog(taskId, a).hasCommitted()).isFalse();

        // Bob's next block, from what the node's pool offers, before Alice has looked
        BlockNode carried = mineAndImport(other, bobs, () -> new BlockAssembler(node.importer(), BOB)
                .select(node.importer().mempool(), node.importer().tip()));
        assertThat(carried.state().workLog(taskId, a).hasCommitted())
                .as("Bob's block carried no commitment of Alice's naming an end of the disconnected branch")
                .isFalse();

        for (int turn = 0; turn < 3_000 && node.importer().tip().height() <= revealBy; turn++) {
            alice.turn();
            clock.advance(5_000);
        }
        assertThat(branch().stream().flatMap(block -> block.transactions().stream()))
                .as("Alice's reveal, which the chain takes only if her commitment names her segment end")
                .anyMatch(tx -> tx.sender().equals(a) && tx.body() instanceof FinalModelReveal reveal
                        && reveal.taskId().equals(taskId));
    }

    private boolean committed(Bytes32 taskId, Bytes32 miner) {
        WorkLog log = node.importer().tip().state().workLog(taskId, miner);
        return log != null && log.hasCommitted();
    }

    /** The height of the block on {@code tip}'s branch that carries {@code miner}'s final-model commitment. */
    private long carrierOfCommit(BlockNode tip, Bytes32 miner) {
        for (long height = tip.height(); height >= 1; height--) {
            Block block = node.importer().block(tip.ancestorAt(height).hash()).orElseThrow();
            if (block.transactions().stream().anyMatch(tx -> tx.sender().equals(miner)
                    && tx.body() instanceof FinalModelCommit)) {
                return height;
            }
        }
        throw new AssertionError("no block carries the commitment");
    }

    /** Bob's block on {@code parent}, trained by {@code miner} outside any loop, imported by the node. */
    private BlockNode mineAndImport(ChainMiner miner, BlockNode parent,
                                    java.util.function.Supplier<List<Transaction>> body) {
        Block block = null;
        for (int tries = 0; tries < 1_000 && block == null; tries++) {
            block = miner.mine(node.importer(), parent, clock.millis() / 1_000, body, 20);
            clock.advance(1_000);
        }
        assertThat(block).as("Bob won a block on height %d", parent.height()).isNotNull();
        assertThat(node.postBlock(block.encode())).isEqualTo("imported");
        return node.importer().node(block.header().hash(genesis.chainId())).orElseThrow();
    }

    /** The node, refusing every {@code audit_open} it is offered. */
    private static final class OpeningsRefused extends PassingNodeLink {
        OpeningsRefused(InProcessNode node) {
            super(node);
        }

        @Override
        public void postTransaction(byte[] transaction) {
            if (Transaction.decode(transaction).body() instanceof AuditOpen) {
                throw new NodeRefusedException("CHALLENGE_MISMATCH", "refused by the test's node");
            }
            node.postTransaction(transaction);
        }
    }

    /** Orders participants as settlement does: more correct first, then the lower mean loss. */
    private record HeldOutRank(Map<Bytes32, Evaluation> scores) {
        int compare(Bytes32 x, Bytes32 y) {
            Evaluation ex = scores.get(x);
            Evaluation ey = scores.get(y);
            int byCorrect = Long.compare(ey.correct(), ex.correct());
            return byCorrect != 0 ? byCorrect : Double.compare(ex.meanLoss(), ey.meanLoss());
        }
    }

    private boolean settled(Bytes32 taskId) {
        TaskRecord task = node.importer().tip().state().task(taskId);
        return task != null && task.settled();
    }

    private List<Block> branch() {
        BlockNode tip = node.importer().tip();
        List<Block> blocks = new ArrayList<>();
        for (long height = 1; height <= tip.height(); height++) {
            blocks.add(node.importer().block(tip.ancestorAt(height).hash()).orElseThrow());
        }
        return blocks;
    }

    /** Every audit challenged at least two blocks before the tip has been opened. */
    private static void assertNoAuditLeftChallenged(BlockNode tip) {
        for (long height = 1; height <= tip.height(); height++) {
            PendingAudit audit = tip.state().audit(height);
            if (audit != null && audit.status() == PendingAudit.Status.CHALLENGED) {
                assertThat(height + 6 + 2).as("audit of block %d still unopened at %d", height, tip.height())
                        .isGreaterThan(tip.height());
            }
        }
    }
}
