package org.pouw.bench.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pouw.bench.TimedRounds;
import org.pouw.bench.TimedRounds.Rate;
import org.pouw.crypto.Blake3;
import org.pouw.ml.hash.HashStream;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The hashing a committed training step costs, apart from the training: BLAKE3 of the whole training state of the
 * MNIST MLP (784-128-64-10 with momentum, about 0.9 MB, the step leaf's state hash) on 1 and 2 threads; the
 * {@link HashStream} that draws batch orders and audited steps; and the byte-oriented {@link Blake3#hash} on a
 * short and a long message. Each figure is the median of {@code --rounds} timed rounds of about
 * {@code --millis} ms after a warm-up, so a before/after comparison can alternate builds in one sitting. Single-thread
 * figures are per CPU-second of the calling thread as well as per wall-second: on a machine shared with other work
 * the first stays put while the second follows the load.
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.ml.CommitmentHashBenchmark [--rounds 7] [--millis 500]
 * </pre>
 */
public final class CommitmentHashBenchmark {
    private CommitmentHashBenchmark() {
    }

    public static void main(String[] args) {
        TimedRounds.Settings settings = TimedRounds.Settings.parse(args);
        int rounds = settings.rounds();
        long millis = settings.millis();
        Bytes32 zero = Bytes32.of(new byte[32]);
        TrainingTask task = new TrainingTask(MlpArchitecture.of(784, List.of(128, 64), Activation.RELU, 10),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 64),
                zero, zero, 2024, 1000, TargetMetric.accuracyAtLeast(0.95), 0);
        TrainingState state = TrainingState.initial(task);
        long stateBytes = state.wordCount() * 4L;
        System.out.printf(Locale.ROOT, "state %d bytes, java %s, %d cores%n", stateBytes,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        for (int threads : new int[] {1, 2}) {
            try (ThreadTeam team = ThreadTeam.of(threads)) {
                Rate rate = TimedRounds.median(rounds, millis, () -> state.hash(team));
                System.out.printf(Locale.ROOT, "state hash, %d thread(s): %8.1f hashes/s  %7.3f GB/s wall%s%n", threads,
                        rate.perWallSecond(), rate.perWallSecond() * stateBytes / 1e9,
                        threads == 1 ? String.format(Locale.ROOT, "  %7.3f GB/s per CPU-second",
                                rate.perCpuSecond() * stateBytes / 1e9) : "");
            }
        }
        HashStream stream = new HashStream(zero);
        Rate draws = TimedRounds.median(rounds, millis, () -> {
            long sum = 0;
            for (int i = 0; i < 1024; i++) {
                sum += stream.next();
            }
            return sum;
        });
        System.out.printf(Locale.ROOT, "HashStream.next: %8.2f M words/s wall  %8.2f M per CPU-second%n",
                draws.perWallSecond() * 1024 / 1e6, draws.perCpuSecond() * 1024 / 1e6);
        for (int length : new int[] {64, 4096}) {
            byte[] message = new byte[length];
            Arrays.fill(message, (byte) 7);
            Rate rate = TimedRounds.median(rounds, millis, () -> Blake3.hash(message));
            System.out.printf(Locale.ROOT, "Blake3.hash %5d bytes: %8.3f M hashes/s wall  %8.3f M per CPU-second%n",
                    length, rate.perWallSecond() / 1e6, rate.perCpuSecond() / 1e6);
        }
    }
}
