package org.pouw.bench.ml;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pouw.bench.Median;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.IdxReader;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.model.Presets;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Adam;
import org.pouw.ml.train.LearningRateSchedule;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The engine beside PyTorch in one sitting (issue 28, "Performance"): the same model, batch, optimiser and data,
 * timed here and then in a PyTorch process ({@code scripts/ml/pytorch_ratio.py}) right after, at each thread count,
 * and the ratio printed. Models: {@code mnist-mlp} (784-128-64-10 ReLU, batch 64, SGD momentum 0.9, lr 0.05, on the
 * first 8,000 MNIST training digits of {@code --data}), {@code resnet8} (the ResNet-8 preset, batch 32, SGD
 * momentum 0.9, lr 0.1, L2 5e-4, on generated 32×32×3 images) and {@code char-transformer} (the character transformer,
 * batch 32, AdamW 3e-4 with decay 0.1 and a clip of 1, on 64-byte windows of {@code --text}).
 *
 * <p>With {@code --rounds K} (default 1) every thread count is timed in each of K rounds, ours then PyTorch's in
 * turn, and the median of the K rounds' ratios is printed after them, with our own speed-up over the first thread
 * count taken within each round: on this machine PyTorch's own figure has moved by 2x between
 * minutes of one quiet sitting (its one-thread ResNet-8 read 13.3 and then 6.9 steps/s while ours read 5.3 and 6.2),
 * so a ratio from one block of runs of each side says as much about when each side ran as about either; alternating
 * puts a drift of the machine on both sides of each ratio.
 *
 * <p>Both sides report the median of {@code --runs} runs of {@code --steps} steps after a warm-up run, as steps/s of
 * wall time and as steps per CPU-second of the whole process (every thread, the JIT and GC here; every OpenMP and
 * BLAS thread there): on a shared machine the second is the fairer figure, since wall time is mostly waiting for a
 * core. PyTorch runs with {@code OMP_NUM_THREADS}, {@code OPENBLAS_NUM_THREADS} and {@code MKL_NUM_THREADS} set to
 * the thread count (the pthread OpenBLAS sizes its pool from them, not from {@code torch.set_num_threads}); it prints
 * the BLAS library it loaded. The load average is printed before and after each pair. Needs Debian's
 * {@code python3-torch} (and {@code libopenblas0-pthread}) for the system interpreter. Run from the repository root:
 * <pre>
 * ./mvnw -B -q -o -pl pouw-bench -am package -DskipTests
 * java -Xmx2g -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.ml.PyTorchRatioBenchmark \
 *     [--model mnist-mlp|resnet8|char-transformer|all] [--threads 1,2] [--runs 5] [--rounds 1] [--steps N] \
 *     [--data ../shared/datasets/mnist-10k] [--text /usr/share/common-licenses/GPL-3] [--python /usr/bin/python3]
 * </pre>
 * {@code --steps} defaults to 300 for the MLP and 5 for the presets.
 */
public final class PyTorchRatioBenchmark {
    private static final List<String> MODELS = List.of("mnist-mlp", "resnet8", "char-transformer");

    private PyTorchRatioBenchmark() {
    }

    private record Rates(double wall, double cpu, double[] runs) {
    }

