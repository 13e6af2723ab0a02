package org.pouw.ml;

import java.util.List;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;

/** Task builders shared by tests. */
public final class Tasks {
    private Tasks() {
    }

    public static TrainingTask task(Architecture architecture, OptimizerSpec optimizer, Loss loss, int batch,
                                    Dataset train, Dataset heldOut, long seed, long steps) {
        return new TrainingTask(architecture, new Hyperparameters(loss, optimizer, batch), train.root(), heldOut.root(),
                seed, steps, TargetMetric.accuracyAtLeast(0.8), 1_000);
    }

    /** A 16-32-16-4 ReLU MLP with SGD momentum on blobs. */
    public static TrainingTask smallMlp(Dataset train, Dataset heldOut, long steps) {
        return task(new MlpArchitecture(train.featureCount(), List.of(32, 16), Activation.RELU, 0f, train.classes()),
                new SgdMomentum(0.05f, 0.9f), Loss.SOFTMAX_CROSS_ENTROPY, 16, train, heldOut, 7, steps);
    }

    /**
     * conv(3×3, 4, stride 2, pad 1) → layer norm → GELU → residual[conv 3×3 pad 1 → GELU] → global average pool →
     * dense 3 on 6×6×2 images: the layers the ResNet preset does not use.
     */
    public static StackArchitecture smallNormStack() {
        return new StackArchitecture(6, 6, 2, List.of(new LayerSpec.Conv(4, 3, 2, 1), new LayerSpec.LayerNorm(),
                new LayerSpec.Gelu(), new LayerSpec.Residual(List.of(new LayerSpec.Conv(4, 3, 1, 1), new LayerSpec.Gelu()),
                        List.of()), new LayerSpec.MaxPool(1), new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3)));
    }

    /** A conv(3×3, 4) → pool 2 → dense 3 network on 8×8 bars. */
    public static CnnArchitecture smallCnn() {
        return new CnnArchitecture(8, 8, 1, 4, 3, 2, 0, Activation.RELU, 3);
    }
}
