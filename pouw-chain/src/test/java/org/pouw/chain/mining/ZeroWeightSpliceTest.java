package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;

/**
 * A miner splices in a state of zero weights, whose steps are cheap and predictable (docs/chain.md §3.2, §3.3): zero
 * weights make no product with both operands non-zero, so the step counts no tickets, and it is not live either.
 */
class ZeroWeightSpliceTest {
    private final Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
    private final TrainingTask task = MiningFixtures.mlp(data);

    @Test
    void aZeroWeightStateCountsNoTicketsAndIsRefused() {
        TrainingState spliced = TrainingState.initial(task);
        for (Parameter parameter : spliced.network().parameters()) {
            for (float[] row : parameter.value()) {
                java.util.Arrays.fill(row, 0f);
            }
        }
        byte[] start = spliced.encode();
        MinedStep honestClaim = MiningFixtures.claim(task, data, start, TIP);
        assertThat(honestClaim.tickets()).isZero();

        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, honestClaim);
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.GRADIENT_DEAD);
        assertThat(verdict.replay().countedMultiplyAdds()).isZero();
    }

    @Test
    void claimingTicketsForTheSplicedStepIsRefused() {
        TrainingState spliced = TrainingState.initial(task);
        for (Parameter parameter : spliced.network().parameters()) {
            for (float[] row : parameter.value()) {
                java.util.Arrays.fill(row, 0f);
            }
        }
        byte[] start = spliced.encode();
        MinedStep honest = MiningFixtures.claim(task, data, start, TIP);
        MinedStep forged = new MinedStep(honest.step(), honest.stateBefore(), honest.batchHash(), honest.stateAfter(),
                honest.tip(), 50);

        assertThat(MiningFixtures.replay(task, data).check(start, MINER, TIP, forged).refusal())
                .isEqualTo(StepRefusal.TICKET_COUNT_MISMATCH);
    }
}
