package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Layer;
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
}
