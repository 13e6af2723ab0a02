package org.pouw.chain.task;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pouw.chain.tx.PayForTask;
import org.pouw.crypto.Blake3;
import org.pouw.ml.hash.HashStream;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;

/**
 * The filler task of an epoch (docs/chain.md §4.3): nobody chooses it, so nobody can farm it. From the epoch's beacon
 * the stream {@code HashStream(BLAKE3("pouw-chain-filler-v1" ‖ beacon))} picks, in this order, a genesis dataset, a
 * hidden width from {16, 32, 64, 128}, an SGD learning rate from {0.01, 0.02, 0.05, 0.1} (momentum 0.9), a batch from
 * {16, 32, 64} and the seed (the stream's next word); the batch halves until the dataset holds c_n batches and the
 * width halves until M_max ≤ C_mac. The architecture is an MLP, one ReLU hidden layer, softmax cross-entropy. It has
 * no escrow, no budget and no settlement: the block reward pays for it.
 */
public final class FillerTasks {
    private static final byte[] DOMAIN = "pouw-chain-filler-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_DOMAIN = "pouw-chain-filler-id-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int[] WIDTHS = {16, 32, 64, 128};
    private static final float[] LEARNING_RATES = {0.01f, 0.02f, 0.05f, 0.1f};
    private static final int[] BATCHES = {16, 32, 64};

    private FillerTasks() {
    }

    /** The filler task's id: {@code BLAKE3("pouw-chain-filler-id-v1" ‖ beacon)}. */
    public static Bytes32 id(Bytes32 beacon) {
        return Bytes32.of(Blake3.hash(ID_DOMAIN, beacon.toArray()));
    }

    /** The filler task for {@code beacon}, or null when no genesis dataset can carry one within the caps. */
    public static PayForTask derive(Bytes32 beacon, List<GenesisDataset> datasets, TaskParameters parameters) {
        if (datasets.isEmpty()) {
            return null;
        }
        HashStream stream = new HashStream(Bytes32.of(Blake3.hash(DOMAIN, beacon.toArray())));
        GenesisDataset dataset = datasets.get((int) stream.below(datasets.size()));
        int width = WIDTHS[(int) stream.below(WIDTHS.length)];
        float learningRate = LEARNING_RATES[(int) stream.below(LEARNING_RATES.length)];
        int batch = Math.min(BATCHES[(int) stream.below(BATCHES.length)], parameters.maxBatch());
        long seed = stream.next();
        long n = dataset.id().size();
        while (batch > 1 && n < (long) parameters.recordsPerBatch() * batch) {
            batch /= 2;
        }
        if (n < parameters.recordsPerBatch() || n > Integer.MAX_VALUE) {
            return null;
        }
        MlpArchitecture architecture = mlp(dataset, width);
        while (width > 1 && !withinCaps(architecture, batch, parameters)) {
            width /= 2;
            architecture = mlp(dataset, width);
        }
        if (!withinCaps(architecture, batch, parameters)) {
            return null;
        }
        TrainingTask task = new TrainingTask(architecture, new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY,
                new SgdMomentum(learningRate, 0.9f), batch), dataset.id().root(), Bytes32.of(new byte[32]), seed,
                TrainingTask.MAX_STEPS, TargetMetric.accuracyAtLeast(0), 0);
        return new PayForTask(task, n, dataset.features(), dataset.classes(), Long.MAX_VALUE, Long.MAX_VALUE,
                Long.MAX_VALUE);
    }

    /** M_max ≤ C_mac, the SGD state (parameters and one momentum slot) ≤ C_words and its StrictMath calls ≤ C_math. */
    private static boolean withinCaps(MlpArchitecture architecture, int batch, TaskParameters parameters) {
        return StepWorkBound.maxCountedMultiplyAdds(architecture, batch) <= parameters.maxMultiplyAdds()
                && 2 * architecture.parameterCount() <= parameters.maxStateWords()
                && StepMathBound.maxMathCalls(architecture, Loss.SOFTMAX_CROSS_ENTROPY, false, batch)
                        <= parameters.maxMathCalls();
    }

    private static MlpArchitecture mlp(GenesisDataset dataset, int width) {
        return MlpArchitecture.of(dataset.features(), List.of(width), Activation.RELU, dataset.classes());
    }
}
