package org.pouw.cli.mine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.importing.BlockAssembler;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.WorkLog;
import org.pouw.chain.task.TaskCost;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * A miner's round of audit openings while the chain moves under it (issue 19, seen in {@code ChainMiningIT}: each
 * opening took about a second on the node while blocks came every 30–300 ms). The node is in this process; the chain
 * moves only inside the test's link, while an opening is being sent — Bob's blocks, mined outside any loop — so the
 * loop meets a moved tip exactly where it would on a real machine and nowhere else, whatever the machine's load.
 * Alice first mines alone with her openings refused, so challenged audits pile up as they did behind slow openings.
 */
class OpeningRoundTipTest {
    private static final long T0 = 1_767_225_600;
    private static final Ed25519.KeyPair ALICE = FastChain.key(1);
    private static final Ed25519.KeyPair BOB = FastChain.key(2);
    private static final Ed25519.KeyPair CAROL = FastChain.key(3);
    private static final Bytes32 A = Bytes32.of(ALICE.publicKey());

    private final SettableClock clock = new SettableClock((T0 + 600) * 1_000);
    private final ChainGenesis genesis = FastChain.genesis(T0, 60, 3_600, 247, ALICE, BOB, CAROL);
    private final InProcessNode node = new InProcessNode(genesis, clock);
    private final DigitTask digits = DigitTask.generate(400, 100, 5);
    private final ChainMiner bob = new ChainMiner(BOB, List.of(digits.train(), DemoGenesis.data()),
            ThreadTeam.single());
    private final MiningSettings settings = MiningSettings.DEFAULTS.withPollMs(10);

    /**
     * Alice has committed and holds a queue of challenged audits; the reveal window is four blocks and each opening
     * she sends takes three blocks. Her reveal is posted as soon as the window opens, between two openings, and mined
     * in the window. (Before, the round signed and sent four openings without looking at the tip: twelve blocks went
     * by, and the next look found the window closed.)
     */
    @Test
    void aRevealDueDuringARoundOfOpeningsIsSentBetweenThemAndMinedInItsWindow() {
        long commitBy = 20;
        long revealBy = 24;
        Bytes32 taskId = post(commitBy, revealBy);
        SlowOpenings link = new SlowOpenings(3);
        List<MinerEvent> events = new ArrayList<>();
        FollowingMiningLoop alice = new FollowingMiningLoop(link, "in-process", ALICE, clock,
                settings.withCommitMarginBlocks(8), events::add);
        alice.start();
        for (int turn = 0; turn < 3_000 && !committed(taskId); turn++) {
            alice.turn();
            clock.advance(5_000);
        }
        BlockNode start = node.importer().tip();
        assertThat(committed(taskId)).as("Alice's commitment mined").isTrue();
        assertThat(start.height() + 1).as("the reveal is not due yet").isLessThanOrEqualTo(commitBy);
        assertThat(new Audits(start).challengedOf(A)).as("Alice's challenged audits, a queue")
                .hasSizeGreaterThanOrEqualTo(4);

        link.slow = true;
        for (int turn = 0; turn < 3_000 && node.importer().tip().height() <= revealBy; turn++) {
            alice.turn();
            clock.advance(5_000);
        }

        assertThat(link.openingsSent).as("openings sent while the chain moved").isGreaterThanOrEqualTo(2);
        assertThat(branchTransactions()).as("Alice's reveal, mined in its window")
                .anyMatch(tx -> tx.sender().equals(A) && tx.body() instanceof FinalModelReveal reveal
                        && reveal.taskId().equals(taskId));
    }

    /**
     * While Alice sends her first opening of a round, Bob's heavier branch replaces the challenge block of her next
     * challenged audit, and the node follows it. Alice sends no opening for the replaced challenge (before, the round's
     * openings were all built at its start, and the next went out to be refused {@code CHALLENGE_MISMATCH}); she
     * opens that audit for the challenge that stands on Bob's branch.
     */
    @Test
    void noOpeningIsSentForAChallengeAReorgReplacedAndTheNewChallengeIsOpened() {
        post(60, 70);
        ReorgOnFirstOpening link = new ReorgOnFirstOpening();
        List<MinerEvent> events = new ArrayList<>();
        FollowingMiningLoop alice = new FollowingMiningLoop(link, "in-process", ALICE, clock, settings, events::add);
        alice.start();
        for (int turn = 0; turn < 3_000 && new Audits(node.importer().tip()).challengedOf(A).size() < 4;
                turn++) {
            alice.turn();
            clock.advance(5_000);
        }
        assertThat(new Audits(node.importer().tip()).challengedOf(A)).hasSizeGreaterThanOrEqualTo(4);

        link.armed = true;
        int armedAt = events.size();
        for (int turn = 0; turn < 200 && (link.replaced == null || !link.newChallengeAnswered); turn++) {
            alice.turn();
            clock.advance(5_000);
        }

        assertThat(link.replaced).as("a challenge Bob's branch replaced").isNotNull();
        assertThat(link.stale).as("openings sent for a challenge that no longer stood at the node's tip").isEmpty();
        assertThat(events.subList(armedAt, events.size())).as("Alice's openings the node refused")
                .noneMatch(event -> event instanceof MinerEvent.Refused refusal && refusal.what().equals("audit_open"));
        assertThat(link.newChallengeAnswered).as("the audit opened for the challenge on Bob's branch").isTrue();
    }

