package org.pouw.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.audit.AuditChallenge;
import org.pouw.ml.audit.AuditVerdict;
import org.pouw.ml.audit.CommittedTrainer;
import org.pouw.ml.audit.TrainingAuditor;
import org.pouw.ml.audit.TrainingCommitment;
import org.pouw.ml.audit.VerdictReason;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Presets;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * A task that starts from an ONNX model's weights ({@code --init}): the weights come in bit for bit, their state's hash
 * is part of the task's identity, a verifier replays from them, and a model that is not exactly the task's
 * architecture is refused naming the tensor or the layers. Every ONNX file here is one the test writes itself.
 */
class OnnxInitialWeightsTest {
    private static final Dataset BLOBS = SyntheticData.blobs(96, 12, 4, 0.6, 3);
    private static final MlpArchitecture MLP = new MlpArchitecture(12, List.of(24, 16), Activation.TANH, 0f, 4);
    private static final SgdMomentum SGD = new SgdMomentum(0.05f, 0.9f);

    /** A trained network of {@code task} and its ONNX export. */
    private record Trained(Network network, byte[] onnx) {
    }

    private static Trained trained(TrainingTask task, Dataset data, int steps) {
        TrainingState state = TrainingState.initial(task);
        try (ThreadTeam team = ThreadTeam.single()) {
            Trainer trainer = new Trainer(task, data, state, team);
            for (int s = 0; s < steps; s++) {
                trainer.step();
            }
        }
        return new Trained(state.network(), OnnxExport.export(task.architecture(), state.network()));
    }

    private static TrainingTask seeded(long steps) {
        return Tasks.task(MLP, SGD, Loss.SOFTMAX_CROSS_ENTROPY, 16, BLOBS, BLOBS, 5, steps);
    }

