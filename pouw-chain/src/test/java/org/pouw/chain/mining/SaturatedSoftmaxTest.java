package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;

/**
 * A miner scales a trained network's output layer until its softmax is exactly one-hot on every record of the batch
 * (docs/chain.md §3.3): the loss gradient is then exactly zero, the step does arithmetic that changes nothing, and it
 * is refused as {@code GRADIENT_DEAD}.
 */
class SaturatedSoftmaxTest {
    @Test
    void aSaturatedOutputLayerIsRefused() {
        Dataset data = MiningFixtures.blobs(256, 16, 4, 0.05, 3);
        TrainingTask task = MiningFixtures.mlp(data);
        TrainingState state = MiningFixtures.trained(task, data, 150);
        java.util.List<Layer> layers = state.network().layers();
        DenseLayer output = (DenseLayer) layers.get(layers.size() - 1);
        for (float[] row : output.weight().value()) {
            for (int c = 0; c < row.length; c++) {
                row[c] = StrictMath.scalb(row[c], 20);
            }
        }
        float[] bias = output.bias().value()[0];
        for (int c = 0; c < bias.length; c++) {
            bias[c] = StrictMath.scalb(bias[c], 20);
        }
        byte[] start = state.encode();
        MinedStep claim = MiningFixtures.claim(task, data, start, TIP);

        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, claim);
        assertThat(verdict.replay().vitals().gradientNonZero()).isZero();
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.GRADIENT_DEAD);
    }
}
