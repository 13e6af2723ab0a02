package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.CHAIN;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * A task that stops learning (docs/chain.md §3.3, "Tasks that stop learning"): here an honest trajectory that has
 * converged — the blobs are separated, the loss underflows, and the step no longer changes the parameters — as the
 * CIFAR-shaped CNN's trajectory died (its ReLU units inactive for every record). Such a step is work whose result is
 * known without doing it, so it wins nothing even at the easiest target; and the honest miner is not punished for
 * training through it: its audit window of such steps stands.
 */
class StoppedLearningTest {
    private static final BigInteger EVERY_TICKET = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private final Dataset data = MiningFixtures.blobs(256, 32, 4, 0.4, 3);
    private final TrainingTask task = MiningFixtures.task(new MlpArchitecture(32, List.of(64), Activation.RELU, 0f, 4),
            new SgdMomentum(1.0f, 0.9f), 16, data, 10_000);

    @Test
    void aTrajectoryThatStoppedLearningWinsNothingEvenWhenEveryTicketWouldWin() {
        TrainingState converged = MiningFixtures.trained(task, data, 260);
        byte[] start = converged.encode();
        ChainTrainer trainer = new ChainTrainer(task, data, converged, MINER, TICKETS, LivenessRule.DEFAULT, TEAM);

        assertThat(trainer.mine(CHAIN, TIP, EVERY_TICKET, 30)).as("a winning block").isNull();
        assertThat(trainer.stepsTaken()).isEqualTo(30);
        assertThat(trainer.ticketsDrawn()).as("the steps still count their products").isPositive();

        MinedStep claim = MiningFixtures.claim(task, data, start, TIP);
        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, claim);
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.PARAMETERS_FROZEN);
        assertThat(verdict.replay().vitals().parametersChanged())
                .isLessThan(LivenessRule.DEFAULT.minParametersChanged() / 10);
    }

    @Test
    void theHonestMinersAuditWindowThroughTheStoppedStepsStands() {
        TrainingState state = MiningFixtures.trained(task, data, 260);
        byte[] start = state.encode();
        List<MinedStep> steps = new ArrayList<>();
        List<OpenedBatch> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t = state.stepsDone();
            steps.add(TipKeyedStep.take(task, data, state, MINER, TIP, TICKETS, TEAM).mined());
            batches.add(OpenedBatch.open(data, TipKeyedBatch.draw(task.seed(), MINER, TIP, t, data.size(),
                    task.hyperparameters().batchSize())));
        }

        assertThat(MiningFixtures.replay(task, data).checkWindow(start, MINER, steps, batches).accepted()).isTrue();
    }
}
