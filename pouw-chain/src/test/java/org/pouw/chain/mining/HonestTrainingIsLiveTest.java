package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.SgdMomentum;
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

    /**
     * A CIFAR-shaped residual stack (32 × 32 × 3 colour records, normalised per channel as CIFAR training does):
     * strided convolution, batch norm, a residual block, pooling and a dense layer, every step live.
     */
    @Test
    void everyHonestCifarShapedStackStepIsLiveAndReplays() {
        Dataset data = cifarShaped(256, 8);
        StackArchitecture stack = new StackArchitecture(32, 32, 3, List.of(new LayerSpec.Conv(4, 3, 2, 1),
                new LayerSpec.BatchNorm(), new LayerSpec.Act(Activation.RELU),
                new LayerSpec.Residual(List.of(new LayerSpec.Conv(4, 3, 1, 1), new LayerSpec.BatchNorm()), List.of()),
                new LayerSpec.Act(Activation.RELU), new LayerSpec.MaxPool(4), new LayerSpec.Dense(3)));
        checkEveryStep(MiningFixtures.task(stack, new SgdMomentum(0.01f, 0.9f), 8, data, 10_000), data);
    }

    /** Three classes of colour images: a class colour per channel and pixel noise, each channel near mean 0, sd 1. */
    private static Dataset cifarShaped(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] colours = {{0.8f, 0.2f, 0.3f}, {0.2f, 0.7f, 0.4f}, {0.3f, 0.3f, 0.8f}};
        float[][] x = new float[n][32 * 32 * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(3);
            for (int j = 0; j < x[i].length; j++) {
                double value = colours[y[i]][j % 3] + 0.3 * random.nextGaussian();
                x[i][j] = (float) ((value - 0.45) / 0.4);
            }
        }
        return Dataset.of(x, y, 3);
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
