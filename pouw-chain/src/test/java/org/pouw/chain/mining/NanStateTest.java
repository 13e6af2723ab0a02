package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * A learning rate high enough to overflow drives the state to ±∞ and NaN, after which every step is free and
 * predictable (docs/chain.md §3.3): the first step that is not finite, and every one after it, is refused as
 * {@code NOT_FINITE}.
 */
class NanStateTest {
    @Test
    void aStepThatOverflowsIsRefused() {
        Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
        TrainingTask task = MiningFixtures.task(
                new MlpArchitecture(16, List.of(32, 16), Activation.RELU, 0f, 4), new SgdMomentum(10f, 0.9f),
                Loss.MEAN_SQUARED_ERROR, 16, data, 10_000);
        TrainingState state = TrainingState.initial(task);
        byte[] start = null;
        MinedStep overflowing = null;
        for (int t = 0; t < 500 && overflowing == null; t++) {
            byte[] before = state.encode();
            TipKeyedStep step = TipKeyedStep.take(task, data, state, MINER, TIP, TICKETS, TEAM);
            if (!step.vitals().finite()) {
                start = before;
                overflowing = step.mined();
            }
        }
        assertThat(overflowing).as("a learning rate of 10 on a squared error overflows").isNotNull();

        StepReplay replay = MiningFixtures.replay(task, data);
        assertThat(replay.check(start, MINER, TIP, overflowing).refusal()).isEqualTo(StepRefusal.NOT_FINITE);
        byte[] afterwards = state.encode();
        MinedStep next = MiningFixtures.claim(task, data, afterwards, TIP);
        assertThat(replay.check(afterwards, MINER, TIP, next).refusal()).isEqualTo(StepRefusal.NOT_FINITE);
    }
}
