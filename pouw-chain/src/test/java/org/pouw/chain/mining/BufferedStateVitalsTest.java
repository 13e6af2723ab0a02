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
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * A state with batch-norm buffers (seven header words, not six): the fused scan's vitals are the word-by-word
 * reading's ({@link VitalsReference}) step after step. Both read the parameters from a fixed six-word offset, so for
 * such a state they take the buffer-count header word for the first parameter word and miss the last one; the ticket
 * count, priced with the scan's per-row non-zero counts, therefore differs from the reference's (which recounts the
 * weights) — a fault reported for a consensus change of its own, which this test pins down as it is.
 */
class BufferedStateVitalsTest {
    @Test
    void aBatchNormStacksVitalsAreTheReferenceVitalsAtEveryStep() {
        SplittableRandom random = new SplittableRandom(7);
        float[][] x = new float[24][6 * 6];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = random.nextInt(3);
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = (float) (random.nextDouble() - 0.5 + 0.2 * y[i]);
            }
        }
        Dataset data = Dataset.of(x, y, 3);
        StackArchitecture stack = new StackArchitecture(6, 6, 1, List.of(new LayerSpec.Conv(3, 3, 1, 0),
                new LayerSpec.BatchNorm(), new LayerSpec.Act(Activation.RELU), new LayerSpec.MaxPool(2),
                new LayerSpec.Dense(3)));
        TrainingTask task = MiningFixtures.task(stack, new SgdMomentum(0.05f, 0.9f), 4, data, 40);
        TrainingState mined = TrainingState.initial(task);
        TrainingState reference = TrainingState.initial(task);
        assertThat(mined.network().bufferCount()).as("the stack keeps running averages").isPositive();
        RecordTraits traits = new RecordTraits(data);
        for (int step = 0; step < 12; step++) {
            TipKeyedStep fused = TipKeyedStep.take(task, traits, mined, MINER, TIP, TICKETS, TEAM);
            TipKeyedStep expected = VitalsReference.take(task, data, reference, MINER, TIP, TICKETS, TEAM);
            // The vitals only: the ticket count differs (see the class comment).
            assertThat(fused.vitals()).isEqualTo(expected.vitals());
            assertThat(fused.mined().stateAfter()).isEqualTo(expected.mined().stateAfter());
        }
    }
}
