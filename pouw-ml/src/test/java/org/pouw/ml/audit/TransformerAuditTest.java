package org.pouw.ml.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.ml.SyntheticText;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Presets;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.LearningRateSchedule;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.TrainingState;

/** The audit protocol on a small decoder-only transformer (causal attention) trained with AdamW, warm-up + cosine, a clip. */
class TransformerAuditTest {
    private static final Dataset TRAIN = ByteTextReader.read(SyntheticText.sentences(2_000, 21), "train", 10, 2);
    private static final Dataset HELD_OUT = ByteTextReader.read(SyntheticText.sentences(600, 22), "held-out", 10, 5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TrainingTask TASK = new TrainingTask(Presets.transformer(10, 256, 16, 2, 2),
            new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, Adam.decoupled(0.003f, 0.01f), 16,
                    LearningRateSchedule.cosine(4, 0.1f), 1f),
            TRAIN.root(), HELD_OUT.root(), 13, 20, TargetMetric.lossAtMost(5.0), 100);

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
        DishonestWorker cheat = new DishonestWorker(TASK, TRAIN, Set.of(7L));
        AuditChallenge all = AuditChallenge.issue(cheat.commitment(), RANDOM, (int) TASK.steps());
        AuditVerdict verdict = auditor.verify(cheat.commitment(), all, cheat.open(all));
        assertThat(verdict.reason()).isEqualTo(VerdictReason.REPLAY_MISMATCH);
        assertThat(verdict.step()).isEqualTo(7);
    }
}
