package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.ResidualLayer;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;

/** A step on a caller's batch, watched layer by layer, is the same step bit for bit as the scheduled one. */
class ObservedStepTest {
    @Test
    void aWatchedStepOnTheScheduledBatchChangesNoBit() {
        Dataset train = SyntheticData.blobs(256, 16, 4, 0.5, 1);
        TrainingTask task = Tasks.smallMlp(train, SyntheticData.blobs(64, 16, 4, 0.5, 2), 20);
        try (ThreadTeam team = ThreadTeam.of(2)) {
            TrainingState plain = TrainingState.initial(task);
            TrainingState watched = TrainingState.initial(task);
            Trainer plainTrainer = new Trainer(task, train, plain, team);
            Trainer watchedTrainer = new Trainer(task, train, watched, team);
            List<Layer> seen = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                StepResult expected = plainTrainer.step();
                seen.clear();
                StepResult actual = watchedTrainer.step(watchedTrainer.schedule().batch(t),
                        (index, layer, input) -> seen.add(layer));
                assertThat(actual.loss()).isEqualTo(expected.loss());
                assertThat(watched.hash(team)).isEqualTo(plain.hash(team));
                assertThat(seen).isEqualTo(watched.network().layers());
            }
        }
    }

    /**
     * A residual block shows its own layers after itself, with its index, fed what they read (the block's input for
     * the first body layer); the watched step keeps the plain step's bits.
     */
    @Test
    void aResidualBlockShowsItsOwnLayersAndTheStepKeepsItsBits() {
        Dataset train = SyntheticData.images(64, 6, 6, 2, 3, 1);
        TrainingTask task = Tasks.task(Tasks.smallNormStack(), new SgdMomentum(0.05f, 0.9f),
                Loss.SOFTMAX_CROSS_ENTROPY, 8, train, SyntheticData.images(16, 6, 6, 2, 3, 2), 7, 20);
        try (ThreadTeam team = ThreadTeam.of(2)) {
            TrainingState plain = TrainingState.initial(task);
            TrainingState watched = TrainingState.initial(task);
            Trainer plainTrainer = new Trainer(task, train, plain, team);
            Trainer watchedTrainer = new Trainer(task, train, watched, team);
            List<Layer> network = watched.network().layers();
            ResidualLayer block = (ResidualLayer) network.get(3);
            List<Layer> expectedOrder = new ArrayList<>(network.subList(0, 4));
            expectedOrder.addAll(block.body());
            expectedOrder.addAll(network.subList(4, network.size()));
            for (int t = 0; t < 3; t++) {
                StepResult expected = plainTrainer.step();
                List<Layer> seen = new ArrayList<>();
                List<Integer> indices = new ArrayList<>();
                List<float[][]> fed = new ArrayList<>();
                StepResult actual = watchedTrainer.step(watchedTrainer.schedule().batch(t), (index, layer, input) -> {
                    seen.add(layer);
                    indices.add(index);
                    fed.add(input);
                });
                assertThat(actual.loss()).isEqualTo(expected.loss());
                assertThat(watched.hash(team)).isEqualTo(plain.hash(team));
                assertThat(seen).isEqualTo(expectedOrder);
                assertThat(indices).containsExactly(0, 1, 2, 3, 3, 3, 4, 5, 6);
                assertThat(fed.get(4)).as("the block's first layer reads the block's input").isSameAs(fed.get(3));
            }
        }
    }
}
