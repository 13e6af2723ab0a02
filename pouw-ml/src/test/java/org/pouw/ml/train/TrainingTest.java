package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;

/** Training actually learns, with each model and optimiser. */
class TrainingTest {
    private static final Dataset TRAIN = SyntheticData.blobs(800, 16, 4, 0.5, 10);
    private static final Dataset HELD_OUT = SyntheticData.blobs(400, 16, 4, 0.5, 11);

    @Test
    void mlpWithSgdMomentumLearnsBlobs() {
        assertThat(trainAndEvaluate(Tasks.smallMlp(TRAIN, HELD_OUT, 300), TRAIN, HELD_OUT).accuracy()).isGreaterThan(0.95);
    }

    @Test
    void mlpWithAdamAndDropoutLearnsBlobs() {
        TrainingTask task = Tasks.task(new MlpArchitecture(16, List.of(32), Activation.TANH, 0.1f, 4),
                Adam.withLearningRate(0.01f), Loss.SOFTMAX_CROSS_ENTROPY, 32, TRAIN, HELD_OUT, 9, 300);
        assertThat(trainAndEvaluate(task, TRAIN, HELD_OUT).accuracy()).isGreaterThan(0.95);
    }

    @Test
    void sigmoidMlpWithMseLearnsBlobs() {
        TrainingTask task = Tasks.task(new MlpArchitecture(16, List.of(32), Activation.SIGMOID, 0f, 4),
                new SgdMomentum(0.5f, 0.9f), Loss.MEAN_SQUARED_ERROR, 32, TRAIN, HELD_OUT, 9, 400);
        assertThat(trainAndEvaluate(task, TRAIN, HELD_OUT).accuracy()).isGreaterThan(0.9);
    }

    @Test
    void cnnLearnsBars() {
        Dataset train = SyntheticData.bars(600, 20);
        Dataset heldOut = SyntheticData.bars(300, 21);
        TrainingTask task = Tasks.task(Tasks.smallCnn(), new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 32,
                train, heldOut, 4, 200);
        Evaluation quality = trainAndEvaluate(task, train, heldOut);
        assertThat(quality.accuracy()).isGreaterThan(0.95);
    }

    @Test
    void lossFallsAsTrainingProceeds() {
        TrainingTask task = Tasks.smallMlp(TRAIN, HELD_OUT, 200);
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, TRAIN, state, ThreadTeam.single());
        double firstTen = 0;
        double lastTen = 0;
        for (int s = 0; s < 200; s++) {
            double loss = trainer.step().loss();
            if (s < 10) {
                firstTen += loss;
            } else if (s >= 190) {
                lastTen += loss;
            }
        }
        assertThat(lastTen).isLessThan(firstTen / 4);
    }

    private static Evaluation trainAndEvaluate(TrainingTask task, Dataset train, Dataset heldOut) {
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, train, state, ThreadTeam.single());
        for (long s = 0; s < task.steps(); s++) {
            trainer.step();
        }
        return Evaluator.evaluate(state.network(), heldOut, task.hyperparameters().loss(), ThreadTeam.single());
    }
}
