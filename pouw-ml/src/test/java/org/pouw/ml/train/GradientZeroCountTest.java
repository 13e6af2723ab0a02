package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * A trainer that counts its gradient's ±0 words inside the optimiser's pass (for the chain's liveness rule) counts
 * exactly what a word-by-word pass after the step counts, and takes the same step bit for bit as one that does not.
 */
class GradientZeroCountTest {
    @Test
    void theCountIsTheWordByWordCountAndTheStepKeepsItsBits() {
        Dataset train = withDeadFeatures(SyntheticData.blobs(256, 16, 4, 0.5, 1), 4);
        TrainingTask task = Tasks.smallMlp(train, SyntheticData.blobs(64, 16, 4, 0.5, 2), 20);
        for (int threads : new int[] {1, 2}) {
            try (ThreadTeam team = ThreadTeam.of(threads)) {
                TrainingState plain = TrainingState.initial(task);
                TrainingState counted = TrainingState.initial(task);
                Trainer plainTrainer = new Trainer(task, train, plain, team);
                Trainer countingTrainer = new Trainer(task, train, counted, team).countingGradientZeros();
                for (int t = 0; t < 6; t++) {
                    StepResult expected = plainTrainer.step();
                    StepResult actual = countingTrainer.step();
                    assertThat(actual.loss()).isEqualTo(expected.loss());
                    assertThat(counted.hash(team)).isEqualTo(plain.hash(team));
                    long zeros = countingTrainer.gradientZeroWords();
                    assertThat(zeros).as("step %d on %d threads", t, threads).isEqualTo(zerosWordByWord(counted));
                    // the first layer's weights reading the four dead features: 32 units × 4 columns at least
                    assertThat(zeros).isGreaterThanOrEqualTo(32 * 4);
                }
            }
        }
    }

    @Test
    void aTrainerThatWasNotAskedHasNoCount() {
        Dataset train = SyntheticData.blobs(64, 16, 4, 0.5, 1);
        TrainingTask task = Tasks.smallMlp(train, SyntheticData.blobs(16, 16, 4, 0.5, 2), 5);
        Trainer trainer = new Trainer(task, train, TrainingState.initial(task), ThreadTeam.single());
        trainer.step();
        assertThatThrownBy(trainer::gradientZeroWords).isInstanceOf(IllegalStateException.class);
    }

    /** {@code data} with its first {@code dead} features set to zero in every record. */
    private static Dataset withDeadFeatures(Dataset data, int dead) {
        float[][] x = new float[data.size()][];
        int[] y = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            x[i] = data.features(i).clone();
            java.util.Arrays.fill(x[i], 0, dead, 0f);
            y[i] = data.label(i);
        }
        return Dataset.of(x, y, data.classes());
    }

    /** The reference: every gradient word tested on its own, after the step. */
    private static long zerosWordByWord(TrainingState state) {
        long zeros = 0;
        for (Parameter parameter : state.network().parameters()) {
            for (float[] row : parameter.gradient()) {
                for (float g : row) {
                    if (g == 0f) {
                        zeros++;
                    }
                }
            }
        }
        return zeros;
    }
}
