package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * A state with batch-norm buffers is encoded with seven header words, not six (the buffer count follows the slot
 * count). The fused scan ({@link VitalsScan}, {@link SymmetricUnits}) once read every such state's parameters one
 * word early: the buffer count was taken for the first parameter word, the last was missed, each row's non-zero
 * count (which prices the step's products) was shifted, and the symmetric-unit check compared columns that were not
 * the units. These tests hold the fused reading to the word-by-word one ({@link VitalsReference}, which recounts the
 * weights from the network) step after step, tickets included, and build the cheap-ticket attack the shift let
 * through: two identical filters in a batch-norm stack.
 */
class BufferedStateVitalsTest {
    @Test
    void aBatchNormStacksStepIsTheReferenceStepTicketsIncluded() {
        Dataset data = data();
        TrainingTask task = task(data);
        TrainingState mined = TrainingState.initial(task);
        TrainingState reference = TrainingState.initial(task);
        assertThat(mined.network().bufferCount()).as("the stack keeps running averages").isPositive();
        assertThat(TrainingState.headerWords(mined.network())).isEqualTo(7);
        RecordTraits traits = new RecordTraits(data);
        for (int step = 0; step < 12; step++) {
            TipKeyedStep fused = TipKeyedStep.take(task, traits, mined, MINER, TIP, TICKETS, TEAM);
            TipKeyedStep expected = VitalsReference.take(task, data, reference, MINER, TIP, TICKETS, TEAM);
            assertThat(fused).as("step %d", step).isEqualTo(expected);
        }
    }

    @Test
    void twoIdenticalFiltersInABatchNormStackAreRefused() {
        Dataset data = data();
        TrainingTask task = task(data);
        TrainingState state = MiningFixtures.trained(task, data, 3);
        Conv2dLayer conv = (Conv2dLayer) state.network().layers().get(0);
        float[][] weight = conv.weight().value();
        // The last two filters: read one word early, filter 3 was looked for where filter 2 is, and filter 2 in the
        // previous row's last word, so the copy went unseen (filters 0 and 1 would have shown as filters 1 and 2).
        for (float[] row : weight) {
            row[3] = row[2];
        }
        conv.bias().value()[0][3] = conv.bias().value()[0][2];
        assertThat(SymmetricUnits.present(state.network())).isTrue();
        byte[] start = state.encode();

        MinedStep claim = MiningFixtures.claim(task, data, start, TIP);
        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, claim);

        assertThat(verdict.replay().vitals().symmetricUnits()).isTrue();
        assertThat(verdict.refusal()).isEqualTo(StepRefusal.SYMMETRIC_UNITS);
    }

    private static Dataset data() {
        SplittableRandom random = new SplittableRandom(7);
        float[][] x = new float[24][6 * 6];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = random.nextInt(3);
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = (float) (random.nextDouble() - 0.5 + 0.2 * y[i]);
            }
        }
        return Dataset.of(x, y, 3);
    }

    /** Convolution with four filters, batch normalisation, ReLU, pooling, a dense classifier. */
    private static TrainingTask task(Dataset data) {
        StackArchitecture stack = new StackArchitecture(6, 6, 1, List.of(new LayerSpec.Conv(4, 3, 1, 0),
                new LayerSpec.BatchNorm(), new LayerSpec.Act(Activation.RELU), new LayerSpec.MaxPool(2),
                new LayerSpec.Dense(3)));
        return MiningFixtures.task(stack, new SgdMomentum(0.05f, 0.9f), 4, data, 40);
    }
}
