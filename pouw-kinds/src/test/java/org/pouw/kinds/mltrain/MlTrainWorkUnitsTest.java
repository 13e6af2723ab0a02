package org.pouw.kinds.mltrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;

/**
 * An ml-train intent's work units (issue 27, item 1; docs/economics.md, "Work units"): multiply-adds of its steps, with
 * a per-step floor for the state each step commits, so a tiny batch is not underpriced.
 */
class MlTrainWorkUnitsTest {
    // 6-12-3: 6 × 12 + 12 + 12 × 3 + 3 = 123 parameters; SGD with momentum keeps one slot each
    private static final Bytes32 ROOT = Bytes32.of(new byte[32]);
    private static final MlpArchitecture MLP = new MlpArchitecture(6, List.of(12), Activation.RELU, 0f, 3);

    private static TrainingTask task(Architecture architecture, int batch, long steps) {
        return new TrainingTask(architecture, new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY,
                new SgdMomentum(0.1f, 0.9f), batch), ROOT, ROOT, 42, steps,
                TargetMetric.accuracyAtLeast(0.5), 1_000);
    }

    @Test
    void a_large_batch_counts_its_multiply_adds_forward_and_backward() {
        assertThat(MLP.parameterCount()).isEqualTo(123);
        assertThat(MlTrainIntents.workUnits(task(MLP, 1_024, 10))).isEqualTo(10L * 3 * 1_024 * 123);
    }

    @Test
    void a_tiny_batch_pays_the_floor_of_the_state_each_step_commits() {
        long floor = MlTrainIntents.HASHED_FLOAT_UNITS * 123 * 2; // the weights and one momentum slot
        assertThat(MlTrainIntents.workUnits(task(MLP, 1, 10))).as("3 × 123 multiply-adds would be 369 a step")
                .isEqualTo(10 * floor);
        assertThat(MlTrainIntents.workUnits(task(MLP, 2, 10))).as("a second record costs nothing more under the floor")
                .isEqualTo(MlTrainIntents.workUnits(task(MLP, 1, 10)));
    }

    @Test
    void a_convolution_counts_the_weights_it_reuses_across_the_image() {
        CnnArchitecture cnn = new CnnArchitecture(28, 28, 1, 8, 5, 2, 0, Activation.RELU, 10);
        long convolution = 24L * 24 * 5 * 5 * 8; // every output position of every filter reads a 5 × 5 patch
        long dense = 12L * 12 * 8 * 10 + 10;
        assertThat(cnn.multiplyAddsPerRecord()).isEqualTo(convolution + dense);
        assertThat(cnn.multiplyAddsPerRecord()).as("far more than its parameters").isGreaterThan(
                10 * cnn.parameterCount());
        assertThat(MlTrainIntents.workUnits(task(cnn, 64, 100))).isEqualTo(100L * 3 * 64 * (convolution + dense));
    }

    @Test
    void units_grow_with_steps_and_batch() {
        long previous = 0;
        for (int batch = 1; batch <= 4_096; batch *= 2) {
            long units = MlTrainIntents.workUnits(task(MLP, batch, 7));
            assertThat(units).isGreaterThanOrEqualTo(previous);
            assertThat(MlTrainIntents.workUnits(task(MLP, batch, 14))).isEqualTo(2 * units);
            previous = units;
        }
    }
}
