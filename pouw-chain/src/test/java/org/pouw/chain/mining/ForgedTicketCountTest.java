package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;

/** An honest step whose claimed ticket count a_t is raised above its count is refused (docs/chain.md §3.2). */
class ForgedTicketCountTest {
    @Test
    void aTicketCountAboveTheCountedWorkIsRefused() {
        Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
        TrainingTask task = MiningFixtures.mlp(data);
        byte[] start = MiningFixtures.trained(task, data, 3).encode();
        MinedStep honest = MiningFixtures.claim(task, data, start, TIP);
        MinedStep forged = new MinedStep(honest.step(), honest.stateBefore(), honest.batchHash(), honest.stateAfter(),
                honest.tip(), honest.tickets() + 1);
        StepReplay replay = MiningFixtures.replay(task, data);

        assertThat(replay.check(start, MINER, TIP, honest).accepted()).isTrue();
        StepVerdict verdict = replay.check(start, MINER, TIP, forged);
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.TICKET_COUNT_MISMATCH);
        assertThat(verdict.replay().mined().tickets()).isEqualTo(honest.tickets());
    }

    @Test
    void theCountIsCappedAndScaledByTheRule() {
        assertThat(new TicketRule(1_000, 7).tickets(TicketRule.countedMultiplyAdds(1_000_000))).isEqualTo(7);
        assertThat(new TicketRule(1_000, 7_000).tickets(TicketRule.countedMultiplyAdds(1_999))).isEqualTo(5);
        assertThat(new TicketRule(1_000, 7).tickets(TicketRule.countedMultiplyAdds(333))).isZero();
    }

    @Test
    void anotherMinersKeyDrawsAnotherBatch() {
        Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
        TrainingTask task = MiningFixtures.mlp(data);
        TrainingState state = TrainingState.initial(task);
        byte[] start = state.encode();
        MinedStep honest = MiningFixtures.claim(task, data, start, TIP);

        assertThat(MiningFixtures.replay(task, data).check(start, MiningFixtures.bytes("thief"), TIP, honest)
                .refusal()).isEqualTo(StepRefusal.BATCH_MISMATCH);
    }
}
