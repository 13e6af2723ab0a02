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
 * A state stuffed with subnormal words makes every validator's replay slow on CPUs that trap on them
 * (docs/chain.md §3.3): more than ε of the state subnormal is refused as {@code SUBNORMAL_STATE}.
 */
class SubnormalStateTest {
    @Test
    void aSubnormalHeavyStateIsRefused() {
        Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
        TrainingTask task = MiningFixtures.mlp(data);
        TrainingState state = MiningFixtures.trained(task, data, 5);
        int word = 0;
        for (Layer layer : state.network().layers()) {
            if (layer instanceof DenseLayer dense) {
                for (float[] row : dense.weight().value()) {
                    for (int c = 0; c < row.length; c += 2) {
                        row[c] = Float.MIN_VALUE * (++word) * (row[c] < 0 ? -1 : 1);
                    }
                }
            }
        }
        byte[] start = state.encode();
        MinedStep claim = MiningFixtures.claim(task, data, start, TIP);

        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, claim);
        assertThat(verdict.replay().vitals().subnormal()).isGreaterThan(LivenessRule.DEFAULT.maxSubnormal());
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.SUBNORMAL_STATE);
    }
}
