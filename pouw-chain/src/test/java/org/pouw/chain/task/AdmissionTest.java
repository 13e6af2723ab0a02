package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.task.TaskScenario.HELD_OUT;
import static org.pouw.chain.task.TaskScenario.SALT;
import static org.pouw.chain.task.TaskScenario.TRAINING;
import static org.pouw.chain.task.TaskScenario.id;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.StateRoot;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;

/**
 * Admission (docs/chain.md §4.2): a posted task with any one field out of its range is refused, the refusal names the
 * field, and the state — the poster's balance and nonce, the tasks, the root — is unchanged. Posted at height 0
 * under the scenario's parameters (epoch 5, windows 2, lifetime 10,000, B_max 512, c_n 10, C_mac 2^25, C_words
 * 2^22, which leaves F_max the binding cap on the model's bytes).
 */
class AdmissionTest {
    private static final Ed25519.KeyPair POSTER = TaskScenario.key(40);
    private static final Architecture MLP = MlpArchitecture.of(4, List.of(8), Activation.RELU, 3);

    private static PayForTask pay(Architecture architecture, OptimizerSpec optimizer, int batch, long escrow, long n,
                                  int features, int classes, long commitBy, long revealBy, long heldOutBy) {
        Bytes32 heldOut = HeldOutCommitment.of(SALT, new DatasetId(HELD_OUT.root(), HELD_OUT.size()));
        TrainingTask task = new TrainingTask(architecture, new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, optimizer,
                batch), TRAINING.root(), heldOut, 3, 1_000, TargetMetric.accuracyAtLeast(0.5), escrow);
        return new PayForTask(task, n, features, classes, commitBy, revealBy, heldOutBy);
    }

    private static PayForTask withOptimizer(OptimizerSpec optimizer) {
        return pay(MLP, optimizer, 2, 1_000, 40, 4, 3, 12, 16, 20);
    }

    private static PayForTask withBatch(int batch, long n) {
        return pay(MLP, new SgdMomentum(0.1f, 0.9f), batch, 1_000, n, 4, 3, 12, 16, 20);
    }

    private static PayForTask withArchitecture(Architecture architecture) {
        return pay(architecture, new SgdMomentum(0.1f, 0.9f), 2, 1_000, 40, 4, 3, 12, 16, 20);
    }

    private static PayForTask withShape(int features, int classes) {
        return pay(MLP, new SgdMomentum(0.1f, 0.9f), 2, 1_000, 40, features, classes, 12, 16, 20);
    }

    private static PayForTask withEscrowAndDeadlines(long escrow, long commitBy, long revealBy, long heldOutBy) {
        return pay(MLP, new SgdMomentum(0.1f, 0.9f), 2, escrow, 40, 4, 3, commitBy, revealBy, heldOutBy);
    }

    @Test
    void eachOutOfRangeFieldIsRefusedByNameAndChangesNothing() {
        Map<String, PayForTask> broken = new LinkedHashMap<>();
        broken.put("learning rate (SGD too high)", withOptimizer(new SgdMomentum(2f, 0.9f)));
        broken.put("learning rate (SGD too low)", withOptimizer(new SgdMomentum(1e-5f, 0.9f)));
        broken.put("learning rate (Adam too high)", withOptimizer(Adam.withLearningRate(0.1f)));
        broken.put("learning rate (Adam too low)", withOptimizer(Adam.withLearningRate(1e-6f)));
        broken.put("batch size", withBatch(513, 100_000));
        broken.put("dataset size", withBatch(8, 40));
        broken.put("features", withShape(5, 3));
        broken.put("classes", withShape(4, 4));
        broken.put("multiply-adds per step",
                withArchitecture(MlpArchitecture.of(4, List.of(4096, 4096), Activation.RELU, 3)));
        broken.put("state words", withArchitecture(MlpArchitecture.of(4, List.of(1500, 1500), Activation.RELU, 3)));
        broken.put("model size", withArchitecture(MlpArchitecture.of(4, List.of(1024, 512), Activation.RELU, 3)));
        broken.put("StrictMath calls per step", pay(MlpArchitecture.of(4, List.of(40_000), Activation.TANH, 3),
                new SgdMomentum(0.1f, 0.9f), 4, 1_000, 40, 4, 3, 12, 16, 20));
        broken.put("escrow", withEscrowAndDeadlines(0, 12, 16, 20));
        broken.put("commit deadline (too soon)", withEscrowAndDeadlines(1_000, 4, 16, 20));
        broken.put("commit deadline (too far)", withEscrowAndDeadlines(1_000, 10_001, 10_003, 10_005));
        broken.put("reveal deadline", withEscrowAndDeadlines(1_000, 12, 13, 20));
        broken.put("held-out deadline", withEscrowAndDeadlines(1_000, 12, 16, 17));

        for (Map.Entry<String, PayForTask> entry : broken.entrySet()) {
            TaskScenario chain = new TaskScenario(POSTER);
            Bytes32 root = StateRoot.of(chain.state);
            long balance = chain.state.account(id(POSTER)).balance();
            TxOutcome outcome = chain.transactions.apply(chain.state, chain.tx(POSTER, entry.getValue()), 0);
            String field = entry.getKey().replaceAll(" \\(.*\\)", "");
            assertThat(outcome.refusal()).as(entry.getKey()).isEqualTo(TxRefusal.TASK_NOT_ADMITTED);
            assertThat(outcome.detail()).as(entry.getKey()).startsWith(field + ":");
            assertThat(StateRoot.of(chain.state)).as(entry.getKey()).isEqualTo(root);
            assertThat(chain.state.account(id(POSTER)).balance()).isEqualTo(balance);
            assertThat(chain.state.account(id(POSTER)).nonce()).isZero();
        }
    }

    /** The same task inside every range is admitted, its escrow leaving the poster's balance. */
    @Test
    void aTaskInsideEveryRangeIsAdmitted() {
        TaskScenario chain = new TaskScenario(POSTER);
        PayForTask good = withEscrowAndDeadlines(1_000, 12, 16, 20);
        TxOutcome outcome = chain.transactions.apply(chain.state, chain.tx(POSTER, good), 0);
        assertThat(outcome.isApplied()).as(outcome.toString()).isTrue();
        assertThat(chain.state.account(id(POSTER)).balance()).isEqualTo(TaskScenario.FUNDS - 1_000 - 1);
        assertThat(chain.transactions.apply(chain.state.child(), chain.tx(POSTER,
                pay(MLP, Adam.withLearningRate(0.001f), 4, 1, 40, 4, 3, 5, 7, 9)), 0).isApplied()).isTrue();
    }

    /**
     * C_math (docs/chain.md §3.4): 40,000 tanh units at batch 4 call StrictMath.tanh 160,000 times a step, plus the
     * softmax's 3 exp and 1 log per record — over the default 150,000 — while the same shape with ReLU units, well
     * inside C_mac and C_words, calls it only for the softmax and is admitted.
     */
    @Test
    void aTaskOverTheStrictMathCapIsRefusedAndItsReluTwinAdmitted() {
        Architecture tanh = MlpArchitecture.of(4, List.of(40_000), Activation.TANH, 3);
        Architecture relu = MlpArchitecture.of(4, List.of(40_000), Activation.RELU, 3);
        Hyperparameters sgd = new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f), 4);
        assertThat(StepMathBound.maxMathCalls(tanh, sgd)).isEqualTo(4L * (40_000 + 3 + 1));
        assertThat(StepMathBound.maxMathCalls(relu, sgd)).isEqualTo(4L * (3 + 1));
        assertThat(StepMathBound.maxMathCalls(tanh, new Hyperparameters(Loss.MEAN_SQUARED_ERROR, Adam.withLearningRate(0.001f), 4)))
                .as("no softmax, two pow calls for Adam").isEqualTo(4L * 40_000 + 2);
        assertThat(StepMathBound.maxMathCalls(new CnnArchitecture(28, 28, 1, 8, 5, 2, 32, Activation.SIGMOID, 10),
                sgd)).isEqualTo(4L * (24 * 24 * 8 + 32 + 10 + 1));

        TaskScenario chain = new TaskScenario(POSTER);
        TxOutcome refused = chain.transactions.apply(chain.state, chain.tx(POSTER,
                pay(tanh, new SgdMomentum(0.1f, 0.9f), 4, 1_000, 40, 4, 3, 12, 16, 20)), 0);
        assertThat(refused.refusal()).isEqualTo(TxRefusal.TASK_NOT_ADMITTED);
        assertThat(refused.detail()).startsWith("StrictMath calls per step:").contains("C_math = 150000")
                .contains("160016");
        TxOutcome admitted = chain.transactions.apply(chain.state, chain.tx(POSTER,
                pay(relu, new SgdMomentum(0.1f, 0.9f), 4, 1_000, 40, 4, 3, 12, 16, 20)), 0);
        assertThat(admitted.isApplied()).as(admitted.toString()).isTrue();
    }

    /**
     * A batch-norm stack's running averages are state words the replay hashes and the reveal carries: 50,000 units
     * at 4-50,000-3 with SGD momentum are 1,000,006 parameter and slot words (4,000,048 bytes, inside the 4 MiB
     * reveal), and their 100,000 buffer words push the state to 4,400,052 bytes. Counting parameters and slots only,
     * as before, admitted it.
     */
    @Test
    void aBatchNormStacksBuffersCountInItsState() {
        StackArchitecture stack = new StackArchitecture(1, 1, 4, List.of(new LayerSpec.Dense(50_000),
                new LayerSpec.BatchNorm(), new LayerSpec.Act(Activation.RELU), new LayerSpec.Dense(3)));
        assertThat(stack.parameterCount()).isEqualTo(500_003);
        assertThat(stack.bufferCount()).isEqualTo(100_000);

        TaskScenario chain = new TaskScenario(POSTER);
        TxOutcome refused = chain.transactions.apply(chain.state, chain.tx(POSTER, withArchitecture(stack)), 0);

        assertThat(refused.refusal()).isEqualTo(TxRefusal.TASK_NOT_ADMITTED);
        assertThat(refused.detail()).startsWith("model size:").contains("4400052");
        StackArchitecture withoutNorm = new StackArchitecture(1, 1, 4, List.of(new LayerSpec.Dense(50_000),
                new LayerSpec.Act(Activation.RELU), new LayerSpec.Dense(3)));
        TxOutcome admitted = chain.transactions.apply(chain.state, chain.tx(POSTER, withArchitecture(withoutNorm)), 0);
        assertThat(admitted.isApplied()).as(admitted.toString()).isTrue();
    }

    /**
     * The validation goal (docs/chain.md §3.4: a replay within 2 × one engine step + 5 ms) holds for what the default
     * caps admit, not for every shape: the shapes `ReplayCapBenchmark` found over it (a large state trained on a small
     * batch, the replay's two state hashes outweighing the step) are refused by C_words (or C_mac), while the largest
     * state C_words admits, at batch 1 — measured inside the goal by `ValidationGoalBenchmark` — is admitted.
     */
    @Test
    void theShapesOverTheValidationGoalAreRefusedByTheDefaultCaps() {
        TaskAdmission defaults = new TaskAdmission(TaskParameters.DEFAULTS);
        SgdMomentum sgd = new SgdMomentum(0.05f, 0.9f);
        Map<String, PayForTask> overTheGoal = Map.of(
                "784-512-256-10 batch 64", pay(MlpArchitecture.of(784, List.of(512, 256), Activation.RELU, 10), sgd,
                        64, 1_000, 10_000, 784, 10, 1_000, 2_000, 3_000),
                "784-512-256-10 batch 4", pay(MlpArchitecture.of(784, List.of(512, 256), Activation.RELU, 10), sgd,
                        4, 1_000, 10_000, 784, 10, 1_000, 2_000, 3_000),
                "784-256-128-10 batch 8", pay(MlpArchitecture.of(784, List.of(256, 128), Activation.RELU, 10), sgd,
                        8, 1_000, 10_000, 784, 10, 1_000, 2_000, 3_000));
        overTheGoal.forEach((name, pay) -> assertThat(defaults.check(pay, 0)).as(name).isNotNull()
                .extracting(AdmissionRefusal::field).isIn("state words", "multiply-adds per step"));
        assertThat(defaults.check(pay(MlpArchitecture.of(784, List.of(248), Activation.RELU, 10), sgd, 1, 1_000,
                10_000, 784, 10, 1_000, 2_000, 3_000), 0)).as("784-248-10 at batch 1: 394,340 state words").isNull();
    }

    /** M_max from the architecture: an MLP 784-128-64-10 at batch 64 counts 3·64·109,184 multiply-adds a step. */
    @Test
    void theStepWorkBoundIsTheArchitecturesProductsTimesBatchTimesThree() {
        assertThat(StepWorkBound.maxCountedMultiplyAdds(
                MlpArchitecture.of(784, List.of(128, 64), Activation.RELU, 10), 64)).isEqualTo(20_963_328L);
        assertThat(StepWorkBound.maxCountedMultiplyAdds(new CnnArchitecture(28, 28, 1, 8, 5, 2,
                32, Activation.RELU, 10), 32)).isEqualTo(3L * 32 * (24 * 24 * 25 * 8 + 12 * 12 * 8 * 32 + 320));
    }
}
