package org.pouw.bench.ml;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pouw.bench.Median;
import org.pouw.ml.audit.AuditChallenge;
import org.pouw.ml.audit.AuditVerdict;
import org.pouw.ml.audit.CommittedTrainer;
import org.pouw.ml.audit.TrainingAuditor;
import org.pouw.ml.audit.TrainingCommitment;
import org.pouw.ml.audit.TrainingOpening;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Presets;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.onnx.OnnxExport;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.LearningRateSchedule;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;

/**
 * Training and audit-replay speed of the ResNet presets on 32×32×3 images: SGD with momentum 0.9, learning rate 0.1,
 * L2 weight decay 5e-4, warm-up + cosine, batch {@code --batch} (default 32), on generated images (the cost of a
 * step does not depend on the pixels: convolution inputs are dense either way). For each preset and 1 and 2
 * threads it prints the median training steps/s of {@code --runs} runs of {@code --steps} steps after a warm-up run
 * (for one thread also per CPU-second of the training thread), and the verifier's cost per audited step: (time of a
 * verification auditing every step of a range − time of one auditing one step) / (steps − 1). Run from the
 * repository root after building pouw-bench:
 * <pre>
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.ml.ResNetTrainingBenchmark \
 *     [--preset resnet8|resnet20|both|char-transformer] [--batch 32] [--runs 5] [--steps 10] [--text FILE] \
 *     [--audit true|false]
 * </pre>
 * {@code --audit false} measures training only (for the side-by-side with {@code scripts/ml/pytorch_presets.py},
 * which runs the same presets, batch and optimisers in PyTorch).
 * {@code char-transformer} trains the decoder-only byte language model ({@code Presets.charTransformer()}) with
 * AdamW (3e-4, decay 0.1), warm-up + cosine and a clip of 1 on 64-byte windows of {@code --text} (default the GPL-3
 * text every Debian machine carries, {@code /usr/share/common-licenses/GPL-3}), one window every 8 bytes, the last
 * tenth held out. Each preset also reports the median time to export its model as ONNX.
 */
public final class ResNetTrainingBenchmark {
    private ResNetTrainingBenchmark() {
    }

