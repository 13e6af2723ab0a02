package org.pouw.kinds.mltrain;

import java.util.List;
import java.util.SplittableRandom;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;

/** Small generated training tasks for the ml-train kind's tests and the node's: they train in milliseconds. */
public final class MlFixtures {
    public static final int FEATURES = 6;
    public static final int CLASSES = 3;

    private MlFixtures() {
    }

    /** Gaussian clusters, one per class, around fixed centres; {@code seed} picks the points. */
    public static Dataset clusters(int records, long seed) {
        SplittableRandom centres = new SplittableRandom(99);
        float[][] centre = new float[CLASSES][FEATURES];
        for (float[] c : centre) {
            for (int j = 0; j < FEATURES; j++) {
                c[j] = (float) (centres.nextDouble() * 4 - 2);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[records][FEATURES];
        int[] y = new int[records];
        for (int i = 0; i < records; i++) {
            y[i] = random.nextInt(CLASSES);
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = (float) (centre[y[i]][j] + 0.4 * (random.nextDouble() * 2 - 1));
            }
        }
        return Dataset.of(x, y, CLASSES);
    }

    /** A 6-12-3 MLP trained with SGD momentum for {@code steps} steps of 8 records, wanting {@code target}. */
    public static TrainingTask task(Dataset train, Dataset heldOut, long steps, TargetMetric target, long fee) {
        return new TrainingTask(new MlpArchitecture(FEATURES, List.of(12), Activation.RELU, 0f, CLASSES),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f), 8), train.root(),
                heldOut.root(), 42, steps, target, fee);
    }
}
