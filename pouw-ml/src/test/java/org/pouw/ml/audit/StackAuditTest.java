package org.pouw.ml.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.model.Presets;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.LearningRateSchedule;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/** The audit protocol on the ResNet preset (batch norm buffers in the state) trained with AdamW, a schedule and a clip. */
class StackAuditTest {
    private static final Dataset TRAIN = SyntheticData.images(128, 8, 8, 3, 4, 40);
    private static final Dataset HELD_OUT = SyntheticData.images(64, 8, 8, 3, 4, 41);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TrainingTask TASK = new TrainingTask(Presets.resNet(8, 8, 3, 1, 4, 4),
            new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, Adam.decoupled(0.01f, 0.01f), 16,
                    LearningRateSchedule.cosine(4, 0.1f), 2f),
            TRAIN.root(), HELD_OUT.root(), 12, 24, TargetMetric.accuracyAtLeast(0.5), 100);

    private final TrainingAuditor auditor = new TrainingAuditor(TASK, TRAIN, HELD_OUT, ThreadTeam.single());

    @Test
    void anHonestTwoThreadWorkerIsAcceptedByAOneThreadVerifier() {
        try (ThreadTeam team = ThreadTeam.of(2)) {
            CommittedTrainer worker = new CommittedTrainer(TASK, TRAIN, TrainingState.initial(TASK), TASK.steps(), 5, team);
            TrainingCommitment commitment = worker.trainAll();
            AuditChallenge challenge = AuditChallenge.issue(commitment, RANDOM, 6);
            AuditVerdict verdict = auditor.verify(commitment, challenge, worker.open(challenge));
            assertThat(verdict.reason()).isEqualTo(VerdictReason.ACCEPTED);
            assertThat(verdict.quality().samples()).isEqualTo(HELD_OUT.size());
        }
    }

    @Test
    void aSkippedStepIsCaughtOnReplay() {
        DishonestWorker cheat = new DishonestWorker(TASK, TRAIN, Set.of(9L));
        AuditChallenge all = AuditChallenge.issue(cheat.commitment(), RANDOM, (int) TASK.steps());
        AuditVerdict verdict = auditor.verify(cheat.commitment(), all, cheat.open(all));
        assertThat(verdict.reason()).isEqualTo(VerdictReason.REPLAY_MISMATCH);
        assertThat(verdict.step()).isEqualTo(9);
    }

    @Test
    void aWorkerThatKeepsTheRunningAveragesFrozenIsCaught() {
        // Trains every step honestly but skips batch norm's running-average update (restores the buffers after
        // each step) and commits consistently to that: the weights are honest, the buffers are not.
        ThreadTeam team = ThreadTeam.single();
        TrainingState state = TrainingState.initial(TASK);
        Trainer trainer = new Trainer(TASK, TRAIN, state, team);
        StepLog log = new StepLog(TASK.id(), 0, state.hash(team));
        List<byte[]> before = new ArrayList<>();
        for (long step = 0; step < TASK.steps(); step++) {
            before.add(state.encode());
            Bytes32 h = state.hash(team);
            List<float[]> frozen = new ArrayList<>();
            for (Parameter buffer : state.network().buffers()) {
                frozen.add(buffer.value()[0].clone());
            }
            int[] batch = trainer.schedule().batch(step);
            trainer.step();
            for (int b = 0; b < frozen.size(); b++) {
                System.arraycopy(frozen.get(b), 0, state.network().buffers().get(b).value()[0], 0, frozen.get(b).length);
            }
            log.append(new StepLeaf(step, h, StepLeaf.batchHash(batch), state.hash(team)));
        }
        TrainingCommitment commitment = log.commit();
        AuditChallenge challenge = AuditChallenge.issue(commitment, RANDOM, 1);
        List<StepOpening> openings = new ArrayList<>();
        for (long step : challenge.auditedSteps(commitment)) {
            openings.add(log.open(step, before.get((int) step)));
        }
        AuditVerdict verdict = auditor.verify(commitment, challenge, new TrainingOpening(commitment.id(), openings, state.encode()));
        assertThat(verdict.reason()).isEqualTo(VerdictReason.REPLAY_MISMATCH);
    }
}
