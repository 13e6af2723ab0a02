package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;

/** Honest training of each architecture is live at every step, and its every step replays as accepted (§3.3). */
class HonestTrainingIsLiveTest {
    private static final int STEPS = 150;

    @Test
    void everyHonestMlpStepIsLiveAndReplays() {
        Dataset data = MiningFixtures.blobs(512, 16, 4, 0.4, 3);
        checkEveryStep(MiningFixtures.mlp(data), data);
    }

    @Test
    void everyHonestCnnStepIsLiveAndReplays() {
        Dataset data = MiningFixtures.bars(512, 5);
        checkEveryStep(MiningFixtures.cnn(data), data);
    }

    private static void checkEveryStep(TrainingTask task, Dataset data) {
        TrainingState state = TrainingState.initial(task);
        StepReplay replay = MiningFixtures.replay(task, data);
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        for (int t = 0; t < STEPS; t++) {
            byte[] start = state.encode();
            TipKeyedStep step = TipKeyedStep.take(task, data, state, MINER, TIP, TICKETS, TEAM);
            assertThat(LivenessRule.DEFAULT.check(step.vitals())).as("step %d: %s", t, step.vitals()).isNull();
            assertThat(step.mined().tickets()).as("step %d", t).isPositive();
            if (t % 10 == 0) {
                StepVerdict verdict = replay.check(start, MINER, TIP, step.mined());
                assertThat(verdict.refusal()).as("step %d", t).isNull();
                assertThat(verdict.replay().mined()).isEqualTo(step.mined());
            }
            firstLoss = t == 0 ? step.loss() : firstLoss;
            lastLoss = step.loss();
        }
        assertThat(lastLoss).as("training on tip-keyed batches still learns").isLessThan(firstLoss);
    }
}
