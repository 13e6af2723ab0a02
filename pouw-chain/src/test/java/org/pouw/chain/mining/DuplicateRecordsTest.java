package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;

/**
 * A batch of copies of one record, exact or scaled by powers of two, costs a validator a full replay but is one
 * record's worth of work (docs/chain.md §3.2): it counts once.
 */
class DuplicateRecordsTest {
    @Test
    void copiesAndPowerOfTwoScaledCopiesAreOneRecord() {
        float[] record = {0f, 0.75f, -3f, 1e-3f};
        float[][] rows = {record, scaled(record, 5), record.clone(), scaled(record, -7), scaled(record, 1)};
        int[] labels = {1, 1, 1, 1, 2};

        assertThat(DistinctRecords.firstOfEach(rows, labels)).containsExactly(true, false, false, false, true);
    }

    @Test
    void otherScalesAndOtherRecordsCountApart() {
        float[] record = {0.5f, 0.25f};
        float[][] rows = {record, {1.5f, 0.75f}, {0.5f, 0.2500001f}, {0f, 0f}, {0f, 0f}};

        assertThat(DistinctRecords.firstOfEach(rows, new int[5])).containsExactly(true, true, true, true, false);
    }

    @Test
    void aDatasetOfScaledCopiesCountsOneRecordPerStep() {
        Dataset honest = MiningFixtures.blobs(64, 16, 4, 0.4, 3);
        float[][] copies = new float[64][];
        int[] labels = new int[64];
        for (int i = 0; i < 64; i++) {
            copies[i] = scaled(honest.features(0), (i % 9) - 4);
            labels[i] = honest.label(0);
        }
        Dataset duplicated = Dataset.of(copies, labels, 4);
        TrainingTask task = MiningFixtures.mlp(duplicated);
        TipKeyedStep step = TipKeyedStep.take(task, duplicated, TrainingState.initial(task), MiningFixtures.MINER,
                MiningFixtures.TIP, MiningFixtures.TICKETS, MiningFixtures.TEAM);
        // One record can make at most Σ in·out products per layer: 16·32 + 32·16 + 16·4 for this MLP.
        long oneRecordAtMost = TicketRule.countedMultiplyAdds(16 * 32 + 32 * 16 + 16 * 4);
        assertThat(step.countedMultiplyAdds()).isPositive().isLessThanOrEqualTo(oneRecordAtMost);

        TrainingTask honestTask = MiningFixtures.mlp(honest);
        TipKeyedStep honestStep = TipKeyedStep.take(honestTask, honest, TrainingState.initial(honestTask),
                MiningFixtures.MINER, MiningFixtures.TIP, MiningFixtures.TICKETS, MiningFixtures.TEAM);
        assertThat(honestStep.countedMultiplyAdds()).isGreaterThan(10 * step.countedMultiplyAdds());
    }

    private static float[] scaled(float[] row, int exponent) {
        float[] out = new float[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = StrictMath.scalb(row[j], exponent);
        }
        return out;
    }
}
