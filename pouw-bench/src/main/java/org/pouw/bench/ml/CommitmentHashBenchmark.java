package org.pouw.bench.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * {@code --millis} ms after a warm-up, so a before/after comparison can alternate builds in one sitting.
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.ml.CommitmentHashBenchmark [--rounds 7] [--millis 500]
 * </pre>
 */
public final class CommitmentHashBenchmark {
    private static final int WARM_UP_ROUNDS = 4;

    private CommitmentHashBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = 7;
        long millis = 500;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--millis" -> millis = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
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
                double perSecond = median(rounds, millis, () -> state.hash(team));
                System.out.printf(Locale.ROOT, "state hash, %d thread(s): %8.1f hashes/s  %7.3f GB/s%n", threads,
                        perSecond, perSecond * stateBytes / 1e9);
            }
        }
        HashStream stream = new HashStream(zero);
        double draws = median(rounds, millis, () -> {
            long sum = 0;
            for (int i = 0; i < 1024; i++) {
                sum += stream.next();
            }
            return sum;
        }) * 1024;
        System.out.printf(Locale.ROOT, "HashStream.next: %8.2f M words/s%n", draws / 1e6);
        for (int length : new int[] {64, 4096}) {
            byte[] message = new byte[length];
            Arrays.fill(message, (byte) 7);
            double perSecond = median(rounds, millis, () -> Blake3.hash(message));
            System.out.printf(Locale.ROOT, "Blake3.hash %5d bytes: %8.2f M hashes/s  %7.3f GB/s%n", length,
                    perSecond / 1e6, perSecond * length / 1e9);
        }
    }

    /**
     * Calls per second: the median of {@code rounds} rounds of about {@code millis} ms each, after warm-up rounds
     * long enough for C2 to compile the lane loops (one short round left the first figure at a tenth of its speed).
     */
    private static double median(int rounds, long millis, java.util.function.Supplier<Object> call) {
        double[] rates = new double[rounds];
        Object sink = null;
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            long calls = 0;
            long start = System.nanoTime();
            long end = start + millis * 1_000_000;
            long now;
            do {
                sink = call.get();
                calls++;
                now = System.nanoTime();
            } while (now < end);
            if (round >= 0) {
                rates[round] = calls * 1e9 / (now - start);
            }
        }
        if (sink == null) {
            throw new AssertionError("nothing hashed");
        }
        Arrays.sort(rates);
        return rates[rounds / 2];
    }
}
