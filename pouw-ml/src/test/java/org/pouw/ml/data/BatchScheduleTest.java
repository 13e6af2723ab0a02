package org.pouw.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchScheduleTest {
    @Test
    void batchesAreAFunctionOfSeedAndStepOnly() {
        BatchSchedule a = new BatchSchedule(42, 1000, 32);
        BatchSchedule b = new BatchSchedule(42, 1000, 32);
        int[] late = a.batch(77);
        for (long s = 0; s < 40; s++) {
            a.batch(s);
        }
        assertThat(b.batch(77)).isEqualTo(late).isEqualTo(a.batch(77));
        assertThat(new BatchSchedule(43, 1000, 32).batch(77)).isNotEqualTo(late);
    }

    @Test
    void anEpochVisitsDistinctRecordsAndEpochsDifferInOrder() {
        BatchSchedule schedule = new BatchSchedule(7, 100, 10);
        assertThat(schedule.stepsPerEpoch()).isEqualTo(10);
        Set<Integer> seen = new HashSet<>();
        for (long s = 0; s < 10; s++) {
            for (int id : schedule.batch(s)) {
                assertThat(seen.add(id)).as("record %d twice in epoch 0", id).isTrue();
            }
        }
        assertThat(seen).hasSize(100);
        assertThat(schedule.batch(10)).isNotEqualTo(schedule.batch(0));
    }

    @Test
    void theShuffleIsRoughlyUniform() {
        // Where record 0 lands over many epochs: each of 10 batches about equally often.
        BatchSchedule schedule = new BatchSchedule(1, 50, 5);
        int[] landed = new int[10];
        for (long epoch = 0; epoch < 2000; epoch++) {
            for (int k = 0; k < 10; k++) {
                for (int id : schedule.batch(epoch * 10 + k)) {
                    if (id == 0) {
                        landed[k]++;
                    }
                }
            }
        }
        for (int count : landed) {
            assertThat(count).isBetween(130, 270);
        }
    }
}
