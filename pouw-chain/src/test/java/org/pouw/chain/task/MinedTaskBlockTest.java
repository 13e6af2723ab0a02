package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.task.TaskScenario.BITS;
import static org.pouw.chain.task.TaskScenario.CHAIN;
import static org.pouw.chain.task.TaskScenario.TICKETS;
import static org.pouw.chain.task.TaskScenario.TRAINING;
import static org.pouw.chain.task.TaskScenario.id;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockDefect;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.BlockOutcome;
import org.pouw.chain.block.HeaderRules;
import org.pouw.chain.block.MinedWork;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.OpenedBatch;
import org.pouw.chain.mining.StepReplay;
import org.pouw.chain.mining.TipKeyedBatch;
import org.pouw.chain.mining.WinnerOpening;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * A block mined on a posted task by real training passes every check a validator runs, in the order an importer runs
 * them (docs/chain.md §7): the header's cheap checks, the replay of the winning step on the task the state holds for
 * the header's task id, and the body with the task hooks — assignment, budget, segment chain — reaching the header's
 * state root. The same signed work named as another task is refused.
 */
class MinedTaskBlockTest {
    private static final Ed25519.KeyPair POSTER = TaskScenario.key(95);
    private static final Ed25519.KeyPair MINER = TaskScenario.key(96);
    private static final Bytes32 GENESIS_HASH = Bytes32.fromHex("9e".repeat(32));

    @Test
    void aBlockMinedOnAPostedTaskPassesHeaderReplayAndBody() {
        TaskScenario chain = new TaskScenario(POSTER, MINER);
        chain.stake(MINER);
        Bytes32 task = chain.post(POSTER, TaskScenario.task(1_000, 12, 16, 20));
        TrainingTask spec = chain.state.task(task).spec().task();
        ChainTrainer trainer = new ChainTrainer(spec, TRAINING, TrainingState.initial(spec), id(MINER), TICKETS,
                LivenessRule.DEFAULT, ThreadTeam.single());
        ChainTrainer.Win win = trainer.mine(CHAIN, GENESIS_HASH, CompactTarget.decode(BITS), 20);
        assertThat(win).isNotNull();
        MinedStep winner = win.step().mined();
        MiningProof proof = new MiningProof(Bytes32.of(MerkleTree.ofLeafHashes(
                new byte[][] {winner.leafHash().toArray()}).root()), 1, winner.stateBefore(), winner, List.of(),
                win.j());
        List<Transaction> body = List.of();
        BlockOutcome built = chain.blocks.execute(chain.state, id(MINER), 1, new MinedWork(task, proof, BITS), body);
        assertThat(built.isValid()).as(built.detail()).isTrue();
        BlockHeader header = BlockHeader.sign(MINER, CHAIN, 1, GENESIS_HASH, 1_000, BITS,
                Block.transactionsRoot(body), built.stateRoot(), task, proof);

        // The validator: header, then replay on the state's task for the header's id, then the body.
        assertThat(new HeaderRules(CHAIN, TICKETS.maxTicketsPerStep()).check(header, GENESIS_HASH, 0, BITS)).isNull();
        TrainingTask named = chain.tasks.taskFor(chain.state, header.taskId(), header.height()).task();
        assertThat(new StepReplay(named, TRAINING, TICKETS, LivenessRule.DEFAULT, ThreadTeam.single())
                .check(win.startState(), header.miner(), header.parent(), header.proof().winner()).refusal())
                .isNull();
        int[] batch = TipKeyedBatch.draw(named.seed(), header.miner(), header.parent(), winner.step(), TRAINING.size(),
                named.hyperparameters().batchSize());
        WinnerOpening opening = new WinnerOpening(win.startState(), OpenedBatch.open(TRAINING, batch));
        BlockOutcome applied = chain.blocks.apply(chain.state, new Block(header, opening, body));
        assertThat(applied.isValid()).as(applied.detail()).isTrue();
        assertThat(applied.stateRoot()).isEqualTo(header.stateRoot());
        assertThat(applied.state().task(task).budget()).isEqualTo(1_000 - TaskScenario.BLOCK_COST);
        assertThat(applied.state().workLog(task, id(MINER)).segmentEnd()).isEqualTo(winner.stateAfter());

        // The same work signed as a block on another task (the epoch's filler) is refused by the task hook.
        Bytes32 filler = chain.filler();
        BlockHeader elsewhere = BlockHeader.sign(MINER, CHAIN, 1, GENESIS_HASH, 1_000, BITS,
                Block.transactionsRoot(body), built.stateRoot(), filler, proof);
        assertThat(chain.blocks.apply(chain.state, new Block(elsewhere, opening, body)).defect())
                .isEqualTo(BlockDefect.TASK_NOT_ASSIGNED);
    }
}
