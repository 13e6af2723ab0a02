package org.pouw.bench.chain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pouw.bench.TimedRounds;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.HeldOutCommitment;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.IdxReader;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * What a held-out reveal costs every node (docs/chain.md §4.4): the reveal's records rebuilt into a dataset and its
 * commitment checked (root and dataset id), then each revealed model decoded and evaluated on it — M_task = 8 final
 * models of the MNIST MLP 784-128-64-10 on the most MNIST test digits that fit H_max (2 MiB: 667 records). Prints the
 * median settlements per second and milliseconds per settlement, per wall-second and per CPU-second of the thread.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.chain.SettlementCost \
 *     [--data ../shared/datasets/mnist-10k] [--rounds 7] [--millis 2000]
 * </pre>
 */
public final class SettlementCost {
    private static final int MODELS = 8;

    private SettlementCost() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of("../shared/datasets/mnist-10k");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data")) {
                data = Path.of(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        TimedRounds.Settings settings = TimedRounds.Settings.parse(rest.toArray(String[]::new));
        Dataset digits = IdxReader.read(data.resolve("test-images-idx3-ubyte"),
                data.resolve("test-labels-idx1-ubyte"), 10);
        int recordBytes = digits.record(0).length;
        int count = RevealHeldOut.MAX_HELD_OUT_BYTES / recordBytes;
        Dataset heldOut = digits.slice(0, count);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(heldOut.record(i));
        }
        Bytes32 salt = Bytes32.fromHex("5a".repeat(32));
        Bytes32 commitment = HeldOutCommitment.of(salt, new DatasetId(heldOut.root(), count));
        List<byte[]> models = new ArrayList<>();
        TrainingTask task = null;
        for (int m = 0; m < MODELS; m++) {
            task = new TrainingTask(MlpArchitecture.of(784, List.of(128, 64), Activation.RELU, 10),
                    new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 64),
                    Bytes32.fromHex("d0".repeat(32)), commitment, m, 1_000, TargetMetric.accuracyAtLeast(0), 1);
            models.add(TrainingState.initial(task).encode());
        }
        TrainingTask shape = task;
        TimedRounds.Rate rate = TimedRounds.median(settings.rounds(), settings.millis(), () -> {
            Dataset revealed = rebuild(records);
            if (!HeldOutCommitment.of(salt, new DatasetId(revealed.root(), revealed.size())).equals(commitment)) {
                throw new AssertionError("the held-out commitment does not match");
            }
            long correct = 0;
            for (byte[] model : models) {
                TrainingState state = TrainingState.decode(shape, model);
                correct += Evaluator.evaluate(state.network(), revealed, Loss.SOFTMAX_CROSS_ENTROPY,
                        ThreadTeam.single()).correct();
            }
            return correct;
        });
        System.out.printf(Locale.ROOT, "settlement of %d MNIST-MLP models on %d held-out records (%d bytes): "
                        + "%.2f/s wall (%.1f ms), %.2f/s CPU (%.1f ms)%n", MODELS, count, count * recordBytes,
                rate.perWallSecond(), 1000 / rate.perWallSecond(), rate.perCpuSecond(),
                1000 / rate.perCpuSecond());
    }

    /** The validator's side of the reveal: records parsed back into a dataset (its root hashed from scratch). */
    private static Dataset rebuild(List<byte[]> records) {
        float[][] features = new float[records.size()][784];
        int[] labels = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(records.get(i));
            labels[i] = in.getInt();
            in.getInt();
            for (int j = 0; j < 784; j++) {
                features[i][j] = in.getFloat();
            }
        }
        return Dataset.of(features, labels, 10);
    }
}
