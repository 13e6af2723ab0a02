package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.OTHER_TIP;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;

/**
 * A miner stores a step trained on one tip and, when the tip moves, re-tickets it for the new one (docs/chain.md
 * §3.1): the new tip draws another batch, so the stored step's batch and end state are not the replay's.
 */
class RetipTest {
    private final Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
    private final TrainingTask task = MiningFixtures.mlp(data);
    private final byte[] start = MiningFixtures.trained(task, data, 2).encode();

    @Test
    void aStoredStepRenamedToTheNewTipIsRefused() {
        MinedStep stored = MiningFixtures.claim(task, data, start, TIP);
        MinedStep retipped = new MinedStep(stored.step(), stored.stateBefore(), stored.batchHash(), stored.stateAfter(),
                OTHER_TIP, stored.tickets());

        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, OTHER_TIP, retipped);
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.BATCH_MISMATCH);
    }

    @Test
    void aStoredStepShownUnderTheOldTipIsRefusedOnTheNew() {
        MinedStep stored = MiningFixtures.claim(task, data, start, TIP);

        assertThat(MiningFixtures.replay(task, data).check(start, MINER, OTHER_TIP, stored).refusal())
                .isEqualTo(StepRefusal.TIP_MISMATCH);
    }

    @Test
    void theSameStepRetrainedOnTheNewTipIsAccepted() {
        MinedStep retrained = MiningFixtures.claim(task, data, start, OTHER_TIP);

        assertThat(MiningFixtures.replay(task, data).check(start, MINER, OTHER_TIP, retrained).accepted()).isTrue();
        assertThat(retrained.stateAfter()).isNotEqualTo(MiningFixtures.claim(task, data, start, TIP).stateAfter());
    }
}