    public static void main(String[] args) {
        String preset = "both";
        int batch = 32;
        int runs = 5;
        int steps = 10;
        String text = "/usr/share/common-licenses/GPL-3";
        boolean audit = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--preset" -> preset = args[i + 1];
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--text" -> text = args[i + 1];
                case "--audit" -> audit = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --preset resnet8|resnet20|both|char-transformer --batch N --runs N --steps N --text FILE"
                        + " --audit true|false");
            }
        }
        if (preset.equals("char-transformer")) {
            byte[] bytes = readText(text);
            int cut = bytes.length / 10 * 9;
            Dataset lmTrain = ByteTextReader.read(Arrays.copyOfRange(bytes, 0, cut), text, 64, 8);
            Dataset lmHeldOut = ByteTextReader.read(Arrays.copyOfRange(bytes, cut, bytes.length), text, 64, 8);
            run("char-transformer", Presets.charTransformer(), Adam.decoupled(3e-4f, 0.1f), 1f, lmTrain, lmHeldOut,
                    batch, runs, steps, audit);
            return;
        }
        Dataset train = images(512, 1);
        Dataset heldOut = images(64, 2);
        if (!preset.equals("resnet20")) {
            run("ResNet-8", Presets.resNet8(), new SgdMomentum(0.1f, 0.9f, 5e-4f), 0f, train, heldOut, batch, runs, steps, audit);
        }
        if (!preset.equals("resnet8")) {
            run("ResNet-20", Presets.resNet20(), new SgdMomentum(0.1f, 0.9f, 5e-4f), 0f, train, heldOut, batch, runs, steps, audit);
        }
    }

    private static byte[] readText(String file) {
        try {
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--text: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void run(String name, StackArchitecture architecture, OptimizerSpec optimizer, float clip,
                            Dataset train, Dataset heldOut, int batch, int runs, int steps, boolean audit) {
        TrainingTask task = new TrainingTask(architecture,
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, optimizer, batch,
                        LearningRateSchedule.cosine(5, 0f), clip),
                train.root(), heldOut.root(), 7, 100_000, TargetMetric.accuracyAtLeast(0.5), 0);
        System.out.printf(Locale.ROOT, "%s: %,d parameters, state %,d bytes, %.1f M forward multiply-adds per image, batch %d, java %s%n",
                name, architecture.parameterCount(), TrainingState.initial(task).wordCount() * 4L,
                architecture.multiplyAddsPerRecord() / 1e6, batch, System.getProperty("java.version"));
        for (int threads : new int[] {1, 2}) {
            try (ThreadTeam team = ThreadTeam.of(threads)) {
                training(threads, task, train, team, runs, steps);
                if (audit) {
                    audit(threads, task, train, heldOut, team);
                }
            }
        }
        exportTime(task);
    }

    private static void exportTime(TrainingTask task) {
        TrainingState state = TrainingState.initial(task);
        double[] seconds = new double[5];
        int bytes = 0;
        for (int run = -1; run < seconds.length; run++) {
            long start = System.nanoTime();
            bytes = OnnxExport.export(task.architecture(), state.network()).length;
            if (run >= 0) {
                seconds[run] = (System.nanoTime() - start) / 1e9;
            }
        }
        System.out.printf(Locale.ROOT, "  ONNX export: %.1f ms (median of 5), %,d bytes%n",
                Median.of(seconds) * 1e3, bytes);
    }

    private static void training(int threads, TrainingTask task, Dataset train, ThreadTeam team, int runs, int steps) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        TrainingState state = TrainingState.initial(task);
        Trainer trainer = new Trainer(task, train, state, team);
        double[] rates = new double[runs];
        double[] cpuRates = new double[runs];
        for (int run = -1; run < runs; run++) {
            long cpuStart = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                trainer.step();
            }
            long wall = System.nanoTime() - start;
            long cpuUsed = cpu.getCurrentThreadCpuTime() - cpuStart;
            if (run >= 0) {
                rates[run] = steps / (wall / 1e9);
                cpuRates[run] = steps / (cpuUsed / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "  %d thread(s): training %7.2f steps/s (median of %d x %d; runs %s)%s%n", threads,
                Median.of(rates), runs, steps, Arrays.toString(RunFigures.round(rates)),
                threads == 1 ? String.format(Locale.ROOT, "; %.2f steps per CPU-second", Median.of(cpuRates)) : "");
    }

    private static void audit(int threads, TrainingTask task, Dataset train, Dataset heldOut, ThreadTeam team) {
        int range = 6;
        CommittedTrainer worker = new CommittedTrainer(task, train, TrainingState.initial(task), range, 2, team);
        TrainingCommitment commitment = worker.trainAll();
        TrainingAuditor auditor = new TrainingAuditor(task, train, heldOut, team);
        SecureRandom random = new SecureRandom();
        double one = medianVerifySeconds(auditor, worker, commitment, random, 1);
        double all = medianVerifySeconds(auditor, worker, commitment, random, range);
        System.out.printf(Locale.ROOT, "  %d thread(s): audit replay %7.1f ms per audited step (median of 3)%n", threads,
                (all - one) / (range - 1) * 1e3);
    }

    private static double medianVerifySeconds(TrainingAuditor auditor, CommittedTrainer worker,
                                              TrainingCommitment commitment, SecureRandom random, int audits) {
        double[] seconds = new double[3];
        for (int run = -1; run < seconds.length; run++) {
            AuditChallenge challenge = AuditChallenge.issue(commitment, random, audits);
            TrainingOpening opening = worker.open(challenge);
            long start = System.nanoTime();
            AuditVerdict verdict = auditor.verify(commitment, challenge, opening);
            long wall = System.nanoTime() - start;
            if (!verdict.accepted()) {
                throw new IllegalStateException("honest worker rejected: " + verdict);
            }
            if (run >= 0) {
                seconds[run] = wall / 1e9;
            }
        }
        return Median.of(seconds);
    }

    /** Uniform noise images with a class-dependent bright square, channels last. */
    private static Dataset images(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][32 * 32 * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(10);
            for (int j = 0; j < x[i].length; j++) {
                int row = j / (32 * 3);
                boolean square = row / 8 == y[i] % 4;
                x[i][j] = (float) random.nextDouble() * 0.5f + (square ? 0.5f : 0f);
            }
        }
        return Dataset.of(x, y, 10);
    }
}
