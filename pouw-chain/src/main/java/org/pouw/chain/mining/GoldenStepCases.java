package org.pouw.chain.mining;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pouw.crypto.Blake3;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.hash.HashStream;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;

/**
 * The tiny tasks behind {@link GoldenSteps}: an MLP with SGD momentum, the same MLP with Adam (square roots in the
 * update), a CNN (convolution, pooling) and a convolution with batch normalisation (a state with running averages,
 * so seven header words before the parameters, and train-mode statistics), each on records generated from a {@link HashStream} — integers divided
 * by 1,000, so the data is the same bits on every JVM without a file. Small enough that all of them replay in well
 * under a second under C2 and in seconds under the interpreter.
 */
final class GoldenStepCases {
    /** One task and its dataset. */
    record GoldenCase(String name, TrainingTask task, Dataset data) {
    }

    private GoldenStepCases() {
    }

    static List<GoldenCase> all() {
        Dataset blobs = records("golden-blobs", 64, 16, 4);
        Dataset images = records("golden-images", 48, 64, 3);
        return List.of(
                new GoldenCase("mlp-sgd", task(MlpArchitecture.of(16, List.of(12, 8), Activation.RELU, 4),
                        new SgdMomentum(0.05f, 0.9f), blobs), blobs),
                new GoldenCase("mlp-adam", task(MlpArchitecture.of(16, List.of(12), Activation.TANH, 4),
                        new Adam(0.01f, 0.9f, 0.999f, 1e-8f), blobs), blobs),
                new GoldenCase("cnn-sgd", task(new CnnArchitecture(8, 8, 1, 4, 3, 2, 8, Activation.RELU, 3),
                        new SgdMomentum(0.05f, 0.9f), images), images),
                new GoldenCase("bn-sgd", task(new StackArchitecture(8, 8, 1, List.of(new LayerSpec.Conv(4, 3, 1, 1),
                        new LayerSpec.BatchNorm(), new LayerSpec.Act(Activation.RELU), new LayerSpec.MaxPool(2),
                        new LayerSpec.Dense(3))), new SgdMomentum(0.05f, 0.9f), images), images));
    }

    private static TrainingTask task(Architecture architecture, OptimizerSpec optimizer, Dataset data) {
        return new TrainingTask(architecture, new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, optimizer, 8),
                data.root(), label("golden held out"), 11, 1_000, TargetMetric.accuracyAtLeast(0.5), 1);
    }

    /** n records of {@code features} values: a class centre per label plus noise, all multiples of 1/1,000. */
    private static Dataset records(String name, int n, int features, int classes) {
        HashStream stream = new HashStream(label(name));
        int[][] centre = new int[classes][features];
        for (int[] c : centre) {
            for (int j = 0; j < features; j++) {
                c[j] = (int) stream.below(1_001);
            }
        }
        float[][] x = new float[n][features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (int) stream.below(classes);
            for (int j = 0; j < features; j++) {
                x[i][j] = (centre[y[i]][j] + (int) stream.below(401) - 200) / 1_000f;
            }
        }
        return Dataset.of(x, y, classes);
    }

    static Bytes32 label(String text) {
        return Bytes32.of(Blake3.hash(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
