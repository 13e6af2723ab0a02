package org.pouw.ml.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.pouw.ml.SyntheticData;
import org.pouw.ml.Tasks;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.federated.FederatedSpec;
import org.pouw.ml.federated.MultiKrum;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.EncodingException;

/**
 * Every wire record round-trips through its canonical encoding, and its strict decoder turns random or mutated
 * bytes into either the same kind of record (re-encoding to exactly those bytes) or an {@link EncodingException}
 * — never another exception.
 */
class WireFormatProperties {
    private static final Dataset DATA = SyntheticData.blobs(120, 16, 4, 0.5, 3);
    private static final TrainingTask TASK = Tasks.smallMlp(DATA, DATA, 24);
    private static final CommittedTrainer WORKER = trained();
    private static final TrainingCommitment COMMITMENT = WORKER.commit();
    private static final AuditChallenge CHALLENGE = AuditChallenge.issue(COMMITMENT, new SecureRandom(), 3);
    private static final TrainingOpening OPENING = WORKER.open(CHALLENGE);
    private static final AuditVerdict VERDICT = new TrainingAuditor(TASK, DATA, DATA, ThreadTeam.single())
            .verify(COMMITMENT, CHALLENGE, OPENING);
    private static final AuditVerdict REJECTION = AuditVerdict.reject(VerdictReason.CHAIN_BROKEN, 7, "détail");
    private static final FederatedSpec FEDERATED = new FederatedSpec(new MultiKrum(2, 4), 9, 5, 10);

    private static CommittedTrainer trained() {
        CommittedTrainer worker = new CommittedTrainer(TASK, DATA, TrainingState.initial(TASK), 24, 8, ThreadTeam.single());
        worker.trainAll();
        return worker;
    }

    /** Every stack layer kind, SGD with L2 decay, warm-up + cosine and a clip (the extended encodings). */
    private static final TrainingTask STACK_TASK = new TrainingTask(
            new org.pouw.ml.model.StackArchitecture(4, 4, 1, List.of(new org.pouw.ml.model.LayerSpec.Conv(2, 3, 2, 1),
                    new org.pouw.ml.model.LayerSpec.BatchNorm(), new org.pouw.ml.model.LayerSpec.Act(org.pouw.ml.model.Activation.RELU),
                    new org.pouw.ml.model.LayerSpec.Residual(List.of(new org.pouw.ml.model.LayerSpec.Conv(2, 1, 1, 0),
                            new org.pouw.ml.model.LayerSpec.LayerNorm(), new org.pouw.ml.model.LayerSpec.Gelu()),
                            List.of(new org.pouw.ml.model.LayerSpec.PositionalEmbedding())),
                    new org.pouw.ml.model.LayerSpec.MaxPool(1), new org.pouw.ml.model.LayerSpec.GlobalAvgPool(),
                    new org.pouw.ml.model.LayerSpec.Dense(4))),
            new org.pouw.ml.task.Hyperparameters(org.pouw.ml.train.Loss.SOFTMAX_CROSS_ENTROPY,
                    new org.pouw.ml.train.SgdMomentum(0.05f, 0.9f, 5e-4f), 2,
                    org.pouw.ml.train.LearningRateSchedule.cosine(3, 0.1f), 1f),
            DATA.root(), DATA.root(), 5, 10, org.pouw.ml.task.TargetMetric.accuracyAtLeast(0.5), 10);
    private static final TrainingState STACK_STATE = TrainingState.initial(STACK_TASK);
    /** The transformer's layers: embeddings, causal attention, the last position. */
    private static final TrainingTask TRANSFORMER_TASK = new TrainingTask(org.pouw.ml.model.Presets.transformer(3, 4, 4, 2, 1),
            new org.pouw.ml.task.Hyperparameters(org.pouw.ml.train.Loss.SOFTMAX_CROSS_ENTROPY,
                    org.pouw.ml.train.Adam.decoupled(0.01f, 0.01f), 2), DATA.root(), DATA.root(), 6, 10,
            org.pouw.ml.task.TargetMetric.lossAtMost(1.0), 10);

