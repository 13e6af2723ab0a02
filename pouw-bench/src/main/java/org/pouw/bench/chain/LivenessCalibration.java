package org.pouw.bench.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.StepVitals;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.mining.TipKeyedStep;
import org.pouw.crypto.Blake3;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.IdxReader;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * Calibrates the liveness thresholds θ_g, θ_p and ε of docs/chain.md §3.3: trains honest tasks on the real MNIST
 * digits (the shared 10,000-digit IDX set) on tip-keyed batches, the way a miner does, and prints the least and the
 * greatest of each vital seen over every step, with the default {@link LivenessRule} beside them. The defaults
 * belong well inside the honest range; the table in §3.3 is this program's output. With {@code --cifar-shaped N} it
 * trains CIFAR-shaped tasks instead, on N generated 32 × 32 × 3 images ({@link CifarShapedImages}; no download),
 * each channel normalised as CIFAR training does ({@code --normalised false}: the raw values in [0, 1], on which
 * these learning rates kill the networks' ReLU units within a few steps — a dead network the rule refuses).
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.chain.LivenessCalibration \
 *     [--data ../shared/datasets/mnist-10k] [--steps 500]
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.chain.LivenessCalibration \
 *     --cifar-shaped 10000 [--steps 2000] [--normalised true] [--only "SGD 0.01"]
 * </pre>
 */
public final class LivenessCalibration {
    private static final TicketRule TICKETS = new TicketRule(1_000_000, 1 << 20);
    /** {@code --only}: runs only the tasks whose name contains it (all when empty). */
    private static String only = "";

    private LivenessCalibration() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of("../shared/datasets/mnist-10k");
        int steps = 500;
        int cifarShaped = 0;
        boolean raw = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--cifar-shaped" -> cifarShaped = Integer.parseInt(args[i + 1]);
                case "--normalised" -> raw = !Boolean.parseBoolean(args[i + 1]);
                case "--only" -> only = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LivenessRule rule = LivenessRule.DEFAULT;
        try (ThreadTeam team = ThreadTeam.of(Math.min(2, Runtime.getRuntime().availableProcessors()))) {
            if (cifarShaped > 0) {
                calibrateCifarShaped(CifarShapedImages.generate(cifarShaped, 2026, !raw), raw, steps, rule, team);
                return;
            }
            Dataset train = IdxReader.read(data.resolve("train-images-idx3-ubyte"),
                    data.resolve("train-labels-idx1-ubyte"), 10);
            header(train.size() + " MNIST records", steps, rule);
            calibrate("MNIST MLP 784-128-64-10, SGD 0.05/0.9, batch 64",
                    MlpArchitecture.of(784, List.of(128, 64), Activation.RELU, 10), new SgdMomentum(0.05f, 0.9f), 64,
                    train, steps, rule, team);
            calibrate("MNIST MLP 784-128-64-10, Adam 0.001, batch 64",
                    MlpArchitecture.of(784, List.of(128, 64), Activation.RELU, 10), new Adam(0.001f, 0.9f, 0.999f, 1e-8f),
                    64, train, steps, rule, team);
            calibrate("MNIST CNN conv5×5×8, pool 2, dense 32, SGD 0.05/0.9, batch 32",
                    new CnnArchitecture(28, 28, 1, 8, 5, 2, 32, Activation.RELU, 10), new SgdMomentum(0.05f, 0.9f), 32,
                    train, steps, rule, team);
        }
    }

    /**
     * CIFAR-shaped tasks (32 × 32 × 3 records, 10 classes, {@link CifarShapedImages}), each inside the default
     * admission caps (C_words 400,000, C_mac 10 million): the widest one-hidden-layer MLP, the MNIST CNN's shape on
     * colour images, and a small residual stack with batch normalisation.
     */
    private static void calibrateCifarShaped(Dataset train, boolean raw, int steps, LivenessRule rule,
                                             ThreadTeam team) {
        header(train.size() + " generated CIFAR-shaped records (32×32×3, " + (raw ? "raw values in [0, 1]"
                : "each channel normalised to mean 0, deviation 1") + ")", steps, rule);
        // Two learning rates: the MNIST runs' 0.05 and a gentler 0.01 (3,072 inputs move a unit's sum 4× as far
        // per step as MNIST's 784).
        calibrate("CIFAR-shaped MLP 3072-64-10, SGD 0.01/0.9, batch 16",
                MlpArchitecture.of(3072, List.of(64), Activation.RELU, 10), new SgdMomentum(0.01f, 0.9f), 16, train,
                steps, rule, team);
        calibrate("CIFAR-shaped MLP 3072-64-10, SGD 0.05/0.9, batch 16",
                MlpArchitecture.of(3072, List.of(64), Activation.RELU, 10), new SgdMomentum(0.05f, 0.9f), 16, train,
                steps, rule, team);
        calibrate("CIFAR-shaped MLP 3072-64-10, Adam 0.001, batch 16",
                MlpArchitecture.of(3072, List.of(64), Activation.RELU, 10), new Adam(0.001f, 0.9f, 0.999f, 1e-8f), 16,
                train, steps, rule, team);
        calibrate("CIFAR-shaped CNN conv5×5×8, pool 2, dense 32, SGD 0.01/0.9, batch 6",
                new CnnArchitecture(32, 32, 3, 8, 5, 2, 32, Activation.RELU, 10), new SgdMomentum(0.01f, 0.9f), 6,
                train, steps, rule, team);
        calibrate("CIFAR-shaped stack (as below), SGD 0.01/0.9, batch 8", cifarStack(), new SgdMomentum(0.01f, 0.9f),
                8, train, steps, rule, team);
        calibrate("CIFAR-shaped CNN conv5×5×8, pool 2, dense 32, SGD 0.05/0.9, batch 6",
                new CnnArchitecture(32, 32, 3, 8, 5, 2, 32, Activation.RELU, 10), new SgdMomentum(0.05f, 0.9f), 6,
                train, steps, rule, team);
        calibrate("CIFAR-shaped stack conv3×3×8/2, BN, ReLU, residual[conv3×3×8, BN, ReLU, conv3×3×8, BN], ReLU, "
                        + "pool 4, dense 10, SGD 0.05/0.9, batch 8",
                cifarStack(),
                new SgdMomentum(0.05f, 0.9f), 8, train, steps, rule, team);
    }

    /** conv 3×3×8 stride 2 pad 1, BN, ReLU, residual[conv, BN, ReLU, conv, BN], ReLU, pool 4, dense 10. */
    private static StackArchitecture cifarStack() {
        return new StackArchitecture(32, 32, 3, List.of(new LayerSpec.Conv(8, 3, 2, 1), new LayerSpec.BatchNorm(),
                new LayerSpec.Act(Activation.RELU),
                new LayerSpec.Residual(List.of(new LayerSpec.Conv(8, 3, 1, 1), new LayerSpec.BatchNorm(),
                        new LayerSpec.Act(Activation.RELU), new LayerSpec.Conv(8, 3, 1, 1),
                        new LayerSpec.BatchNorm()), List.of()),
                new LayerSpec.Act(Activation.RELU), new LayerSpec.MaxPool(4), new LayerSpec.Dense(10)));
    }

    private static void header(String records, int steps, LivenessRule rule) {
        System.out.printf(Locale.ROOT, "liveness calibration: %s, %d steps per task, defaults θ_g=%s θ_p=%s ε=%s%n",
                records, steps, rule.minGradientNonZero(), rule.minParametersChanged(), rule.maxSubnormal());
        System.out.println("| task | steps | gradient non-zero min / max | parameters changed min / max "
                + "| subnormal max | all finite | symmetric units | refused by defaults |");
        System.out.println("|---|---|---|---|---|---|---|---|");
    }

    private static void calibrate(String name, Architecture architecture, OptimizerSpec optimizer, int batch,
                                  Dataset train, int steps, LivenessRule rule, ThreadTeam team) {
        if (!name.contains(only)) {
            return;
        }
        TrainingTask task = new TrainingTask(architecture, new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, optimizer,
                batch), train.root(), train.root(), 2024, steps, TargetMetric.accuracyAtLeast(0.9), 0);
        TrainingState state = TrainingState.initial(task);
        Bytes32 miner = label("calibration miner");
        double gradientMin = 1;
        double gradientMax = 0;
        double changedMin = 1;
        double changedMax = 0;
        double subnormalMax = 0;
        boolean finite = true;
        boolean symmetric = false;
        int refused = 0;
        for (int t = 0; t < steps; t++) {
            // The tip moves every 10 steps, as blocks would arrive while the miner trains.
            Bytes32 tip = label("tip " + t / 10);
            StepVitals vitals = TipKeyedStep.take(task, train, state, miner, tip, TICKETS, team).vitals();
            gradientMin = Math.min(gradientMin, vitals.gradientNonZero());
            gradientMax = Math.max(gradientMax, vitals.gradientNonZero());
            changedMin = Math.min(changedMin, vitals.parametersChanged());
            changedMax = Math.max(changedMax, vitals.parametersChanged());
            subnormalMax = Math.max(subnormalMax, vitals.subnormal());
            finite &= vitals.finite();
            symmetric |= vitals.symmetricUnits();
            refused += rule.check(vitals) == null ? 0 : 1;
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.4f / %.4f | %.4f / %.4f | %.2e | %s | %s | %d |%n", name, steps,
                gradientMin, gradientMax, changedMin, changedMax, subnormalMax, finite ? "yes" : "no",
                symmetric ? "yes" : "no", refused);
    }

    private static Bytes32 label(String text) {
        return Bytes32.of(Blake3.hash(text.getBytes(StandardCharsets.UTF_8)));
    }
}
