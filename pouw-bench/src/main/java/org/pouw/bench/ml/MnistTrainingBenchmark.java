package org.pouw.bench.ml;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pouw.bench.Median;
import org.pouw.ml.audit.AuditChallenge;
import org.pouw.ml.audit.AuditVerdict;
import org.pouw.ml.audit.CommittedTrainer;
import org.pouw.ml.audit.DetectionProbability;
import org.pouw.ml.audit.TrainingAuditor;
import org.pouw.ml.audit.TrainingCommitment;
import org.pouw.ml.audit.TrainingOpening;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.IdxReader;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Evaluation;
import org.pouw.ml.train.Evaluator;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;

/**
 * The issue-4 MNIST benchmark: a 784-128-64-10 ReLU MLP, batch 64, SGD with momentum 0.9 and learning rate
 * 0.05, on the 8,000/2,000 split of the shared 10,000-digit MNIST set. For 1 and 2 threads it reports
 * <ul>
 *   <li>training steps/s — median of {@code --runs} timed runs of {@code --steps} steps, after a warm-up run;
 *       for one thread also the rate per CPU-second of the training thread, which other load on a shared
 *       machine does not distort;</li>
 *   <li>committed steps/s — the same steps as a worker does them: hashing the whole training state after every
 *       step into a step leaf;</li>
 *   <li>audit replay cost per step — the verifier's decode + hash + replay + hash + Merkle checks, from a real
 *       commit → challenge → open exchange;</li>
 *   <li>test accuracy after {@code --epochs} epochs, with the final state hash (equal for 1 and 2 threads).</li>
 * </ul>
 * Compare with {@code pouw-bench/scripts/ml/pytorch-baseline.sh}. Run from the repository root:
 * <pre>
 * ./mvnw -B -q -o -pl pouw-ml install &amp;&amp; ./mvnw -B -q -o -pl pouw-bench package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.ml.MnistTrainingBenchmark \
 *     [--data ../shared/datasets/mnist-10k] [--epochs 15] [--runs 7] [--steps 500] [--audits 32]
 * </pre>
 */
public final class MnistTrainingBenchmark {
    private static final int BATCH = 64;

