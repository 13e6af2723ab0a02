package org.pouw.ml.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

class StepLotteryTest {
    @Test
    void targetsCompareAsUnsignedBigEndianNumbers() {
        Bytes32 target = StepLottery.targetForDifficulty(4);
        assertThat(target.hex()).startsWith("0fff").endsWith("ffff");
        byte[] ticket = new byte[32];
        ticket[0] = 0x0f;
        assertThat(StepLottery.meetsTarget(Bytes32.of(ticket), target)).isTrue();
        ticket[0] = 0x10;
        assertThat(StepLottery.meetsTarget(Bytes32.of(ticket), target)).isFalse();
        assertThat(StepLottery.meetsTarget(target, target)).isTrue();
        assertThat(StepLottery.targetForDifficulty(0).hex()).isEqualTo("f".repeat(64));
    }

    @Test
    void aWinningStepIsVerifiedByReplayingThatStep() {
        Dataset data = SyntheticData.blobs(300, 16, 4, 0.5, 50);
        TrainingTask task = Tasks.smallMlp(data, data, 64);
        CommittedTrainer worker = new CommittedTrainer(task, data, TrainingState.initial(task), 64, 8, ThreadTeam.single());
        TrainingCommitment commitment = worker.trainAll();
        byte[] context = "previous-block-hash|miner-key".getBytes(StandardCharsets.UTF_8);
        Bytes32 target = StepLottery.targetForDifficulty(3);
        TrainingAuditor auditor = new TrainingAuditor(task, data, data, ThreadTeam.single());
        int winners = 0;
        for (long step = 0; step < 64; step++) {
            boolean wins = StepLottery.meetsTarget(StepLottery.ticket(worker.leaf(step).hash(), context), target);
            StepLog replayLog = null;
            if (wins) {
                winners++;
                StepOpening opening = openOne(worker, commitment, step);
                assertThat(auditor.verifyTicket(commitment, opening, context, target).accepted()).isTrue();
                assertThat(auditor.verifyTicket(commitment, opening, "other block".getBytes(StandardCharsets.UTF_8),
                        StepLottery.targetForDifficulty(40)).reason()).isEqualTo(VerdictReason.TICKET_ABOVE_TARGET);
            }
            assertThat(replayLog).isNull();
        }
        // About 64/8 = 8 winners expected; at least one lets the check above run.
        assertThat(winners).isBetween(1, 30);
    }

    private static StepOpening openOne(CommittedTrainer worker, TrainingCommitment commitment, long step) {
        // Reuse the worker's opening machinery through a one-step challenge found by trying nonces.
        for (int i = 0; ; i++) {
            byte[] nonce = new byte[32];
            nonce[0] = (byte) i;
            nonce[1] = (byte) (i >> 8);
            AuditChallenge challenge = new AuditChallenge(commitment.id(), Bytes32.of(nonce), 1);
            if (challenge.auditedSteps(commitment)[0] == step) {
                return worker.open(challenge).steps().get(0);
            }
        }
    }
}