    private Bytes32 post(long commitBy, long revealBy) {
        node.holdDataset(digits.train());
        long escrow = 200 * TaskCost.ofBits(genesis.bits(), FastChain.TASKS).longValueExact();
        PayForTask pay = digits.payForTask(escrow, commitBy, revealBy, revealBy + 6);
        Transaction post = Transaction.sign(CAROL, genesis.chainId(), 0, 1, new byte[0], pay);
        node.postTransaction(post.encode());
        return post.id(genesis.chainId());
    }

    private boolean committed(Bytes32 taskId) {
        WorkLog log = node.importer().tip().state().workLog(taskId, A);
        return log != null && log.hasCommitted();
    }

    private List<Transaction> branchTransactions() {
        BlockNode tip = node.importer().tip();
        List<Transaction> txs = new ArrayList<>();
        for (long height = 1; height <= tip.height(); height++) {
            txs.addAll(node.importer().block(tip.ancestorAt(height).hash()).orElseThrow().transactions());
        }
        return txs;
    }

    /** Bob's block on the node's tip carrying what the node's pool offers, imported by the node. */
    private BlockNode bobMinesOnTheTip() {
        BlockNode tip = node.importer().tip();
        return bobMines(tip, () -> new BlockAssembler(node.importer(), BOB).select(node.importer().mempool(), tip));
    }

    /** Bob's block on {@code parent} with {@code body}, imported by the node. */
    private BlockNode bobMines(BlockNode parent, java.util.function.Supplier<List<Transaction>> body) {
        Block block = null;
        for (int tries = 0; tries < 1_000 && block == null; tries++) {
            block = bob.mine(node.importer(), parent, clock.millis() / 1_000, body, 20);
            clock.advance(1_000);
        }
        assertThat(block).as("Bob won a block on height %d", parent.height()).isNotNull();
        node.postBlock(block.encode());
        return node.importer().node(block.header().hash(genesis.chainId())).orElseThrow();
    }

    /** The audits standing at a tip. */
    private record Audits(BlockNode tip) {
        List<PendingAudit> challengedOf(Bytes32 miner) {
            List<PendingAudit> audits = new ArrayList<>();
            for (long height = 1; height <= tip.height(); height++) {
                PendingAudit audit = tip.state().audit(height);
                if (audit != null && audit.miner().equals(miner)
                        && audit.status() == PendingAudit.Status.CHALLENGED) {
                    audits.add(audit);
                }
            }
            return audits;
        }
    }

    /** The node, passing everything on; openings are refused until {@link #slow}, then each takes blocks of Bob's. */
    private final class SlowOpenings extends PassingNodeLink {
        private final int blocksPerOpening;
        boolean slow;
        int openingsSent;

        SlowOpenings(int blocksPerOpening) {
            super(OpeningRoundTipTest.this.node);
            this.blocksPerOpening = blocksPerOpening;
        }

        @Override
        public void postTransaction(byte[] transaction) {
            if (Transaction.decode(transaction).body() instanceof AuditOpen) {
                if (!slow) {
                    throw new NodeRefusedException("MEMPOOL_FULL", "refused by the test's node until the round");
                }
                for (int block = 0; block < blocksPerOpening; block++) {
                    bobMinesOnTheTip();
                }
                openingsSent++;
            }
            node.postTransaction(transaction);
        }
    }

    /**
     * The node, passing everything on; openings are refused until {@link #armed}; then, after the first opening it
     * passes on, Bob's heavier branch replaces the challenge block of Alice's next challenged audit. Every opening
     * passed on is checked against the challenge standing at the node's tip at that moment.
     */
    private final class ReorgOnFirstOpening extends PassingNodeLink {
        boolean armed;
        PendingAudit replaced;
        boolean newChallengeAnswered;
        final List<String> stale = new ArrayList<>();

        ReorgOnFirstOpening() {
            super(OpeningRoundTipTest.this.node);
        }

        @Override
        public void postTransaction(byte[] transaction) {
            Transaction tx = Transaction.decode(transaction);
            if (!(tx.body() instanceof AuditOpen open)) {
                node.postTransaction(transaction);
                return;
            }
            if (!armed) {
                throw new NodeRefusedException("MEMPOOL_FULL", "refused by the test's node until the round");
            }
            PendingAudit standing = node.importer().tip().state().audit(open.auditedHeight());
            if (standing == null || !standing.miner().equals(A) || !standing.seed().equals(open.challenge())) {
                stale.add("audit of block " + open.auditedHeight() + " answering " + open.challenge().hex());
            }
            if (replaced != null && open.auditedHeight() == replaced.height() && standing != null
                    && standing.seed().equals(open.challenge())) {
                newChallengeAnswered = true;
            }
            node.postTransaction(transaction);
            if (replaced == null) {
                reorgBelowTheNextChallenge(open.auditedHeight());
            }
        }

        private void reorgBelowTheNextChallenge(long opened) {
            BlockNode tip = node.importer().tip();
            PendingAudit next = new Audits(tip).challengedOf(A).stream()
                    .filter(audit -> audit.height() > opened).findFirst().orElseThrow();
            long challengeHeight = next.height() + genesis.audit().challengeDelay();
            BlockNode branch = tip.ancestorAt(challengeHeight - 1);
            for (int block = 0; block < 40 && !node.importer().tip().hash().equals(branch.hash()); block++) {
                branch = bobMines(branch, List::of);
            }
            assertThat(node.importer().tip().hash()).as("the node follows Bob's branch").isEqualTo(branch.hash());
            PendingAudit now = node.importer().tip().state().audit(next.height());
            assertThat(now.seed()).as("the challenge of block %d, replaced", next.height()).isNotEqualTo(next.seed());
            replaced = next;
        }
    }
}
