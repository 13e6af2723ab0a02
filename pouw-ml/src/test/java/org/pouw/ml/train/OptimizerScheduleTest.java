package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.EncodingException;

/** Weight decay (SGD's L2, AdamW's decoupled form), warm-up with cosine decay, and gradient-norm clipping. */
class OptimizerScheduleTest {
    private static final Dataset DATA = SyntheticData.blobs(64, 8, 3, 0.5, 4);

    @Test
    void warmUpIsLinearAndCosineDecaysToTheFloorAtTheLastStep() {
        LearningRateSchedule schedule = LearningRateSchedule.cosine(4, 0.1f);
        assertThat(schedule.rate(1f, 0, 104)).isEqualTo(0.25f);
        assertThat(schedule.rate(1f, 3, 104)).isEqualTo(1f);
        assertThat(schedule.rate(1f, 4, 104)).isEqualTo(1f);
        assertThat(schedule.rate(1f, 54, 104)).isCloseTo(0.55f, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(schedule.rate(1f, 103, 104)).isEqualTo(0.1f);
        assertThat(new LearningRateSchedule(10, LearningRateSchedule.Decay.NONE, 0f).rate(0.5f, 50, 100)).isEqualTo(0.5f);
        assertThat(LearningRateSchedule.CONSTANT.rate(0.3f, 7, 10)).isEqualTo(0.3f);
        assertThatThrownBy(() -> new LearningRateSchedule(0, LearningRateSchedule.Decay.NONE, 0.5f))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("learning-rate floor must be 0 without a decay");
    }

    @Test
    void sgdWeightDecayIsAddedToTheGradientBeforeTheMomentum() {
        float[] w = {2f, -1f};
        float[] v = {0.5f, 0f};
        new SgdMomentum(0.1f, 0.9f, 0.01f).forStep(0).apply(w, new float[] {1f, 0f}, new float[][] {v});
        // v = 0.9·0.5 + (1 + 0.01·2) = 1.47; w = 2 − 0.1·1.47
        assertThat(v[0]).isEqualTo(0.9f * 0.5f + (1f + 0.01f * 2f));
        assertThat(w[0]).isEqualTo(2f - 0.1f * v[0]);
        assertThat(v[1]).isEqualTo(0.01f * -1f);
    }

    @Test
    void adamWDecaysTheWeightsOutsideTheMomentsAdamWithoutDecayDoesNot() {
        // A zero gradient leaves Adam's moments at zero: AdamW still shrinks each weight by exactly (1 − η·λ).
        float[] w = {3f, -2f};
        float[][] slots = {new float[2], new float[2]};
        Adam.decoupled(0.01f, 0.1f).forStep(0, 0.01f, 1f).apply(w, new float[2], slots);
        float keep = 1f - 0.01f * 0.1f;
        assertThat(w).containsExactly(3f * keep, -2f * keep);
        assertThat(slots[0]).containsExactly(0f, 0f);
        float[] plain = {3f, -2f};
        Adam.withLearningRate(0.01f).forStep(0).apply(plain, new float[2], new float[][] {new float[2], new float[2]});
        assertThat(plain).containsExactly(3f, -2f);
    }

    @Test
    void clippingScalesTheWholeGradientDownToTheNorm() {
        // Plain SGD (no momentum) moves the weights by η·g, so the step's length over η is the gradient's norm.
        TrainingTask free = task(new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(1f, 0f), 16));
        double unclipped = stepLength(free);
        assertThat(unclipped).isGreaterThan(0.2);
        float clip = (float) (unclipped / 4);
        TrainingTask clipped = task(new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(1f, 0f), 16,
                LearningRateSchedule.CONSTANT, clip));
        assertThat(stepLength(clipped)).isCloseTo(clip, org.assertj.core.data.Offset.offset(1e-4 * unclipped));
        // A clip above the norm changes no bit.
        TrainingTask loose = task(new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(1f, 0f), 16,
                LearningRateSchedule.CONSTANT, (float) (unclipped * 2)));
        assertThat(stateAfterOneStep(loose).encode()).isEqualTo(stateAfterOneStep(free).encode());
    }

    @Test
    void aScheduledClippedAdamWTaskIsIdenticalOnOneTwoAndThreeThreads() {
        TrainingTask task = task(new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, Adam.decoupled(0.02f, 0.05f), 16,
                LearningRateSchedule.cosine(5, 0.05f), 0.5f));
        String reference = null;
        for (int threads = 1; threads <= 3; threads++) {
            try (ThreadTeam team = ThreadTeam.of(threads)) {
                TrainingState state = TrainingState.initial(task);
                Trainer trainer = new Trainer(task, DATA, state, team);
                for (int s = 0; s < task.steps(); s++) {
                    trainer.step();
                }
                String hash = state.hash(team).hex();
                if (reference == null) {
                    reference = hash;
                }
                assertThat(hash).as("%d threads", threads).isEqualTo(reference);
            }
        }
    }

    @Test
    void extendedHyperparametersRoundTripAndHaveOneEncoding() {
        TrainingTask task = task(new Hyperparameters(Loss.MEAN_SQUARED_ERROR, new SgdMomentum(0.1f, 0.9f, 5e-4f), 16,
                LearningRateSchedule.cosine(100, 0f), 1f));
        byte[] bytes = task.encode();
        assertThat(TrainingTask.decode(bytes)).isEqualTo(task);
        assertThat(TrainingTask.decode(bytes).encode()).isEqualTo(bytes);
        TrainingTask adamW = task(new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, Adam.decoupled(1e-3f, 0.01f), 16));
        assertThat(TrainingTask.decode(adamW.encode())).isEqualTo(adamW);
        // The same hyperparameters without schedule or clip encode as before (no flag); a flagged encoding of the
        // defaults is a second encoding and is refused.
        TrainingTask plain = task(new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f), 16));
        byte[] flagged = flaggedWithDefaults(plain.encode());
        assertThatThrownBy(() -> TrainingTask.decode(flagged)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("the schedule flag is set but the schedule and clip are the defaults");
    }

    @Test
    void aZeroDecayInTheDecayedFormIsRefused() {
        byte[] bytes = task(new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f, 0.5f), 16)).encode();
        int at = indexOfFloat(bytes, 0.5f);
        bytes[at] = 0;
        bytes[at + 1] = 0;
        assertThatThrownBy(() -> TrainingTask.decode(bytes)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("sgd weight decay: must be positive");
    }

    private static int indexOfFloat(byte[] bytes, float value) {
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (((bytes[i] & 0xFF) << 24 | (bytes[i + 1] & 0xFF) << 16 | (bytes[i + 2] & 0xFF) << 8 | (bytes[i + 3] & 0xFF)) == bits) {
                return i;
            }
        }
        throw new AssertionError("float not found");
    }

    /** Sets the flag on the loss byte and appends the default schedule and clip after the batch size. */
    private static byte[] flaggedWithDefaults(byte[] plain) {
        // Layout: tag(5) | mlp: u8 tag, i32 inputs, u8 n, n·i32, u8 activation, f32 dropout, i32 classes | loss ...
        int at = 5 + 1 + 4 + 1 + 4 * plain[10] + 1 + 4 + 4;
        byte[] out = new byte[plain.length + 17];
        System.arraycopy(plain, 0, out, 0, plain.length);
        out[at] = (byte) (out[at] | 0x80);
        int afterBatch = at + 1 + 1 + 4 + 4 + 4;
        System.arraycopy(plain, afterBatch, out, afterBatch + 17, plain.length - afterBatch);
        java.util.Arrays.fill(out, afterBatch, afterBatch + 17, (byte) 0);
        return out;
    }

    private static TrainingTask task(Hyperparameters hyper) {
        return new TrainingTask(new MlpArchitecture(8, List.of(12), Activation.TANH, 0f, 3), hyper, DATA.root(),
                DATA.root(), 21, 20, TargetMetric.accuracyAtLeast(0.5), 10);
    }

    private static TrainingState stateAfterOneStep(TrainingTask task) {
        TrainingState state = TrainingState.initial(task);
        new Trainer(task, DATA, state, ThreadTeam.single()).step();
        return state;
    }

    private static double stepLength(TrainingTask task) {
        TrainingState before = TrainingState.initial(task);
        TrainingState after = stateAfterOneStep(task);
        double sum = 0;
        for (int p = 0; p < before.network().parameters().size(); p++) {
            Parameter a = before.network().parameters().get(p);
            Parameter b = after.network().parameters().get(p);
            for (int r = 0; r < a.rows(); r++) {
                for (int c = 0; c < a.columns(); c++) {
                    double d = (double) b.value()[r][c] - a.value()[r][c];
                    sum += d * d;
                }
            }
        }
        return Math.sqrt(sum);
    }
}
