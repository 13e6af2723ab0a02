package org.pouw.ml.train;

import java.util.List;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.SyntheticText;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.Presets;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * Trains fixed tasks and prints one final state hash per line; {@link CrossProcessReproducibilityIT} runs it in
 * fresh JVMs with different JIT settings and compares. Argument: the thread count.
 */
public final class ReproducibilityMain {
    private ReproducibilityMain() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        try (ThreadTeam team = ThreadTeam.of(threads)) {
            for (String line : finalHashes(team)) {
                System.out.println(line);
            }
        }
    }

    static List<String> finalHashes(ThreadTeam team) {
        Dataset blobs = SyntheticData.blobs(400, 48, 5, 0.6, 77);
        TrainingTask mlp = Tasks.task(new MlpArchitecture(48, List.of(80, 40), Activation.RELU, 0.25f, 5),
                new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 32, blobs, blobs, 101, 25);
        TrainingTask tanhAdam = Tasks.task(new MlpArchitecture(48, List.of(40), Activation.TANH, 0f, 5),
                Adam.withLearningRate(0.01f), Loss.MEAN_SQUARED_ERROR, 32, blobs, blobs, 102, 25);
        Dataset bars = SyntheticData.bars(200, 78);
        TrainingTask cnn = Tasks.task(Tasks.smallCnn(), new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 16,
                bars, bars, 103, 25);
        // The ResNet preset's layers (strided, padded convolutions, batch norm, residual blocks, global pooling) with
        // AdamW, warm-up + cosine and a clip; and the layer-norm/GELU stack. Small, so the -Xint child stays quick.
        Dataset images = SyntheticData.images(64, 6, 6, 3, 3, 79);
        TrainingTask resNet = new TrainingTask(Presets.resNet(6, 6, 3, 1, 4, 3),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, Adam.decoupled(0.01f, 0.01f), 8,
                        LearningRateSchedule.cosine(3, 0.1f), 1f),
                images.root(), images.root(), 104, 12, TargetMetric.accuracyAtLeast(0.5), 10);
        Dataset small = SyntheticData.images(64, 6, 6, 2, 3, 80);
        TrainingTask normStack = Tasks.task(Tasks.smallNormStack(), new SgdMomentum(0.05f, 0.9f, 1e-3f),
                Loss.SOFTMAX_CROSS_ENTROPY, 8, small, small, 105, 12);
        // A tiny decoder-only transformer (causal attention, GELU feed-forward) on generated text, AdamW.
        Dataset text = ByteTextReader.read(SyntheticText.sentences(1_200, 81), "text", 8, 3);
        TrainingTask transformer = Tasks.task(Presets.transformer(8, 256, 16, 2, 2), Adam.decoupled(0.003f, 0.01f),
                Loss.SOFTMAX_CROSS_ENTROPY, 8, text, text, 106, 10);
        return List.of("mlp " + train(mlp, blobs, team), "tanh-adam " + train(tanhAdam, blobs, team),
                "cnn " + train(cnn, bars, team), "resnet " + train(resNet, images, team),
                "norm-gelu " + train(normStack, small, team), "transformer " + train(transformer, text, team));
    }

    private static String train(TrainingTask task, Dataset data, ThreadTeam team) {
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, data, state, team);
        for (long s = 0; s < task.steps(); s++) {
            trainer.step();
        }
        return state.hash(team).hex();
    }
}
