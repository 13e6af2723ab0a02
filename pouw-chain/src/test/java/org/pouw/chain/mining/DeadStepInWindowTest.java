package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * An honest segment may hold a step below θ_g: whether a step's gradient reaches it depends on the batch its tip
 * draws, and the miner trains on through such a step (it can not win). Seen in {@code ChainMiningIT}: an honest miner's
 * opening failed its audit on a window step refused {@code GRADIENT_DEAD} and the miner was slashed, so both miners
 * lost their stake and the chain stopped. A window is held to the bit-exact replay and to the checks honest training
 * never meets, not to θ_g and θ_p (docs/chain.md §5.2); a winning step still is.
 */
class DeadStepInWindowTest {
    /** Records whose features are all zero: the first layer's gradient is zero, every hidden unit inactive. */
    private final Dataset blank = Dataset.of(new float[64][16], labels(64), 4);
    private final TrainingTask task = MiningFixtures.task(new MlpArchitecture(16, List.of(32, 16), Activation.RELU,
            0f, 4), new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 16, blank, 10_000);

    private static int[] labels(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
        }
        return labels;
    }

    @Test
    void aWindowOfHonestStepsBelowThetaGStandsButSuchAStepCanNotWin() {
        TrainingState state = TrainingState.initial(task);
        byte[] start = state.encode();
        List<MinedStep> steps = new ArrayList<>();
        List<OpenedBatch> batches = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            TipKeyedStep step = TipKeyedStep.take(task, blank, state, MINER, TIP, TICKETS, TEAM);
            steps.add(step.mined());
            batches.add(OpenedBatch.open(blank, TipKeyedBatch.draw(task.seed(), MINER, TIP, t, blank.size(),
                    task.hyperparameters().batchSize())));
        }
        StepReplay replay = MiningFixtures.replay(task, blank);

        assertThat(replay.check(start, MINER, TIP, steps.getFirst()).refusal()).as("as a winner")
                .isEqualTo(StepRefusal.GRADIENT_DEAD);
        assertThat(replay.checkWindow(start, MINER, steps, batches).accepted()).as("as an audit window").isTrue();
    }

    @Test
    void aWindowStillFailsOnAForgedTicketCountAfterADeadStep() {
        TrainingState state = TrainingState.initial(task);
        byte[] start = state.encode();
        List<MinedStep> steps = new ArrayList<>();
        List<OpenedBatch> batches = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            steps.add(TipKeyedStep.take(task, blank, state, MINER, TIP, TICKETS, TEAM).mined());
            batches.add(OpenedBatch.open(blank, TipKeyedBatch.draw(task.seed(), MINER, TIP, t, blank.size(),
                    task.hyperparameters().batchSize())));
        }
        MinedStep honest = steps.get(1);
        steps.set(1, new MinedStep(honest.step(), honest.stateBefore(), honest.batchHash(), honest.stateAfter(),
                honest.tip(), honest.tickets() + 1));

        WindowVerdict verdict = MiningFixtures.replay(task, blank).checkWindow(start, MINER, steps, batches);

        assertThat(verdict.failedStep()).isEqualTo(1);
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.TICKET_COUNT_MISMATCH);
    }
}
