package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * A task whose learning rate is so small that no weight moves does the arithmetic of training and trains nothing
 * (docs/chain.md §3.3): such a step is refused as {@code PARAMETERS_FROZEN}.
 */
class FrozenLearningRateTest {
    @Test
    void aLearningRateThatMovesNoWeightIsRefused() {
        Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
        TrainingTask honest = MiningFixtures.mlp(data);
        TrainingTask frozen = MiningFixtures.mlp(data, new SgdMomentum(1e-30f, 0f));
        byte[] start = MiningFixtures.trained(honest, data, 5).encode();
        MinedStep claim = MiningFixtures.claim(frozen, data, start, TIP);

        StepVerdict verdict = MiningFixtures.replay(frozen, data).check(start, MINER, TIP, claim);
        assertThat(verdict.replay().vitals().gradientNonZero()).isGreaterThan(0.5);
        assertThat(verdict.replay().vitals().parametersChanged()).isLessThan(0.01);
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.PARAMETERS_FROZEN);
    }
}
