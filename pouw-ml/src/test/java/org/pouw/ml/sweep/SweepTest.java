package org.pouw.ml.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.audit.AuditChallenge;
import org.pouw.ml.audit.AuditVerdict;
import org.pouw.ml.audit.CommittedTrainer;
import org.pouw.ml.audit.TrainingAuditor;
import org.pouw.ml.audit.TrainingCommitment;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/** A 5-fold sweep of 4 configurations as 20 audited training tasks, its report, and the splits and grids. */
class SweepTest {
    private static final Dataset DATA = SyntheticData.blobs(200, 6, 3, 0.8, 9);
    private static final Hyperparameters BASE = new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 16);

    @Test
    void aFiveFoldSweepOfFourConfigurationsIsTwentyAuditedTasksAndReportsTheBest() {
        List<Hyperparameters> grid = SweepGrid.grid(BASE, List.of(0.0005f, 0.05f), List.of(0f, 1e-3f), List.of(16));
        SweepPlan plan = new SweepPlan(new MlpArchitecture(6, List.of(12), Activation.RELU, 0f, 3), grid, 5, 0, 4, 25,
                TargetMetric.accuracyAtLeast(0.5), 10);
        List<SweepPlan.Job> jobs = plan.jobs(DATA);
        assertThat(jobs).hasSize(20);
        double[][] scores = new double[4][5];
        SecureRandom random = new SecureRandom();
        try (ThreadTeam team = ThreadTeam.single()) {
            for (SweepPlan.Job job : jobs) {
                CommittedTrainer worker = new CommittedTrainer(job.task(), job.train(), TrainingState.initial(job.task()),
                        job.task().steps(), 5, team);
                TrainingCommitment commitment = worker.trainAll();
                AuditChallenge challenge = AuditChallenge.issue(commitment, random, 4);
                AuditVerdict verdict = new TrainingAuditor(job.task(), job.train(), job.heldOut(), team)
                        .verify(commitment, challenge, worker.open(challenge));
                assertThat(verdict.accepted()).as(verdict.toString()).isTrue();
                scores[job.configuration()][job.fold()] = verdict.quality().accuracy();
            }
        }
        SweepReport report = SweepReport.of(TargetMetric.Metric.ACCURACY, scores);
        assertThat(report.rows()).hasSize(4);
        // Learning rate 0.0005 barely moves in 25 steps; 0.05 learns the blobs: the best is one of configurations 2, 3.
        assertThat(report.best()).isIn(2, 3);
        assertThat(report.rows().get(report.best()).mean()).isGreaterThan(report.rows().get(0).mean());
        assertThat(report.rows().get(report.best()).mean()).isGreaterThan(0.8);
    }

    @Test
    void foldsHoldOutEveryRecordExactlyOnceAndNeverTrainOnIt() {
        Set<Integer> seen = new HashSet<>();
        for (int fold = 0; fold < 5; fold++) {
            Dataset[] split = SweepPlan.split(DATA, 5, fold);
            assertThat(split[0].size() + split[1].size()).isEqualTo(DATA.size());
            assertThat(split[1].size()).isEqualTo(40);
            for (int i = 0; i < split[1].size(); i++) {
                assertThat(split[1].features(i)).isEqualTo(DATA.features(i * 5 + fold));
                assertThat(seen.add(i * 5 + fold)).isTrue();
            }
        }
        assertThat(seen).hasSize(DATA.size());
    }

    @Test
    void theReportsMeanAndSampleDeviationByHand() {
        SweepReport report = SweepReport.of(TargetMetric.Metric.LOSS, new double[][] {{1, 2, 3}, {0.5, 0.5, 0.5}, {4, 0, 2}});
        assertThat(report.rows().get(0).mean()).isEqualTo(2.0);
        assertThat(report.rows().get(0).deviation()).isCloseTo(1.0, within(1e-15));
        assertThat(report.rows().get(1).deviation()).isZero();
        assertThat(report.rows().get(2).deviation()).isCloseTo(2.0, within(1e-15));
        assertThat(report.best()).isEqualTo(1);   // the lowest mean loss
        assertThat(SweepReport.of(TargetMetric.Metric.ACCURACY, new double[][] {{0.5}, {0.7}, {0.7}}).best()).isEqualTo(1);
    }

    @Test
    void aSeededRandomSearchIsDistinctAndRepeatable() {
        List<Hyperparameters> grid = SweepGrid.grid(BASE, List.of(0.001f, 0.01f, 0.1f), List.of(0f, 1e-4f, 1e-3f),
                List.of(8, 16));
        assertThat(grid).hasSize(18);
        List<Hyperparameters> drawn = SweepGrid.random(grid, 6, 42);
        assertThat(new HashSet<>(drawn)).hasSize(6);
        assertThat(SweepGrid.random(grid, 6, 42)).isEqualTo(drawn);
        assertThat(SweepGrid.random(grid, 6, 43)).isNotEqualTo(drawn);
        assertThat(grid).containsAll(drawn);
    }

    @Test
    void badSweepsAreRefusedNamingTheSetting() {
        MlpArchitecture mlp = new MlpArchitecture(6, List.of(4), Activation.RELU, 0f, 3);
        assertThatThrownBy(() -> new SweepPlan(mlp, List.of(BASE), 21, 0, 1, 5, TargetMetric.accuracyAtLeast(0.5), 1))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("folds");
        assertThatThrownBy(() -> new SweepPlan(mlp, List.of(BASE), 1, 1, 1, 5, TargetMetric.accuracyAtLeast(0.5), 1))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("hold_out_every");
        assertThatThrownBy(() -> SweepGrid.grid(BASE, List.of(0.1f, 0.2f, 0.3f, 0.4f, 0.5f), List.of(0f, 1f, 2f, 3f),
                List.of(1, 2, 3, 4))).isInstanceOf(InvalidSpecException.class).hasMessageContaining("sweep configurations");
        SweepPlan holdOut = new SweepPlan(mlp, List.of(BASE), 1, 4, 1, 5, TargetMetric.accuracyAtLeast(0.5), 1);
        assertThat(holdOut.jobs(DATA)).singleElement().satisfies(job -> assertThat(job.heldOut().size()).isEqualTo(50));
    }
}
