package org.pouw.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Hex;
import org.pouw.ml.audit.StepLeaf;
import org.pouw.ml.audit.TrainingCommitment;
import org.pouw.ml.data.BatchSchedule;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.Presets;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.LearningRateSchedule;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * Formats and derivations that must not drift: a task's encoding and id, the initial state hash (weight
 * initialisation), the batch schedule, the step-leaf and commitment hashes. If one of these changes, existing
 * tasks and commitments stop verifying — change the version tag instead.
 */
class GoldenVectorsTest {
    private static final TrainingTask TASK = new TrainingTask(
            new MlpArchitecture(4, List.of(3), Activation.RELU, 0f, 2),
            new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 2),
            filled(0x11), filled(0x22), 5, 100, TargetMetric.accuracyAtLeast(0.9), 1234);

    @Test
    void taskEncodingAndId() {
        assertThat(Hex.encode(TASK.encode())).isEqualTo(GOLDEN_TASK_ENCODING);
        assertThat(TASK.id().hex()).isEqualTo(GOLDEN_TASK_ID);
    }

    /** Every layer kind of a stack, SGD with L2 decay, warm-up + cosine and a clip: the new encodings. */
    private static final TrainingTask STACK_TASK = new TrainingTask(
            new StackArchitecture(4, 4, 1, List.of(new LayerSpec.Conv(2, 3, 2, 1), new LayerSpec.BatchNorm(),
                    new LayerSpec.Act(Activation.RELU), new LayerSpec.Residual(List.of(new LayerSpec.Conv(2, 1, 1, 0),
                            new LayerSpec.LayerNorm(), new LayerSpec.Gelu()), List.of()), new LayerSpec.MaxPool(1),
                    new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(2))),
            new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f, 5e-4f), 2,
                    LearningRateSchedule.cosine(3, 0.1f), 1f),
            filled(0x11), filled(0x22), 5, 100, TargetMetric.accuracyAtLeast(0.9), 1234);

    /** The ResNet-8 preset with AdamW: its id and initial state (batch-norm buffers included) must not drift. */
    private static final TrainingTask RESNET8_TASK = new TrainingTask(Presets.resNet8(),
            new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, Adam.decoupled(1e-3f, 0.05f), 32,
                    LearningRateSchedule.cosine(50, 0f), 5f),
            filled(0x33), filled(0x44), 8, 1000, TargetMetric.accuracyAtLeast(0.6), 5000);

    @Test
    void stackTaskEncodingAndId() {
        assertThat(Hex.encode(STACK_TASK.encode())).isEqualTo(GOLDEN_STACK_TASK_ENCODING);
        assertThat(STACK_TASK.id().hex()).isEqualTo(GOLDEN_STACK_TASK_ID);
        assertThat(TrainingState.initial(STACK_TASK).hash(ThreadTeam.single()).hex()).isEqualTo(GOLDEN_STACK_INITIAL_STATE);
    }

    @Test
    void resNet8TaskIdAndInitialState() {
        assertThat(RESNET8_TASK.id().hex()).isEqualTo(GOLDEN_RESNET8_TASK_ID);
        assertThat(TrainingState.initial(RESNET8_TASK).hash(ThreadTeam.single()).hex()).isEqualTo(GOLDEN_RESNET8_INITIAL_STATE);
    }

    /** The character transformer preset with AdamW: its id and initial state must not drift. */
    private static final TrainingTask CHAR_TRANSFORMER_TASK = new TrainingTask(Presets.charTransformer(),
            new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, Adam.decoupled(3e-4f, 0.1f), 32,
                    LearningRateSchedule.cosine(100, 0.1f), 1f),
            filled(0x55), filled(0x66), 9, 2000, TargetMetric.lossAtMost(1.5), 5000);

    @Test
    void charTransformerTaskIdAndInitialState() {
        assertThat(CHAR_TRANSFORMER_TASK.id().hex()).isEqualTo(GOLDEN_CHAR_TRANSFORMER_TASK_ID);
        assertThat(TrainingState.initial(CHAR_TRANSFORMER_TASK).hash(ThreadTeam.single()).hex())
                .isEqualTo(GOLDEN_CHAR_TRANSFORMER_INITIAL_STATE);
    }

    @Test
    void initialStateFromTheSeed() {
        assertThat(TrainingState.initial(TASK).hash(ThreadTeam.single()).hex()).isEqualTo(GOLDEN_INITIAL_STATE);
    }

    @Test
    void batchScheduleOfTheFirstSteps() {
        BatchSchedule schedule = new BatchSchedule(5, 10, 3);
        assertThat(Arrays.toString(schedule.batch(0)) + Arrays.toString(schedule.batch(1)) + Arrays.toString(schedule.batch(3)))
                .isEqualTo(GOLDEN_BATCHES);
    }

    @Test
    void stepLeafAndCommitmentHashes() {
        StepLeaf leaf = new StepLeaf(7, filled(1), StepLeaf.batchHash(new int[] {3, 1, 4}), filled(2));
        assertThat(leaf.hash().hex()).isEqualTo(GOLDEN_LEAF);
        TrainingCommitment commitment = new TrainingCommitment(filled(3), 0, 10, filled(4), filled(5), filled(6));
        assertThat(commitment.id().hex()).isEqualTo(GOLDEN_COMMITMENT);
    }

    private static Bytes32 filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return Bytes32.of(bytes);
    }

    private static final String GOLDEN_TASK_ENCODING = "504d4c54010100000004010000000300000000000000000200013d4ccccd3f666666000000021111111111111111111111111111111111111111111111111111111111111111222222222222222222222222222222222222222222222222222222222222222200000000000000050000000000000064003feccccccccccccd00000000000004d2";
    private static final String GOLDEN_STACK_TASK_ENCODING = "504d4c54010300000004000000040000000100000007010000000203020102040009030100000002010100030500060107080000000280033d4ccccd3f6666663a03126f000000020000000000000003013dcccccd3f8000001111111111111111111111111111111111111111111111111111111111111111222222222222222222222222222222222222222222222222222222222222222200000000000000050000000000000064003feccccccccccccd00000000000004d2";
    private static final String GOLDEN_STACK_TASK_ID = "9ae5ff75a5bba3f97fe41041a70c45fc877dea5eb0e1b6514b079d7f22399853";
    private static final String GOLDEN_STACK_INITIAL_STATE = "a54d323ecd181dd6f42ac50b65e9dc5760dead1cd1ae803dc3511addc76146de";
    private static final String GOLDEN_RESNET8_TASK_ID = "c28b7b61145a6e3bb36eaa2f83139bd229a0007b066c9cbed113b5bf5727a3cc";
    private static final String GOLDEN_RESNET8_INITIAL_STATE = "826a4ec8dad8e3899ad5a114e8b1ab222767d6400d843fccdb836af25a2e7600";
    private static final String GOLDEN_CHAR_TRANSFORMER_TASK_ID = "f9a9d095100165ebd31dee9019826d060248c788a694fddfb080faa4b64f263c";
    private static final String GOLDEN_CHAR_TRANSFORMER_INITIAL_STATE = "07dc574f322113862c8e881d1b91ae7c834918c43f091f17ecfcc1a686025253";
    private static final String GOLDEN_TASK_ID = "8e056ab6ec9f866234ba6596231dc9c1b9a9492ecf597f43561bc74346298c9a";
    private static final String GOLDEN_INITIAL_STATE = "a8caa61331b2e658866be7fcbc1711e41b33bb98ef78287d978654a1dc073327";
    private static final String GOLDEN_BATCHES = "[7, 3, 2][5, 4, 6][4, 3, 0]";
    private static final String GOLDEN_LEAF = "5db47dde6900c1fb697222ec81eda454a1778f8b146ff5b60f645044b0c34695";
    private static final String GOLDEN_COMMITMENT = "7fa1882162cf4539e038bcb77adbea6834123bed7845df501fd86fe398d22536";
}
