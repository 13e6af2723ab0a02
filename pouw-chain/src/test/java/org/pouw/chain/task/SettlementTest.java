package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.task.TaskScenario.FUNDS;
import static org.pouw.chain.task.TaskScenario.HELD_OUT;
import static org.pouw.chain.task.TaskScenario.STAKE;
import static org.pouw.chain.task.TaskScenario.SUBSIDY;
import static org.pouw.chain.task.TaskScenario.id;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.SettlementReport;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.tx.PayForTask;
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
        Bytes32 task = trainedCommittedAndRevealed(chain);

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

    /**
     * The report a node rebuilds after the state dropped the models — from the revealed encodings, the commitment
     * indices the work logs keep and the records of the {@code reveal_heldout} — names the same ranks and amounts the
     * state machine paid, and its scores are the evaluator's on the held-out set.
     */
    @Test
    void theReportRebuiltFromTheRevealsIsWhatTheStateMachinePaid() {
        TaskScenario chain = new TaskScenario(POSTER, ANNA, BORIS);
        Bytes32 task = trainedCommittedAndRevealed(chain);
        List<SettlementReport.RevealedModel> revealed = new ArrayList<>();
        for (Ed25519.KeyPair miner : List.of(BORIS, ANNA)) {
            revealed.add(new SettlementReport.RevealedModel(id(miner),
                    chain.state.workLog(task, id(miner)).commitIndex(), chain.model(miner, task)));
        }
        Map<Bytes32, Long> before = new HashMap<>();
        for (Ed25519.KeyPair miner : List.of(ANNA, BORIS)) {
            before.put(id(miner), chain.state.account(id(miner)).balance());
        }

        chain.block(ANNA, chain.filler(), chain.tx(POSTER, TaskScenario.heldOut(task)));
        assertThat(chain.state.task(task).settled()).isTrue();
        PayForTask spec = chain.state.task(task).spec();
        SettlementReport report = SettlementReport.byHeldOut(spec, spec.escrow(), revealed,
                SettlementReport.heldOutSet(spec, TaskScenario.heldOut(task).records()), TaskScenario.PARAMETERS);

        assertThat(report.ranking()).hasSize(2);
        assertThat(report.burnt()).isZero();
        assertThat(report.ranking()).extracting(SettlementReport.Ranked::rank).containsExactly(1, 2);
        assertThat(report.ranking().stream().mapToLong(SettlementReport.Ranked::amount).sum()).isEqualTo(ESCROW);
        for (SettlementReport.Ranked ranked : report.ranking()) {
            long reward = ranked.miner().equals(id(ANNA)) ? SUBSIDY + 1 : 0;
            assertThat(chain.state.account(ranked.miner()).balance() - before.get(ranked.miner()) - reward)
                    .as("rank %d paid", ranked.rank()).isEqualTo(ranked.amount());
            Ed25519.KeyPair miner = ranked.miner().equals(id(ANNA)) ? ANNA : BORIS;
            Evaluation evaluation = Evaluator.evaluate(TrainingState.decode(spec.task(), chain.model(miner, task))
                    .network(), HELD_OUT, Loss.SOFTMAX_CROSS_ENTROPY, ThreadTeam.single());
            assertThat(ranked.evaluation()).isEqualTo(evaluation);
        }
        SettlementReport.Ranked best = report.ranking().get(0);
        SettlementReport.Ranked second = report.ranking().get(1);
        assertThat(best.evaluation().correct()).isGreaterThanOrEqualTo(second.evaluation().correct());
        assertThat(best.amount()).isGreaterThan(second.amount());
    }

    /** Two assigned miners train the task, commit and reveal; the held-out window is open at the next block. */
    private static Bytes32 trainedCommittedAndRevealed(TaskScenario chain) {
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
        return task;
    }
}
