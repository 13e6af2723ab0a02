package org.pouw.bench.ml;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.IdxReader;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ChunkTimes;
import org.pouw.ml.tensor.RegionProfile;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;

/**
 * How much of a training step a second thread can share (issue 28's one-to-two-thread speed-up), measured on one
 * thread in thread CPU time so that a loaded machine hardly moves it: a {@link ThreadTeam#profiling} team cuts every
 * region as a team of {@code --threads} would and times each part. Printed: the step's CPU time, its serial share
 * (outside split regions), the split regions' span on N threads as the team would schedule their parts, the
 * speed-up that model allows (Amdahl with the imbalance, no hand-off cost) and the split regions a step pays a
 * hand-off for; then where the serial time ran and which regions lose most to unequal parts. The same models and
 * tasks as {@link PyTorchRatioBenchmark}. From the repository root:
 * <pre>
 * ./mvnw -B -q -o -pl pouw-bench -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.ml.ParallelShareBenchmark \
 *     [--model resnet8|char-transformer|mnist-mlp] [--threads 2] [--steps 20] [--warmup 5] [--sites 12]
 * </pre>
 */
public final class ParallelShareBenchmark {
    private ParallelShareBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String model = "resnet8";
        int threads = 2;
        int steps = 20;
        int warmup = 5;
        int sites = 12;
        String data = "../shared/datasets/mnist-10k";
        String text = "/usr/share/common-licenses/GPL-3";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = args[i + 1];
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--sites" -> sites = Integer.parseInt(args[i + 1]);
                case "--data" -> data = args[i + 1];
                case "--text" -> text = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --model "
                        + "resnet8|char-transformer|mnist-mlp --threads N --steps N --warmup N --sites N --data DIR "
                        + "--text FILE");
            }
        }
        if (steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("--steps must be >= 1 and --warmup >= 0, got " + steps + ", " + warmup);
        }
        Dataset train = switch (model) {
            case "resnet8" -> PyTorchRatioBenchmark.images(512);
            case "char-transformer" -> ByteTextReader.read(Files.readAllBytes(Path.of(text)), text, 64, 8);
            case "mnist-mlp" -> IdxReader.read(Path.of(data).resolve("train-images-idx3-ubyte"),
                    Path.of(data).resolve("train-labels-idx1-ubyte"), 10).slice(0, 8000);
            default -> throw new IllegalArgumentException("--model must be resnet8, char-transformer or mnist-mlp, got "
                    + model);
        };
        TrainingTask task = PyTorchRatioBenchmark.task(model, train.root());
        RegionProfile profile = new RegionProfile(threads);
        try (ThreadTeam team = ThreadTeam.profiling(profile)) {
            Trainer trainer = new Trainer(task, train, TrainingState.initial(task), team);
            for (int s = 0; s < warmup; s++) {
                trainer.step();
            }
            for (int s = 0; s < steps; s++) {
                profile.startStep();
                trainer.step();
                profile.endStep();
            }
        }
        print(model, profile, sites);
        // The same steps on a real team of N, each chunk's CPU time recorded: what the split regions cost on N threads
        // against the one-thread profile above.
        ChunkTimes times = new ChunkTimes();
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        long wall;
        long callerCpu;
        long allCpu;
        try (ThreadTeam team = ThreadTeam.timingChunks(threads, times)) {
            Trainer trainer = new Trainer(task, train, TrainingState.initial(task), team);
            for (int s = 0; s < warmup; s++) {
                trainer.step();
            }
            times.recording(true);
            long teamCpu = teamCpu(clock);
            long callerStart = clock.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                trainer.step();
            }
            wall = System.nanoTime() - start;
            callerCpu = clock.getCurrentThreadCpuTime() - callerStart;
            allCpu = callerCpu + teamCpu(clock) - teamCpu;
            times.recording(false);
        }
        printTeam(profile, times, steps, wall, callerCpu, allCpu, sites);
    }

    /** CPU nanoseconds of the team's helper threads so far. */
    private static long teamCpu(ThreadMXBean clock) {
        long sum = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("pouw-ml-team-")) {
                sum += Math.max(0, clock.getThreadCpuTime(thread.threadId()));
            }
        }
        return sum;
    }

    private static void printTeam(RegionProfile p, ChunkTimes times, int steps, long wall, long callerCpu, long allCpu,
                                  int sites) {
        double n = steps;
        double oneThread = p.splitNanos() / n / 1e6;
        if (p.splitRegions() == 0) {
            System.out.printf(Locale.ROOT, "  on a real team of %d: nothing split, step %.2f ms wall, %.2f ms CPU%n",
                    p.threads(), wall / n / 1e6, allCpu / n / 1e6);
            return;
        }
        double chunks = times.totalNanos() / n / 1e6;
        System.out.printf(Locale.ROOT, "  on a real team of %d (%s): step %.2f ms wall; CPU a step: caller %.2f ms, all "
                        + "threads %.2f ms, in chunks %.2f ms against %.2f ms on one thread (%.2fx); outside chunks %.2f "
                        + "ms (serial work, hand-offs, waiting)%n", p.threads(), load(), wall / n / 1e6,
                callerCpu / n / 1e6, allCpu / n / 1e6, chunks, oneThread, chunks / oneThread,
                (allCpu - times.totalNanos()) / n / 1e6);
        Map<String, Long> single = new java.util.HashMap<>();
        for (RegionProfile.SplitSite site : p.splitSites()) {
            single.put(site.site(), site.nanos());
        }
        List<Map.Entry<String, Long>> rows = new java.util.ArrayList<>(times.sites());
        rows.sort((a, b) -> Long.compare(b.getValue() - single.getOrDefault(b.getKey(), 0L),
                a.getValue() - single.getOrDefault(a.getKey(), 0L)));
        System.out.println("  regions whose parts cost most CPU beyond one thread's (ms a step: one thread, team, "
                + "difference):");
        for (Map.Entry<String, Long> row : rows.subList(0, Math.min(sites, rows.size()))) {
            long one = single.getOrDefault(row.getKey(), 0L);
            System.out.printf(Locale.ROOT, "    %7.3f %7.3f %+7.3f  %s%n", one / n / 1e6, row.getValue() / n / 1e6,
                    (row.getValue() - one) / n / 1e6, row.getKey());
        }
    }

    private static void print(String model, RegionProfile p, int sites) {
        double n = p.steps();
        double total = p.totalNanos() / n / 1e6;
        double serial = p.serialNanos() / n / 1e6;
        double split = p.splitNanos() / n / 1e6;
        double span = p.modelledSplitNanos() / n / 1e6;
        double modelled = p.modelledNanos() / n / 1e6;
        System.out.printf(Locale.ROOT, "%s, %d steps on one thread as a team of %d would cut them (%s):%n", model,
                p.steps(), p.threads(), load());
        System.out.printf(Locale.ROOT, "  step %.2f ms CPU: serial %.2f ms (%.1f %%), split regions %.2f ms in %.1f "
                + "regions a step%n", total, serial, 100 * serial / total, split, p.splitRegions() / n);
        System.out.printf(Locale.ROOT, "  on %d threads by the model: split regions %.2f ms (a perfect split %.2f), "
                + "step %.2f ms%n", p.threads(), span, split / p.threads(), modelled);
        System.out.printf(Locale.ROOT, "  speed-up bound %.2fx (Amdahl alone %.2fx), before hand-off costs%n",
                total / modelled, total / (serial + split / p.threads()));
        System.out.println("  serial time by site (ms a step):");
        List<Map.Entry<String, Long>> serialSites = p.serialSites();
        for (Map.Entry<String, Long> site : serialSites.subList(0, Math.min(sites, serialSites.size()))) {
            System.out.printf(Locale.ROOT, "    %7.3f  %s%n", site.getValue() / n / 1e6, site.getKey());
        }
        System.out.println("  split regions losing most to unequal parts (ms a step: CPU, span, loss; count a step):");
        List<RegionProfile.SplitSite> splitSites = p.splitSites();
        for (RegionProfile.SplitSite site : splitSites.subList(0, Math.min(sites, splitSites.size()))) {
            System.out.printf(Locale.ROOT, "    %7.3f %7.3f %7.3f  x%.0f  %s%n", site.nanos() / n / 1e6,
                    site.modelledNanos() / n / 1e6, site.imbalanceNanos(p.threads()) / n / 1e6, site.count() / n,
                    site.site());
        }
    }

    private static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return "load " + fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "load unknown";
        }
    }
}