    @Test
    void theWeightsComeInBitForBitAndTheirHashIsPartOfTheTasksIdentity() {
        Trained model = trained(seeded(20), BLOBS, 12);
        TrainingTask base = seeded(20);
        TrainingState start = OnnxInitialWeights.load(MLP, SGD, model.onnx());
        for (int p = 0; p < start.network().parameters().size(); p++) {
            assertThat(start.network().parameters().get(p).value())
                    .isDeepEqualTo(model.network().parameters().get(p).value());
        }
        assertThat(start.stepsDone()).isZero();

        Bytes32 hash;
        try (ThreadTeam team = ThreadTeam.single()) {
            hash = start.hash(team);
        }
        TrainingTask task = base.withInitialState(hash);
        assertThat(task.id()).isNotEqualTo(base.id());
        assertThat(TrainingTask.decode(task.encode())).isEqualTo(task);
        assertThat(base.encode()[4]).isEqualTo((byte) 1); // a seeded task keeps version 1, byte for byte
        assertThat(task.encode()[4]).isEqualTo((byte) 2);
        assertThat(base.withInitialState(TrainingState.start(task, start.encode()).hash(ThreadTeam.single())).id())
                .isEqualTo(task.id());
        assertThatThrownBy(() -> TrainingState.initial(task)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("starts from given weights");
    }

    @Test
    void aVerifierReplaysFromTheGivenWeightsAndRefusesAWorkerThatStartsFromTheSeed() {
        TrainingTask base = seeded(16);
        Trained model = trained(seeded(40), BLOBS, 30);
        TrainingState start = OnnxInitialWeights.load(MLP, SGD, model.onnx());
        TrainingTask task = base.withInitialState(start.hash(ThreadTeam.single()));
        TrainingAuditor auditor = new TrainingAuditor(task, BLOBS, BLOBS, ThreadTeam.single());
        SecureRandom random = new SecureRandom();

        CommittedTrainer honest = new CommittedTrainer(task, BLOBS, TrainingState.start(task, start.encode()),
                task.steps(), 4, ThreadTeam.single());
        TrainingCommitment commitment = honest.trainAll();
        AuditChallenge challenge = AuditChallenge.issue(commitment, random, (int) task.steps());
        AuditVerdict verdict = auditor.verify(commitment, challenge, honest.open(challenge));
        assertThat(verdict.reason()).isEqualTo(VerdictReason.ACCEPTED);

        // A worker that ignores the client's model and trains from the seed's weights under this task's id.
        CommittedTrainer fromSeed = new CommittedTrainer(task, BLOBS, TrainingState.initial(base), task.steps(), 4,
                ThreadTeam.single());
        TrainingCommitment wrong = fromSeed.trainAll();
        AuditChallenge wrongChallenge = AuditChallenge.issue(wrong, random, 1);
        assertThat(auditor.verify(wrong, wrongChallenge, fromSeed.open(wrongChallenge)).reason())
                .isEqualTo(VerdictReason.START_STATE_MISMATCH);
    }

    @Test
    void aResNetBringsItsWeightsAndBatchNormStatistics() {
        Dataset images = SyntheticData.images(48, 8, 8, 3, 3, 5);
        TrainingTask task = Tasks.task(Presets.resNet(8, 8, 3, 1, 4, 3), SGD, Loss.SOFTMAX_CROSS_ENTROPY, 16, images,
                images, 5, 8);
        Trained model = trained(task, images, 6);
        TrainingState start = OnnxInitialWeights.load(task.architecture(), SGD, model.onnx());
        // Buffers are (running mean, running variance) per batch norm. The graph holds the mean as it is, but only the
        // float scale 1/√(var + ε) of the variance; the importer picks a variance with exactly that scale (docs/ml.md).
        for (int b = 0; b < start.network().buffers().size(); b++) {
            float[] given = start.network().buffers().get(b).value()[0];
            float[] trained = model.network().buffers().get(b).value()[0];
            for (int c = 0; c < given.length; c++) {
                if (b % 2 == 0) {
                    assertThat(given[c]).isEqualTo(trained[c]);
                } else {
                    assertThat(scale(given[c])).isEqualTo(scale(trained[c]));
                }
            }
        }
        for (int p = 0; p < start.network().parameters().size(); p++) {
            assertThat(start.network().parameters().get(p).value())
                    .isDeepEqualTo(model.network().parameters().get(p).value());
        }
    }

    private static float scale(float variance) {
        return (float) (1.0 / Math.sqrt(variance + 1e-5));
    }

    @Test
    void aTensorOfAnotherShapeIsRefusedNamingIt() {
        byte[] onnx = trained(seeded(4), BLOBS, 2).onnx();
        MlpArchitecture narrower = new MlpArchitecture(12, List.of(24, 8), Activation.TANH, 0f, 4);
        assertThatThrownBy(() -> OnnxInitialWeights.load(narrower, SGD, onnx))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("parameter #2")
                .hasMessageContaining("'dense.weight' 24×16 float32")
                .hasMessageContaining("(op Gemm)")
                .hasMessageContaining("'dense.weight' 24×8 float32");
    }

    @Test
    void aMissingOrExtraTensorIsRefusedNamingIt() {
        byte[] onnx = trained(seeded(4), BLOBS, 2).onnx();
        MlpArchitecture deeper = new MlpArchitecture(12, List.of(24, 16, 16), Activation.TANH, 0f, 4);
        assertThatThrownBy(() -> OnnxInitialWeights.load(deeper, SGD, onnx))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("parameter #4");
        MlpArchitecture shallower = new MlpArchitecture(12, List.of(24), Activation.TANH, 0f, 4);
        assertThatThrownBy(() -> OnnxInitialWeights.load(shallower, SGD, onnx))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("parameter #2");
    }

    @Test
    void theSameTensorsBetweenOtherLayersAreRefused() {
        byte[] onnx = trained(seeded(4), BLOBS, 2).onnx();
        MlpArchitecture relu = new MlpArchitecture(12, List.of(24, 16), Activation.RELU, 0f, 4);
        assertThatThrownBy(() -> OnnxInitialWeights.load(relu, SGD, onnx))
                .isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("layers")
                .hasMessageContaining("tanh")
                .hasMessageContaining("relu");
    }

    @Test
    void bytesThatAreNoOnnxModelAreRefused() {
        assertThatThrownBy(() -> OnnxInitialWeights.load(MLP, SGD, new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(OnnxImportException.class);
    }

    @Test
    void aStartStateThatIsNotTheTasksIsRefusedNamingIt() {
        TrainingTask base = seeded(8);
        TrainingState start = OnnxInitialWeights.load(MLP, SGD, trained(base, BLOBS, 3).onnx());
        TrainingTask task = base.withInitialState(start.hash(ThreadTeam.single()));
        assertThatThrownBy(() -> TrainingState.start(task, null)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("initial state");
        byte[] other = TrainingState.initial(base).encode();
        assertThatThrownBy(() -> TrainingState.start(task, other)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("initial state: hashes to");
        byte[] cut = java.util.Arrays.copyOf(start.encode(), start.encode().length - 4);
        assertThatThrownBy(() -> TrainingState.start(task, cut)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("initial state");
        // A state after one step (its momentum no longer zero) is no start, even under a task naming its hash.
        TrainingState stepped = TrainingState.start(task, start.encode());
        new Trainer(task, BLOBS, stepped, ThreadTeam.single()).step();
        TrainingTask namingStepped = base.withInitialState(stepped.hash(ThreadTeam.single()));
        assertThatThrownBy(() -> TrainingState.start(namingStepped, stepped.encode()))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("initial state");
    }
}
