package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.SyntheticText;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Pass;
import org.pouw.ml.model.Presets;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;

/** Calibration error and FGSM accuracy on cases small enough to check by hand, and their determinism. */
class QualityEvaluatorTest {
    @Test
    void calibrationErrorOfFourSamplesInTwoBins() {
        CalibrationBins bins = new CalibrationBins(10);
        bins.add(0.95, true);
        bins.add(0.95, false);    // bin (0.9, 1]: accuracy 0.5, confidence 0.95 → |0.45| · 2/4
        bins.add(0.28, true);
        bins.add(0.22, true);     // bin (0.2, 0.3]: accuracy 1, confidence 0.25 → |0.75| · 2/4
        assertThat(bins.expectedCalibrationError()).isCloseTo(0.225 + 0.375, within(1e-12));
    }

    @Test
    void calibrationFromLogitsUsesTheSoftmaxOfThePredictedClass() {
        CalibrationBins bins = new CalibrationBins(4);
        bins.add(new float[] {0f, (float) Math.log(3)}, 1);   // p = 0.75, right: bin (0.5, 0.75]
        bins.add(new float[] {2f, 2f}, 1);                     // p = 0.5, predicts 0 (first largest), wrong
        // bin (0.5, 0.75]: |1 − 0.75| · 1/2; bin (0.25, 0.5]: |0 − 0.5| · 1/2
        assertThat(bins.expectedCalibrationError()).isCloseTo(0.125 + 0.25, within(1e-6));
        assertThat(new CalibrationBins(15).expectedCalibrationError()).isZero();
    }

    /**
     * Logits = the record itself (an identity dense layer), label 0: the loss gradient is (p0 − 1, p1), so FGSM moves
     * the record by (−ε, +ε) and flips it exactly when its margin x0 − x1 is below 2ε.
     */
    @Test
    void fgsmOnAnIdentityModelFlipsTheRecordsWithinTwiceEpsilon() {
        StackArchitecture identity = new StackArchitecture(1, 1, 2, List.of(new LayerSpec.Dense(2)));
        Network network = identity.build();
        network.parameters().get(0).value()[0][0] = 1f;
        network.parameters().get(0).value()[1][1] = 1f;
        Dataset data = Dataset.of(new float[][] {{0.3f, 0.1f}, {0.6f, 0.1f}, {0.1f, 0.5f}}, new int[] {0, 0, 1}, 2);
        try (ThreadTeam team = ThreadTeam.single()) {
            assertThat(fgsm(network, data, 0f, team)).isEqualTo(1.0);
            assertThat(fgsm(network, data, 0.15f, team)).isEqualTo(2.0 / 3);   // margins 0.2 flips; 0.5 and 0.4 hold
            assertThat(fgsm(network, data, 0.22f, team)).isEqualTo(1.0 / 3);   // 0.4 < 0.44 flips too
            assertThat(fgsm(network, data, 0.3f, team)).isEqualTo(0.0);
        }
    }

    @Test
    void theReportIsTheSameBitsOnOneAndTwoThreadsAndFgsmHurtsATrainedResNet() {
        Dataset images = SyntheticData.images(64, 8, 8, 3, 3, 5);
        TrainingTask task = Tasks.task(Presets.resNet(8, 8, 3, 1, 4, 3), new SgdMomentum(0.05f, 0.9f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, images, images, 5, 30);
        TrainingState state = TrainingState.initial(task);
        try (ThreadTeam team = ThreadTeam.single()) {
            Trainer trainer = new Trainer(task, images, state, team);
            for (int s = 0; s < task.steps(); s++) {
                trainer.step();
            }
        }
        QualityReport one;
        QualityReport two;
        try (ThreadTeam team = ThreadTeam.single()) {
            one = QualityEvaluator.evaluate(state.network(), images, Loss.SOFTMAX_CROSS_ENTROPY, 0.25f, team);
        }
        try (ThreadTeam team = ThreadTeam.of(2)) {
            two = QualityEvaluator.evaluate(state.network(), images, Loss.SOFTMAX_CROSS_ENTROPY, 0.25f, team);
        }
        assertThat(two).isEqualTo(one);
        assertThat(one.evaluation().accuracy()).isGreaterThan(0.6);
        assertThat(one.fgsmAccuracy()).isLessThan(one.evaluation().accuracy());
        assertThat(one.calibrationError()).isBetween(0.0, 1.0);
    }

    /** The inference-mode input gradient (batch norm on running averages) against central differences of the loss. */
    @Test
    void theInputGradientMatchesFiniteDifferencesAtInference() {
        StackArchitecture stack = new StackArchitecture(3, 3, 2, List.of(new LayerSpec.Conv(3, 2, 1, 1),
                new LayerSpec.BatchNorm(), new LayerSpec.Gelu(), new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3)));
        Network network = stack.build();
        network.initialise(3);
        network.buffers().get(0).value()[0][1] = 0.3f;   // running mean
        network.buffers().get(1).value()[0][2] = 2.5f;   // running variance
        float[] x = new float[18];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.7);
        }
        try (ThreadTeam team = ThreadTeam.single()) {
            Pass pass = Pass.inference(team);
            float[][] out = network.forward(new float[][] {x}, pass);
            float[][] g = new float[1][3];
            Loss.SOFTMAX_CROSS_ENTROPY.lossAndGradient(out, new int[] {2}, g);
            float[] analytic = network.inputGradient(g, pass)[0].clone();
            for (int j = 0; j < x.length; j++) {
                double h = 1e-2;
                float[] up = x.clone();
                float[] down = x.clone();
                up[j] += (float) h;
                down[j] -= (float) h;
                double numeric = (Loss.SOFTMAX_CROSS_ENTROPY.loss(network.forward(new float[][] {up}, pass)[0], 2)
                        - Loss.SOFTMAX_CROSS_ENTROPY.loss(network.forward(new float[][] {down}, pass)[0], 2)) / (2 * h);
                assertThat((double) analytic[j]).as("feature %d", j).isCloseTo(numeric, within(2e-3 + 2e-2 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void aLanguageModelHasNoFgsmFigure() {
        Dataset text = ByteTextReader.read(SyntheticText.sentences(400, 7), "text", 8, 3);
        Network network = Presets.transformer(8, 256, 16, 2, 1).build();
        network.initialise(1);
        try (ThreadTeam team = ThreadTeam.single()) {
            QualityReport report = QualityEvaluator.evaluate(network, text, Loss.SOFTMAX_CROSS_ENTROPY, 0.1f, team);
            assertThat(report.fgsmAccuracy()).isNaN();
            assertThat(report.evaluation().samples()).isEqualTo(text.size());
        }
    }

    private static double fgsm(Network network, Dataset data, float epsilon, ThreadTeam team) {
        return QualityEvaluator.evaluate(network, data, Loss.SOFTMAX_CROSS_ENTROPY, epsilon, team).fgsmAccuracy();
    }
}