    private MnistTrainingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        Dataset train = IdxReader.read(options.data.resolve("train-images-idx3-ubyte"),
                options.data.resolve("train-labels-idx1-ubyte"), 10);
        Dataset test = IdxReader.read(options.data.resolve("test-images-idx3-ubyte"),
                options.data.resolve("test-labels-idx1-ubyte"), 10);
        long stepsPerEpoch = train.size() / BATCH;
        TrainingTask task = new TrainingTask(MlpArchitecture.of(784, List.of(128, 64), Activation.RELU, 10),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), BATCH),
                train.root(), test.root(), 2024, Math.max(stepsPerEpoch * options.epochs, 100_000L),
                TargetMetric.accuracyAtLeast(0.95), 0);
        System.out.printf(Locale.ROOT, "pouw-ml MNIST benchmark: %d train / %d test records, %d parameters, state %d bytes, java %s%n",
                train.size(), test.size(), task.architecture().parameterCount(), TrainingState.initial(task).wordCount() * 4L,
                System.getProperty("java.version"));
        for (int threads : new int[] {1, 2}) {
            try (ThreadTeam team = ThreadTeam.of(threads)) {
                report(threads, task, train, test, team, options);
            }
        }
    }

    private static void report(int threads, TrainingTask task, Dataset train, Dataset test, ThreadTeam team, Options options) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, train, state, team);
        double[] rates = new double[options.runs];
        double[] cpuRates = new double[options.runs];
        for (int run = -1; run < options.runs; run++) {
            long cpuStart = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int s = 0; s < options.steps; s++) {
                trainer.step();
            }
            long wall = System.nanoTime() - start;
            long cpuUsed = cpu.getCurrentThreadCpuTime() - cpuStart;
            if (run >= 0) {
                rates[run] = options.steps / (wall / 1e9);
                cpuRates[run] = options.steps / (cpuUsed / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "%d thread(s): training   %6.0f steps/s (median of %d x %d; runs %s)%s%n", threads,
                Median.of(rates), options.runs, options.steps, summary(rates),
                threads == 1 ? String.format(Locale.ROOT, "; %.0f steps per CPU-second", Median.of(cpuRates)) : "");

        double[] committedRates = new double[options.runs];
        double[] committedCpuRates = new double[options.runs];
        for (int run = -1; run < options.runs; run++) {
            CommittedTrainer worker = new CommittedTrainer(task, train, TrainingState.initial(task), options.steps, options.steps, team);
            long cpuStart = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            while (!worker.done()) {
                worker.trainStep();
            }
            long wall = System.nanoTime() - start;
            long cpuUsed = cpu.getCurrentThreadCpuTime() - cpuStart;
            if (run >= 0) {
                committedRates[run] = options.steps / (wall / 1e9);
                committedCpuRates[run] = options.steps / (cpuUsed / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "%d thread(s): committed  %6.0f steps/s (training + state hash + leaf per step; runs %s)%s%n",
                threads, Median.of(committedRates), summary(committedRates),
                threads == 1 ? String.format(Locale.ROOT, "; %.0f steps per CPU-second",
                        Median.of(committedCpuRates)) : "");

        auditCost(threads, task, train, test, team, options);

        long epochSteps = (train.size() / BATCH) * options.epochs;
        TrainingState full = TrainingState.initial(task);
        Trainer fullTrainer = new Trainer(task, train, full, team);
        long start = System.nanoTime();
        for (long s = 0; s < epochSteps; s++) {
            fullTrainer.step();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation quality = Evaluator.evaluate(full.network(), test, Loss.SOFTMAX_CROSS_ENTROPY, team);
        System.out.printf(Locale.ROOT, "%d thread(s): %d epochs (%d steps) in %.1f s: test accuracy %.2f%%, loss %.4f, final state %s%n",
                threads, options.epochs, epochSteps, seconds, quality.accuracy() * 100, quality.meanLoss(), full.hash(team));
    }

    /** Verifier time per audited step: (time of k+1 audits − time of 1 audit) / k, medians of a few runs. */
    private static void auditCost(int threads, TrainingTask task, Dataset train, Dataset test, ThreadTeam team, Options options) {
        int range = 200;
        CommittedTrainer worker = new CommittedTrainer(task, train, TrainingState.initial(task), range, 10, team);
        TrainingCommitment commitment = worker.trainAll();
        TrainingAuditor auditor = new TrainingAuditor(task, train, test, team);
        SecureRandom random = new SecureRandom();
        double[] one = medianVerifySeconds(auditor, worker, commitment, random, 1);
        double[] many = medianVerifySeconds(auditor, worker, commitment, random, options.audits + 1);
        double perStep = (many[0] - one[0]) / options.audits;
        double perStepCpu = (many[1] - one[1]) / options.audits;
        System.out.printf(Locale.ROOT, "%d thread(s): audit      %6.2f ms per replayed step%s; %.1f ms fixed (final-state check + held-out evaluation); "
                        + "%d audits catch 5%% faked steps with p >= %.3f%n", threads, perStep * 1e3,
                threads == 1 ? String.format(Locale.ROOT, " (%.2f ms CPU)", perStepCpu * 1e3) : "", (one[0] - perStep) * 1e3,
                options.audits, DetectionProbability.lowerBound(0.05, options.audits));
    }

    /** Median wall-clock and caller-CPU seconds of one verification with {@code audits} audited steps. */
    private static double[] medianVerifySeconds(TrainingAuditor auditor, CommittedTrainer worker, TrainingCommitment commitment,
                                                SecureRandom random, int audits) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] seconds = new double[5];
        double[] cpuSeconds = new double[5];
        for (int run = -1; run < seconds.length; run++) {
            AuditChallenge challenge = AuditChallenge.issue(commitment, random, audits);
            TrainingOpening opening = worker.open(challenge);
            long cpuStart = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            AuditVerdict verdict = auditor.verify(commitment, challenge, opening);
            long wall = System.nanoTime() - start;
            long cpuUsed = cpu.getCurrentThreadCpuTime() - cpuStart;
            if (!verdict.accepted()) {
                throw new IllegalStateException("honest worker rejected: " + verdict);
            }
            if (run >= 0) {
                seconds[run] = wall / 1e9;
                cpuSeconds[run] = cpuUsed / 1e9;
            }
        }
        return new double[] {Median.of(seconds), Median.of(cpuSeconds)};
    }

    private static String summary(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(String.format(Locale.ROOT, "%.0f", v));
        }
        return String.join(" ", parts);
    }

    private record Options(Path data, int epochs, int runs, int steps, int audits) {
        static Options parse(String[] args) {
            Path data = Path.of("../shared/datasets/mnist-10k");
            int epochs = 15;
            int runs = 7;
            int steps = 500;
            int audits = 32;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--data" -> data = Path.of(value);
                    case "--epochs" -> epochs = positive("--epochs", value);
                    case "--runs" -> runs = positive("--runs", value);
                    case "--steps" -> steps = positive("--steps", value);
                    case "--audits" -> audits = positive("--audits", value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; use --data DIR --epochs N --runs N --steps N --audits N");
                }
            }
            if (!Files.isDirectory(data)) {
                throw new IllegalArgumentException("--data " + data + " is not a directory with the MNIST IDX files");
            }
            return new Options(data, epochs, runs, steps, audits);
        }

        private static int positive(String name, String value) {
            int parsed = Integer.parseInt(value);
            if (parsed < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + value);
            }
            return parsed;
        }
    }
}
