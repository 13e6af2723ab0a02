package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.task.TaskScenario.FUNDS;
import static org.pouw.chain.task.TaskScenario.HELD_OUT;
import static org.pouw.chain.task.TaskScenario.STAKE;
import static org.pouw.chain.task.TaskScenario.SUBSIDY;
import static org.pouw.chain.task.TaskScenario.id;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.TxRefusal;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * docs/chain.md §4.4 end to end: two assigned miners train a posted task, commit and reveal their final models, the
 * poster reveals the held-out set and every node evaluates the models and splits the escrow by rank. The test ranks
 * the models itself with pouw-ml's evaluator and checks the split, the poster's nothing, and that no coin appeared
 * or vanished.
 */
class SettlementTest {
    private static final Ed25519.KeyPair POSTER = TaskScenario.key(10);
    private static final Ed25519.KeyPair ANNA = TaskScenario.key(11);
    private static final Ed25519.KeyPair BORIS = TaskScenario.key(12);
    private static final long ESCROW = 1_200;

    record Scored(Ed25519.KeyPair miner, long correct, double loss) {
    }

    @Test
    void theEscrowIsSplitByTheRankOfTheRevealedModelsOnTheHeldOutSet() {
        TaskScenario chain = new TaskScenario(POSTER, ANNA, BORIS);
        chain.stake(ANNA, BORIS);
        Bytes32 task = chain.post(POSTER, TaskScenario.task(ESCROW, 12, 16, 20));
        for (int i = 0; i < 9; i++) {
            chain.block(i % 3 == 0 ? BORIS : ANNA, task);
        }
        chain.block(BORIS, task, chain.tx(ANNA, chain.commit(ANNA, task)));
        chain.block(ANNA, chain.filler(), chain.tx(BORIS, chain.commit(BORIS, task)));
        chain.fillUntil(ANNA, 13);
        chain.block(ANNA, chain.filler(), chain.tx(ANNA, chain.reveal(ANNA, task)),
                chain.tx(BORIS, chain.reveal(BORIS, task)));
        chain.fillUntil(BORIS, 17);
        assertThat(chain.state.workLog(task, id(ANNA)).hasRevealed()).isTrue();

        List<Scored> expected = new ArrayList<>();
        for (Ed25519.KeyPair miner : List.of(ANNA, BORIS)) {
            TrainingState model = TrainingState.decode(chain.spec(task), chain.model(miner, task));
            Evaluation evaluation = Evaluator.evaluate(model.network(), HELD_OUT, Loss.SOFTMAX_CROSS_ENTROPY,
                    ThreadTeam.single());
            expected.add(new Scored(miner, evaluation.correct(), evaluation.meanLoss()));
        }
        expected.sort(Comparator.comparingLong(Scored::correct).reversed().thenComparingDouble(Scored::loss));
        long annaBefore = chain.state.account(id(ANNA)).balance();
        long borisBefore = chain.state.account(id(BORIS)).balance();
        long posterBefore = chain.state.account(id(POSTER)).balance();

        chain.block(ANNA, chain.filler(), chain.tx(POSTER, TaskScenario.heldOut(task)));

        long annaGot = chain.state.account(id(ANNA)).balance() - annaBefore - SUBSIDY - 1;
        long borisGot = chain.state.account(id(BORIS)).balance() - borisBefore;
        long first = ESCROW * 40 / 60 + (ESCROW - ESCROW * 40 / 60 - ESCROW * 20 / 60);
        long second = ESCROW * 20 / 60;
        if (expected.get(0).miner() == ANNA) {
            assertThat(List.of(annaGot, borisGot)).containsExactly(first, second);
        } else {
            assertThat(List.of(borisGot, annaGot)).containsExactly(first, second);
        }
        assertThat(chain.state.account(id(POSTER)).balance()).as("the poster pays the fee, gets nothing back")
                .isEqualTo(posterBefore - 1);
        assertThat(chain.state.task(task).settled()).isTrue();
        assertThat(chain.state.workLog(task, id(ANNA)).hasRevealed()).as("models dropped once settled").isFalse();
        assertThat(chain.coins(List.of(POSTER, ANNA, BORIS), List.of(task)))
                .isEqualTo(3 * FUNDS + 2 * STAKE + chain.height * SUBSIDY);

        // Settled is settled: the held-out set a second time, or a late model, changes nothing.
        assertThat(chain.apply(chain.tx(POSTER, TaskScenario.heldOut(task))).refusal())
                .isEqualTo(TxRefusal.TASK_SETTLED);
    }
}
