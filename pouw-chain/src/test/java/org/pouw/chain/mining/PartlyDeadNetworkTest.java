package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * Why θ_g stays at 0.1 (docs/chain.md §3.3, "θ_g"): the cheap-ticket state the threshold prices is a network whose
 * hidden units a miner has mostly killed (a spliced state with large negative biases). Every product into a dead unit
 * still has two non-zero operands and counts, but a miner that knows the unit is dead skips it and still writes the
 * end state bit for bit. The fewer units live, the smaller the gradient's non-zero fraction, so θ_g bounds how cheap
 * such tickets get: this state counts about 14 products for every one a skipping miner needs, and sits between 0.05 and
 * 0.1 — refused by the default rule, accepted by the rule at 0.05 that would have admitted one refused honest step in
 * 4,000 (whose only cost is its own tickets: an honest miner trains through it, {@link DeadStepInWindowTest}).
 */
class PartlyDeadNetworkTest {
    private static final int INPUTS = 64;
    private static final int HIDDEN = 128;
    private static final int LIVE = 8;
    private static final int CLASSES = 10;

    private final Dataset data = MiningFixtures.blobs(256, INPUTS, CLASSES, 0.4, 13);
    private final TrainingTask task = MiningFixtures.task(new MlpArchitecture(INPUTS, List.of(HIDDEN), Activation.RELU,
            0f, CLASSES), new SgdMomentum(0.05f, 0.9f), 16, data, 10_000);

    @Test
    void aMostlyKilledNetworkIsRefusedAsGradientDead() {
        byte[] start = mostlyKilled();
        MinedStep claim = MiningFixtures.claim(task, data, start, TIP);

        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, claim);

        assertThat(verdict.refusal()).isEqualTo(StepRefusal.GRADIENT_DEAD);
        double gradient = verdict.replay().vitals().gradientNonZero();
        assertThat(gradient).as("between the lowered and the kept θ_g").isGreaterThan(0.05).isLessThan(0.1);
    }

    /** The threat the decision weighs: at θ_g = 0.05 the same step wins, paying 14 counted products per real one. */
    @Test
    void atHalfTheThresholdTheSameCheapStepWouldBeAccepted() {
        byte[] start = mostlyKilled();
        MinedStep claim = MiningFixtures.claim(task, data, start, TIP);
        LivenessRule lowered = new LivenessRule(0.05, LivenessRule.DEFAULT.minParametersChanged(),
                LivenessRule.DEFAULT.maxSubnormal());

        StepVerdict verdict = new StepReplay(task, data, TICKETS, lowered, TEAM).check(start, MINER, TIP, claim);

        assertThat(verdict.refusal()).isNull();
        int batch = task.hyperparameters().batchSize();
        long forward = verdict.replay().countedMultiplyAdds() / TicketRule.PASSES;
        long neededAtMost = batch * ((long) INPUTS * LIVE + (long) LIVE * CLASSES);
        assertThat(forward).as("every product into a dead unit counted").isGreaterThanOrEqualTo(
                batch * (long) INPUTS * HIDDEN);
        assertThat(forward / neededAtMost).as("counted products per product a skipping miner computes")
                .isGreaterThanOrEqualTo(13);
    }

    /** Three honest steps, then every hidden unit but the first {@link #LIVE} given a bias no input overcomes. */
    private byte[] mostlyKilled() {
        TrainingState state = MiningFixtures.trained(task, data, 3);
        DenseLayer hidden = (DenseLayer) state.network().layers().getFirst();
        float[] bias = hidden.bias().value()[0];
        for (int unit = LIVE; unit < HIDDEN; unit++) {
            bias[unit] = -1.0e4f;
        }
        return state.encode();
    }
}
