package org.pouw.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.SyntheticText;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.Presets;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/** The same task gives bit-identical states whatever the thread count. */
class DeterminismTest {
    private static final Dataset BLOBS = SyntheticData.blobs(600, 40, 5, 0.6, 1);
    private static final Dataset HELD_OUT = SyntheticData.blobs(200, 40, 5, 0.6, 2);

    @Test
    void mlpWithDropoutAndMomentumIsIdenticalOnOneTwoAndThreeThreads() {
        TrainingTask task = Tasks.task(new MlpArchitecture(40, List.of(96, 48), Activation.RELU, 0.2f, 5),
                new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 64, BLOBS, HELD_OUT, 3, 40);
        assertSameHashesOnAnyTeam(task, BLOBS);
    }

    @Test
    void tanhMlpWithAdamAndMseIsIdenticalOnOneTwoAndThreeThreads() {
        TrainingTask task = Tasks.task(new MlpArchitecture(40, List.of(64), Activation.TANH, 0f, 5),
                Adam.withLearningRate(0.01f), Loss.MEAN_SQUARED_ERROR, 32, BLOBS, HELD_OUT, 4, 30);
        assertSameHashesOnAnyTeam(task, BLOBS);
    }

    @Test
    void cnnIsIdenticalOnOneTwoAndThreeThreads() {
        Dataset bars = SyntheticData.bars(300, 5);
        TrainingTask task = Tasks.task(Tasks.smallCnn(), new SgdMomentum(0.1f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 32,
                bars, bars, 5, 30);
        assertSameHashesOnAnyTeam(task, bars);
    }

    @Test
    void resNetWithBatchNormIsIdenticalOnOneTwoAndThreeThreads() {
        Dataset images = SyntheticData.images(96, 8, 8, 3, 3, 6);
        TrainingTask task = Tasks.task(Presets.resNet(8, 8, 3, 1, 4, 3), new SgdMomentum(0.05f, 0.9f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, images, images, 8, 12);
        assertSameHashesOnAnyTeam(task, images);
    }

    @Test
    void layerNormGeluStackIsIdenticalOnOneTwoAndThreeThreads() {
        Dataset images = SyntheticData.images(96, 6, 6, 2, 3, 7);
        TrainingTask task = Tasks.task(Tasks.smallNormStack(), Adam.withLearningRate(0.01f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, images, images, 9, 12);
        assertSameHashesOnAnyTeam(task, images);
    }

    @Test
    void tokenEmbeddingStackIsIdenticalOnOneTwoAndThreeThreads() {
        Dataset tokens = SyntheticData.tokens(96, 8, 12, 3, 8);
        TrainingTask task = Tasks.task(new StackArchitecture(1, 8, 1, List.of(new LayerSpec.Embedding(12, 16),
                        new LayerSpec.PositionalEmbedding(), new LayerSpec.LayerNorm(), new LayerSpec.Gelu(),
                        new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3))),
                Adam.decoupled(0.01f, 0.01f), Loss.SOFTMAX_CROSS_ENTROPY, 16, tokens, tokens, 10, 12);
        assertSameHashesOnAnyTeam(task, tokens);
    }

    @Test
    void transformerLanguageModelIsIdenticalOnOneTwoAndThreeThreads() {
        Dataset text = ByteTextReader.read(SyntheticText.sentences(3_000, 4), "synthetic", 12, 3);
        TrainingTask task = Tasks.task(Presets.transformer(12, 256, 16, 4, 2), Adam.decoupled(0.003f, 0.01f),
                Loss.SOFTMAX_CROSS_ENTROPY, 16, text, text, 11, 8);
        assertSameHashesOnAnyTeam(task, text);
    }

    private static void assertSameHashesOnAnyTeam(TrainingTask task, Dataset data) {
        List<Bytes32> reference = hashesPerStep(task, data, ThreadTeam.single());
        assertThat(reference).doesNotHaveDuplicates();
        assertThat(hashesPerStep(task, data, ThreadTeam.of(2))).as("2 threads").isEqualTo(reference);
        // Three threads on a team that also cuts the regions too small to be worth a hand-off (which ThreadTeam.of
        // keeps on the caller), so the split kernels run here too, in uneven parts.
        assertThat(hashesPerStep(task, data, ThreadTeam.sharingEveryRegion(3)))
                .as("3 threads sharing every region").isEqualTo(reference);
    }

    private static List<Bytes32> hashesPerStep(TrainingTask task, Dataset data, ThreadTeam team) {
        List<Bytes32> hashes = new ArrayList<>();
        try (team) {
            TrainingState state = TrainingState.initial(task);
            Trainer trainer = new Trainer(task, data, state, team);
            for (long s = 0; s < task.steps(); s++) {
                trainer.step();
                hashes.add(state.hash(team));
            }
        }
        return hashes;
    }
}
