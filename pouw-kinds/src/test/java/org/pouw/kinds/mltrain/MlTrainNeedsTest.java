package org.pouw.kinds.mltrain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.core.job.JobNeeds;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;

/** An ml-train job's needs follow from its model's size (issue 27, item 3; docs/economics.md). */
class MlTrainNeedsTest {
    private static final Dataset DATA = MlFixtures.clusters(40, 7);

    @Test
    void memoryAndTheWorstOpeningFollowTheParameterCount() {
        TrainingTask task = MlFixtures.task(DATA, DATA, 30, TargetMetric.accuracyAtLeast(0.6), 1_000);
        // 6-12-3 MLP: 6 × 12 + 12 + 12 × 3 + 3 = 123 parameters, no buffers; SGD momentum keeps one slot each.
        assertThat(task.architecture().parameterCount()).isEqualTo(123);
        JobNeeds needs = MlTrainIntents.needs(task, 32, "spec");

        assertThat(needs.memoryMb()).as("4 × 123 × 3 bytes, rounded up to a whole MiB").isEqualTo(1);
        assertThat(needs.resultBytes()).as("33 states of 256 + 4 × 123 × 2 bytes and 32 × 1,200 bytes of paths")
                .isEqualTo(33L * (256 + 4 * 123 * 2) + 32L * 1_200);
        assertThat(needs.sizeField()).isEqualTo("spec");
        assertThat(MlTrainIntents.needs(task, 64, "spec").resultBytes()).as("more audits, a larger opening")
                .isGreaterThan(needs.resultBytes());
    }
}
