package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;

/**
 * Two units of a layer with bit-identical incoming weights and bias compute the same thing twice and stay identical
 * (docs/chain.md §3.3): a step from such a state is refused as {@code SYMMETRIC_UNITS}.
 */
class SymmetricUnitsTest {
    @Test
    void twoIdenticalHiddenUnitsAreRefused() {
        Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
        TrainingTask task = MiningFixtures.mlp(data);
        TrainingState state = MiningFixtures.trained(task, data, 5);
        DenseLayer first = (DenseLayer) state.network().layers().get(0);
        copyUnit(first.weight().value(), first.bias().value()[0], 0, 1);

        assertRefused(task, data, state.encode());
    }

    @Test
    void twoIdenticalFiltersAreRefused() {
        Dataset data = MiningFixtures.bars(256, 5);
        TrainingTask task = MiningFixtures.cnn(data);
        TrainingState state = MiningFixtures.trained(task, data, 5);
        Conv2dLayer conv = (Conv2dLayer) state.network().layers().get(0);
        copyUnit(conv.weight().value(), conv.bias().value()[0], 2, 3);

        assertRefused(task, data, state.encode());
    }

    /**
     * The check tells units apart by their first rows and bias, then looks at the rest only where those collide: units
     * equal in every row but the last are not symmetric, equal everywhere they are, and a last-row difference ends it.
     */
    @Test
    void unitsEqualInTheirFirstRowsAreComparedToTheLastRow() {
        Dataset data = MiningFixtures.blobs(64, 16, 4, 0.4, 3);
        TrainingState state = TrainingState.initial(MiningFixtures.mlp(data));
        DenseLayer first = (DenseLayer) state.network().layers().get(0);
        float[][] w = first.weight().value();
        float[] b = first.bias().value()[0];
        b[4] = 0.25f;
        b[9] = 0.25f;
        for (int r = 0; r < w.length - 1; r++) {
            w[r][9] = w[r][4];
        }
        assertThat(SymmetricUnits.present(state.network())).as("the last row differs").isFalse();

        w[w.length - 1][9] = w[w.length - 1][4];
        assertThat(SymmetricUnits.present(state.network())).as("every row equal").isTrue();

        b[9] = 0.5f;
        assertThat(SymmetricUnits.present(state.network())).as("the bias differs").isFalse();
    }

    private static void copyUnit(float[][] weight, float[] bias, int from, int to) {
        for (float[] row : weight) {
            row[to] = row[from];
        }
        bias[to] = bias[from];
    }

    private static void assertRefused(TrainingTask task, Dataset data, byte[] start) {
        MinedStep claim = MiningFixtures.claim(task, data, start, TIP);
        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, claim);
        assertThat(verdict.replay().vitals().symmetricUnits()).isTrue();
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.SYMMETRIC_UNITS);
    }
}
