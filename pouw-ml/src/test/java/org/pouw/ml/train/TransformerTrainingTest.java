package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticText;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Presets;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;

/** A small decoder-only transformer learns the generated text: held-out next-byte accuracy far above guessing. */
class TransformerTrainingTest {
    @Test
    void aSmallCharacterModelLearnsTheSentences() {
        Dataset train = ByteTextReader.read(SyntheticText.sentences(6_000, 31), "train", 12, 1);
        Dataset heldOut = ByteTextReader.read(SyntheticText.sentences(1_500, 32), "held-out", 12, 3);
        TrainingTask task = new TrainingTask(Presets.transformer(12, 256, 32, 4, 2),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, Adam.decoupled(0.01f, 0.01f), 32,
                        LearningRateSchedule.cosine(10, 0.1f), 1f),
                train.root(), heldOut.root(), 17, 250, TargetMetric.lossAtMost(1.0), 100);
        ThreadTeam team = ThreadTeam.single();
        TrainingState state = TrainingState.initial(task);
        double before = Evaluator.evaluate(state.network(), heldOut, Loss.SOFTMAX_CROSS_ENTROPY, team).perplexity();
        Trainer trainer = new Trainer(task, train, state, team);
        for (long s = 0; s < task.steps(); s++) {
            trainer.step();
        }
        Evaluation after = Evaluator.evaluate(state.network(), heldOut, Loss.SOFTMAX_CROSS_ENTROPY, team);
        // The most common byte (the space) is under a fifth of the text; within a word the next letter is mostly
        // fixed, so a model that reads its context does far better than that.
        assertThat(after.accuracy()).isGreaterThan(0.6);
        assertThat(before).isGreaterThan(100.0);
        assertThat(after.perplexity()).isLessThan(3.0);
    }
}