    /** Each format: valid bytes and the decode-then-encode function. */
    private static final List<Format> FORMATS = List.of(
            new Format("task", TASK.encode(), b -> TrainingTask.decode(b).encode()),
            new Format("task from given weights", TASK.withInitialState(org.pouw.ml.wire.Bytes32.fromHex("5a".repeat(32)))
                    .encode(), b -> TrainingTask.decode(b).encode()),
            new Format("commitment", COMMITMENT.encode(), b -> TrainingCommitment.decode(b).encode()),
            new Format("challenge", CHALLENGE.encode(), b -> AuditChallenge.decode(b).encode()),
            new Format("opening", OPENING.encode(), b -> TrainingOpening.decode(b).encode()),
            new Format("verdict", VERDICT.encode(), b -> AuditVerdict.decode(b).encode()),
            new Format("rejection", REJECTION.encode(), b -> AuditVerdict.decode(b).encode()),
            new Format("federated", FEDERATED.encode(), b -> FederatedSpec.decode(b).encode()),
            new Format("model", ModelFile.encode(TASK.architecture(), WORKER.state().network()),
                    b -> { ModelFile.Model m = ModelFile.decode(b); return ModelFile.encode(m.architecture(), m.network()); }),
            new Format("state", WORKER.state().encode(), b -> TrainingState.decode(TASK, b).encode()),
            new Format("stack task", STACK_TASK.encode(), b -> TrainingTask.decode(b).encode()),
            new Format("stack state", STACK_STATE.encode(), b -> TrainingState.decode(STACK_TASK, b).encode()),
            new Format("stack model", ModelFile.encode(STACK_TASK.architecture(), STACK_STATE.network()),
                    b -> { ModelFile.Model m = ModelFile.decode(b); return ModelFile.encode(m.architecture(), m.network()); }),
            new Format("transformer task", TRANSFORMER_TASK.encode(), b -> TrainingTask.decode(b).encode()),
            new Format("dataset", DatasetCodec.encode(SyntheticData.blobs(6, 3, 3, 0.5, 5)),
                    b -> DatasetCodec.encode(DatasetCodec.decode(b))));

    private record Format(String name, byte[] valid, Function<byte[], byte[]> reencode) {
    }

    @Property(tries = 20)
    void validEncodingsRoundTrip(@ForAll("formatIndex") int format) {
        Format f = FORMATS.get(format);
        assertThat(f.reencode().apply(f.valid())).as(f.name()).isEqualTo(f.valid());
    }

    @Property(tries = 600)
    void mutatedEncodingsDecodeCanonicallyOrFailWithEncodingException(@ForAll("mutations") Mutated input) {
        assertStrict(FORMATS.get(input.format()), input.bytes());
    }

    @Property(tries = 300)
    void randomBytesFailWithEncodingException(@ForAll("formatIndex") int format, @ForAll @Size(max = 200) byte[] bytes) {
        assertStrict(FORMATS.get(format), bytes);
    }

    private static void assertStrict(Format format, byte[] bytes) {
        try {
            byte[] again = format.reencode().apply(bytes);
            assertThat(again).as("%s decoded, so it must be canonical", format.name()).isEqualTo(bytes);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    record Mutated(int format, byte[] bytes) {
    }

    @Provide
    Arbitrary<Integer> formatIndex() {
        return Arbitraries.integers().between(0, FORMATS.size() - 1);
    }

    @Provide
    Arbitrary<Mutated> mutations() {
        return Combinators.combine(formatIndex(), Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, 3), Arbitraries.bytes()).as((format, where, how, value) -> {
                    byte[] valid = FORMATS.get(format).valid();
                    // Favour the first 200 bytes, where the structure is; states are mostly floats.
                    int at = where % 2 == 0 ? (where / 2) % Math.min(200, valid.length) : (where / 2) % valid.length;
                    byte[] bytes = switch (how) {
                        case 0 -> flip(valid, at, value);
                        case 1 -> java.util.Arrays.copyOf(valid, at);
                        case 2 -> java.util.Arrays.copyOf(valid, valid.length + 1 + at % 5);
                        default -> set(valid, at, value);
                    };
                    return new Mutated(format, bytes);
                });
    }

    private static byte[] flip(byte[] valid, int at, byte value) {
        byte[] copy = valid.clone();
        copy[at] ^= (byte) (value == 0 ? 0x40 : value);
        return copy;
    }

    private static byte[] set(byte[] valid, int at, byte value) {
        byte[] copy = valid.clone();
        copy[at] = value;
        return copy;
    }
}
