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
import org.pouw.chain.state.WorkLog;
import org.pouw.chain.task.TaskCost;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * A miner's commit is due once its window is open, even while the miner's own block is the tip (issue 19, seen in
 * {@code ChainMiningIT}: a starved miner whose own block stayed the tip waited for it to be buried, and its commit came
 * a block after the window, {@code OUTSIDE_WINDOW}). Alice mines alone until the window opens on her own block; she
 * then looks at the tip once and gets no further turn — Bob mines every block to the deadline on what the node's pool
 * offers. Her commitment must be in the pool after that one look, and on the chain by the deadline.
 */
class CommitDueInWindowTest {
    private static final long T0 = 1_767_225_600;
    private static final Ed25519.KeyPair ALICE = FastChain.key(1);
    private static final Ed25519.KeyPair BOB = FastChain.key(2);
    private static final Ed25519.KeyPair CAROL = FastChain.key(3);
    private static final Bytes32 A = Bytes32.of(ALICE.publicKey());
    private static final long COMMIT_BY = 20;
    private static final long MARGIN = 8;

    private final SettableClock clock = new SettableClock((T0 + 600) * 1_000);
    private final ChainGenesis genesis = FastChain.genesis(T0, 60, 3_600, 247, ALICE, BOB, CAROL);
    private final InProcessNode node = new InProcessNode(genesis, clock);
    private final DigitTask digits = DigitTask.generate(400, 100, 5);
    private final ChainMiner bob = new ChainMiner(BOB, List.of(digits.train(), DemoGenesis.data()),
            ThreadTeam.single());

    @Test
    void aCommitIsPostedWhenTheWindowOpensOnTheMinersOwnBlockAndMinedBeforeItsEnd() {
        Bytes32 taskId = post();
        List<MinerEvent> events = new ArrayList<>();
        FollowingMiningLoop alice = new FollowingMiningLoop(node, "in-process", ALICE, clock,
                MiningSettings.DEFAULTS.withPollMs(10).withCommitMarginBlocks(MARGIN), events::add);
        alice.start();
        long opens = COMMIT_BY - MARGIN;
        // until the block her next look would build on is in the window, on a tip that is her own block on the task
        for (int turn = 0; turn < 3_000 && !(nextHeight() >= opens && ownBlockIsTheTip(taskId))
                && nextHeight() < COMMIT_BY - MARGIN / 2; turn++) {
            alice.turn();
            clock.advance(5_000);
        }
        assertThat(nextHeight()).as("the next block is in the window's first half")
                .isBetween(opens, COMMIT_BY - MARGIN / 2 - 1);
        assertThat(ownBlockIsTheTip(taskId)).as("Alice's own block on the task is the tip").isTrue();
        assertThat(node.importer().tip().state().workLog(taskId, A).hasCommitted()).isFalse();

        alice.follow();

        assertThat(node.importer().mempool().pending()).as("Alice's commitment, posted on her one look")
                .anyMatch(tx -> tx.sender().equals(A) && tx.body() instanceof FinalModelCommit commit
                        && commit.taskId().equals(taskId));
        while (node.importer().tip().height() < COMMIT_BY) {
            bobMinesOnTheTip();
        }
        WorkLog log = node.importer().tip().state().workLog(taskId, A);
        assertThat(log.hasCommitted()).as("Alice committed by the deadline, with no turn after her look").isTrue();
        assertThat(log.committedAt()).isLessThanOrEqualTo(COMMIT_BY);
    }

    private long nextHeight() {
        return node.importer().tip().height() + 1;
    }

    private boolean ownBlockIsTheTip(Bytes32 taskId) {
        BlockNode tip = node.importer().tip();
        WorkLog log = tip.state().workLog(taskId, A);
        return log != null && log.lastBlock() == tip.height();
    }

    private Bytes32 post() {
        node.holdDataset(digits.train());
        long escrow = 200 * TaskCost.ofBits(genesis.bits(), FastChain.TASKS).longValueExact();
        PayForTask pay = digits.payForTask(escrow, COMMIT_BY, COMMIT_BY + 4, COMMIT_BY + 10);
        Transaction post = Transaction.sign(CAROL, genesis.chainId(), 0, 1, new byte[0], pay);
        node.postTransaction(post.encode());
        return post.id(genesis.chainId());
    }

    /** Bob's block on the node's tip carrying what the node's pool offers, imported by the node. */
    private void bobMinesOnTheTip() {
        BlockNode tip = node.importer().tip();
        Block block = null;
        for (int tries = 0; tries < 1_000 && block == null; tries++) {
            block = bob.mine(node.importer(), tip, clock.millis() / 1_000,
                    () -> new BlockAssembler(node.importer(), BOB).select(node.importer().mempool(), tip), 20);
            clock.advance(1_000);
        }
        assertThat(block).as("Bob won a block on height %d", tip.height()).isNotNull();
        assertThat(node.postBlock(block.encode())).isEqualTo("imported");
    }
}