    private record Options(List<String> models, int[] threads, int runs, int rounds, int steps, Path data,
                           String text, String python) {
        static Options parse(String[] args) {
            String model = "mnist-mlp";
            String threads = "1,2";
            int runs = 5;
            int rounds = 1;
            int steps = 0;
            String data = "../shared/datasets/mnist-10k";
            String text = "/usr/share/common-licenses/GPL-3";
            String python = "/usr/bin/python3";
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--model" -> model = args[i + 1];
                    case "--threads" -> threads = args[i + 1];
                    case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                    case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                    case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                    case "--data" -> data = args[i + 1];
                    case "--text" -> text = args[i + 1];
                    case "--python" -> python = args[i + 1];
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --model "
                            + "mnist-mlp|resnet8|char-transformer|all --threads 1,2 --runs N --rounds K --steps N --data DIR "
                            + "--text FILE --python PATH");
                }
            }
            if (!model.equals("all") && !MODELS.contains(model)) {
                throw new IllegalArgumentException("--model must be one of " + MODELS + " or all, got " + model);
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
            }
            int[] counts = Arrays.stream(threads.split(",")).mapToInt(Integer::parseInt).toArray();
            return new Options(model.equals("all") ? MODELS : List.of(model), counts, runs, rounds, steps,
                    Path.of(data), text, python);
        }

        int stepsFor(String model) {
            return steps > 0 ? steps : model.equals("mnist-mlp") ? 300 : 5;
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Options options = Options.parse(args);
        System.out.printf(Locale.ROOT, "engine vs PyTorch, one sitting: java %s (%s), %d processors; %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), load());
        List<String> table = new ArrayList<>();
        for (String model : options.models()) {
            Dataset train = data(model, options);
            TrainingTask task = task(model, train.root());
            int steps = options.stepsFor(model);
            System.out.printf(Locale.ROOT, "%s: %,d parameters, batch %d, %d runs x %d steps after a warm-up run%n",
                    model, task.architecture().parameterCount(), task.hyperparameters().batchSize(), options.runs(),
                    steps);
            int counts = options.threads().length;
            double[][] wallRatios = new double[counts][options.rounds()];
            double[][] cpuRatios = new double[counts][options.rounds()];
            double[][] ourWall = new double[counts][options.rounds()];
            // Rounds outermost: each round times every thread count, ours then PyTorch's, so a drift of the machine
            // falls on both sides of each ratio and on both thread counts of our own scaling.
            for (int round = 0; round < options.rounds(); round++) {
                for (int t = 0; t < counts; t++) {
                    int threads = options.threads()[t];
                    String before = load();
                    Rates ours = engine(task, train, threads, options.runs(), steps);
                    Rates theirs = pytorch(model, threads, options, steps);
                    String after = load();
                    System.out.printf(Locale.ROOT, "  %d thread(s): pouw-ml %.2f steps/s wall, %.2f per CPU-s (runs %s)%n",
                            threads, ours.wall(), ours.cpu(), Arrays.toString(RunFigures.round(ours.runs())));
                    System.out.printf(Locale.ROOT, "  %d thread(s): PyTorch %.2f steps/s wall, %.2f per CPU-s (runs %s)%n",
                            threads, theirs.wall(), theirs.cpu(), Arrays.toString(RunFigures.round(theirs.runs())));
                    ourWall[t][round] = ours.wall();
                    wallRatios[t][round] = ours.wall() / theirs.wall();
                    cpuRatios[t][round] = ours.cpu() / theirs.cpu();
                    String line = String.format(Locale.ROOT, "%-17s %d thread(s): ratio pouw-ml/PyTorch %.2fx wall, "
                                    + "%.2fx per CPU-second  [%s -> %s]", model, threads, wallRatios[t][round],
                            cpuRatios[t][round], before, after);
                    System.out.println("  " + line);
                    table.add(line);
                }
            }
            if (options.rounds() > 1) {
                for (int t = 0; t < counts; t++) {
                    String line = String.format(Locale.ROOT, "%-17s %d thread(s): median of %d alternated rounds "
                                    + "%.2fx wall, %.2fx per CPU-second", model, options.threads()[t],
                            options.rounds(), Median.of(wallRatios[t]), Median.of(cpuRatios[t]));
                    System.out.println("  " + line);
                    table.add(line);
                }
                for (int t = 1; t < counts; t++) {
                    double[] speedUps = new double[options.rounds()];
                    for (int round = 0; round < options.rounds(); round++) {
                        speedUps[round] = ourWall[t][round] / ourWall[0][round];
                    }
                    String line = String.format(Locale.ROOT, "%-17s pouw-ml %d thread(s) over %d, the same round: "
                                    + "median %.2fx (rounds %s)", model, options.threads()[t], options.threads()[0],
                            Median.of(speedUps), Arrays.toString(RunFigures.round(speedUps)));
                    System.out.println("  " + line);
                    table.add(line);
                }
            }
        }
        System.out.println("summary:");
        table.forEach(line -> System.out.println("  " + line));
    }

    /** The model's task on {@code root} (held out on the same root: only training is timed). */
    static TrainingTask task(String model, Bytes32 root) {
        return switch (model) {
            case "mnist-mlp" -> new TrainingTask(MlpArchitecture.of(784, List.of(128, 64), Activation.RELU, 10),
                    new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 64), root, root,
                    2024, 1_000_000, TargetMetric.accuracyAtLeast(0.95), 0);
            case "resnet8" -> new TrainingTask(Presets.resNet8(), new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY,
                    new SgdMomentum(0.1f, 0.9f, 5e-4f), 32, LearningRateSchedule.CONSTANT, 0f), root, root, 7,
                    1_000_000, TargetMetric.accuracyAtLeast(0.5), 0);
            default -> new TrainingTask(Presets.charTransformer(), new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY,
                    Adam.decoupled(3e-4f, 0.1f), 32, LearningRateSchedule.CONSTANT, 1f), root, root, 7, 1_000_000,
                    TargetMetric.accuracyAtLeast(0.5), 0);
        };
    }

    private static Dataset data(String model, Options options) throws IOException {
        return switch (model) {
            case "mnist-mlp" -> {
                Dataset all = IdxReader.read(options.data().resolve("train-images-idx3-ubyte"),
                        options.data().resolve("train-labels-idx1-ubyte"), 10);
                yield all.size() > 8000 ? all.slice(0, 8000) : all;
            }
            case "resnet8" -> images(512);
            default -> {
                byte[] bytes = Files.readAllBytes(Path.of(options.text()));
                yield ByteTextReader.read(bytes, options.text(), 64, 8);
            }
        };
    }

    /** Generated 32×32×3 images: a convolution's cost does not depend on its pixels. */
    static Dataset images(int n) {
        SplittableRandom random = new SplittableRandom(1);
        float[][] x = new float[n][32 * 32 * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(10);
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = (float) random.nextDouble();
            }
        }
        return Dataset.of(x, y, 10);
    }

    private static Rates engine(TrainingTask task, Dataset train, int threads, int runs, int steps) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        try (ThreadTeam team = ThreadTeam.of(threads)) {
            Trainer trainer = new Trainer(task, train, TrainingState.initial(task), team);
            for (int run = -1; run < runs; run++) {
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    trainer.step();
                }
                long elapsed = System.nanoTime() - start;
                long cpuUsed = os.getProcessCpuTime() - cpuStart;
                if (run >= 0) {
                    wall[run] = steps / (elapsed / 1e9);
                    cpu[run] = steps / (cpuUsed / 1e9);
                }
            }
        }
        return new Rates(Median.of(wall), Median.of(cpu), wall);
    }

    private static Rates pytorch(String model, int threads, Options options, int steps)
            throws IOException, InterruptedException {
        Path script = Path.of("pouw-bench/scripts/ml/pytorch_ratio.py");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("run from the repository root: " + script + " is not there");
        }
        ProcessBuilder builder = new ProcessBuilder(options.python(), script.toString(), "--model", model,
                "--threads", Integer.toString(threads), "--runs", Integer.toString(options.runs()),
                "--steps", Integer.toString(steps), "--data", options.data().toString(), "--text", options.text());
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        builder.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        Rates rates = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith("INFO ")) {
                    System.out.println("  " + line.substring(5));
                } else if (line.startsWith("RESULT ")) {
                    rates = parse(line.substring(7));
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || rates == null) {
            throw new IllegalStateException("PyTorch run failed (exit " + exit + "; is python3-torch installed for "
                    + options.python() + "?):\n" + String.join("\n", output));
        }
        return rates;
    }

    private static Rates parse(String result) {
        double wall = Double.NaN;
        double cpu = Double.NaN;
        double[] runs = new double[0];
        for (String field : result.trim().split(" ")) {
            String[] kv = field.split("=", 2);
            switch (kv[0]) {
                case "wall" -> wall = Double.parseDouble(kv[1]);
                case "cpu" -> cpu = Double.parseDouble(kv[1]);
                case "runs" -> runs = Arrays.stream(kv[1].split(",")).mapToDouble(Double::parseDouble).toArray();
                default -> {
                }
            }
        }
        return new Rates(wall, cpu, runs);
    }

    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return "load " + fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "load " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }

}
