package org.pouw.cli;

import java.util.List;
import java.util.SplittableRandom;
import org.pouw.client.PouwClient;
import org.pouw.client.ml.MlTaskCreated;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;

/**
 * The demo's training task: a small MLP learning to tell three generated clusters of points apart, sent to the
 * node as an {@code ml-train} job so the demo shows commit → audit → pay too. Generated here so the first command
 * needs no dataset on disk; a few hundred steps train in well under a second.
 */
final class DemoTraining {
    static final long FEE = 2_000;
    static final long STEPS = 300;
    private static final int FEATURES = 4;
    private static final int CLASSES = 3;

    private DemoTraining() {
    }

    /** Uploads the data, posts the task and returns the node's answer (intent id, job id, audits). */
    static MlTaskCreated submit(PouwClient api) {
        Dataset train = clusters(320, 1);
        Dataset heldOut = clusters(80, 2);
        TrainingTask task = new TrainingTask(new MlpArchitecture(FEATURES, List.of(16), Activation.RELU, 0f, CLASSES),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 16), train.root(),
                heldOut.root(), 7, STEPS, TargetMetric.accuracyAtLeast(0.9), FEE);
        String trainBlob = api.ml().uploadDataset(DatasetCodec.encode(train)).blob();
        String heldOutBlob = api.ml().uploadDataset(DatasetCodec.encode(heldOut)).blob();
        return api.ml().submit(task.encode(), trainBlob, heldOutBlob);
    }

    /** Three clusters around fixed centres, {@code seed} picking the points. */
    private static Dataset clusters(int records, long seed) {
        float[][] centres = {{1, 1, -1, 0}, {-1, 1, 1, 0}, {0, -1, 0, 1}};
        SplittableRandom random = new SplittableRandom(seed);
        float[][] features = new float[records][FEATURES];
        int[] labels = new int[records];
        for (int i = 0; i < records; i++) {
            labels[i] = random.nextInt(CLASSES);
            for (int j = 0; j < FEATURES; j++) {
                features[i][j] = (float) (centres[labels[i]][j] + 1.1 * (random.nextDouble() * 2 - 1));
            }
        }
        return Dataset.of(features, labels, CLASSES);
    }
}
