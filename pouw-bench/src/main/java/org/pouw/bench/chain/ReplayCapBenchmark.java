package org.pouw.bench.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pouw.bench.Sitting;
import org.pouw.bench.chain.BenchStep.Inputs;
import org.pouw.bench.chain.BenchStep.Subnormals;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * The absolute caps of docs/chain.md §3.4 and the validation-time goal of issue 19: for MLPs and CNNs from tiny to
 * larger than MNIST's, the validator's replay of one step ({@code StepReplay.check}, start-state decode included)
 * and one training step (the engine's step alone, and the miner's whole chain step), against the counted
 * multiply-adds M_t of the step (dense records, so M_t is the architecture's M_max). It fits the replay time
 * against M and the state's size, measures the slow-down of a state with subnormal parameters at ε and far above
 * it and of subnormal records, and derives
 * <ul>
 *   <li>V_max = (T/100) / (1 + k_b), T = 60 s, k_b = k_w·w + 2 = 34 replayed audit steps a block may carry;
 *   <li>a fit {@code replay = a + b_mlp·M_mlp + b_cnn·M_cnn + h·W} (W: state words, hashed twice and scanned by
 *       the liveness checks), and the caps C_mac = ((V_max − a)/2) / (max(b_mlp, b_cnn)·s_ε) and
 *       C_words = ((V_max − a)/2) / h, s_ε the slow-down of a state at the subnormal bound ε;
 *   <li>U = the most multiply-adds an honest row does per ms of the miner's step, A_step = C_mac / U.
 * </ul>
 * Every time is the median of {@code --reps} runs after {@code --warm-ups}, CPU time of the calling thread (wall
 * clock in brackets), on {@code --threads} threads (1 by default: the reference replay is the single-threaded one
 * every validator can do, and on one thread the engine runs on the caller, so the CPU figure is the step's own).
 * The fits and caps use the CPU figures. A pre-touched fixed heap keeps first-touch page faults of the decoded
 * states out of the figures.
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.chain.ReplayCapBenchmark [--reps 9] [--warm-ups 3] [--threads 1]
 * </pre>
 */
public final class ReplayCapBenchmark {
    private static final double T_MS = 60_000;
    private static final int K_B = 8 * 4 + 2;

    private ReplayCapBenchmark() {
    }

    record Row(BenchStep step, BenchStep.Timing plain, BenchStep.Timing miner, BenchStep.Timing replay,
               String verdict) {
    }

    public static void main(String[] args) {
        int reps = 9;
        int warmUps = 3;
        int threads = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--warm-ups" -> warmUps = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Sitting.print(ReplayCapBenchmark.class, args, String.format(Locale.ROOT,
                "threads %d, %d warm-ups then the median of %d runs per figure, CPU and wall time", threads, warmUps,
                reps));
        try (ThreadTeam team = ThreadTeam.of(threads)) {
            List<BenchStep> honest = List.of(
                    BenchStep.mlp(64, new int[] {32}, 10, 16, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.cnn(16, 4, 3, 16, 10, 16, team),
                    BenchStep.mlp(784, new int[] {32}, 10, 32, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.mlp(784, new int[] {128, 64}, 10, 32, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.cnn(28, 8, 5, 32, 10, 32, team),
                    BenchStep.mlp(784, new int[] {128, 64}, 10, 64, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.cnn(28, 16, 5, 64, 10, 32, team),
                    BenchStep.mlp(784, new int[] {256, 128}, 10, 64, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.mlp(784, new int[] {512, 256}, 10, 64, team, Subnormals.NONE, Inputs.DENSE),
                    // Small batches: few multiply-adds for a large state, which the replay hashes twice.
                    BenchStep.cnn(28, 8, 5, 32, 10, 8, team),
                    BenchStep.mlp(784, new int[] {256, 128}, 10, 8, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.mlp(784, new int[] {512, 256}, 10, 4, team, Subnormals.NONE, Inputs.DENSE));
            // A global warm-up on a mid-sized step, so the first rows are not timed on the interpreter.
            BenchStep warm = honest.get(3);
            warm.time(warm.validatorsReplay(), 30, 1);
            warm.time(warm.minersStep(), 30, 1);

            System.out.println("times: CPU ms of the calling thread, wall ms in brackets");
            System.out.println("| step | M_t (counted multiply-adds) | engine step ms | miner's chain step ms | "
                    + "validator's replay ms | replay / engine step | ≤ 2 × step + 5 ms | verdict |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            List<Row> rows = new ArrayList<>();
            for (BenchStep step : honest) {
                rows.add(measure(step, warmUps, reps));
            }
            double[] replayFit = fit(rows, true);
            double[] minerFit = fit(rows, false);

            BenchStep reference = honest.get(5);
            Row base = rows.get(5);
            List<Row> adversarial = List.of(
                    measure(BenchStep.mlp(784, new int[] {128, 64}, 10, 64, team, Subnormals.AT_EPSILON,
                            Inputs.DENSE), warmUps, reps),
                    measure(BenchStep.mlp(784, new int[] {128, 64}, 10, 64, team, Subnormals.HALF, Inputs.DENSE),
                            warmUps, reps),
                    measure(BenchStep.mlp(784, new int[] {128, 64}, 10, 64, team, Subnormals.NONE,
                            Inputs.SUBNORMAL), warmUps, reps));
            // StrictMath: the same MLP with tanh units makes B × (128 + 64) more StrictMath.tanh calls per step (the
            // backward pass reads the outputs; the softmax's exp calls are in both).
            Row tanh = measure(BenchStep.mlp(784, new int[] {128, 64}, 10, 64, org.pouw.ml.model.Activation.TANH, team,
                    Subnormals.NONE, Inputs.DENSE), warmUps, reps);
            long calls = 64L * (128 + 64);
            double nsPerCall = (tanh.replay.cpu() - base.replay.cpu()) * 1e6 / calls;

            System.out.println();
            System.out.println("| subnormal case (" + reference.name + ") | validator's replay ms, CPU (wall) "
                    + "| slow-down against the honest " + String.format(Locale.ROOT, "%.2f", base.replay.cpu())
                    + " ms | verdict |");
            System.out.println("|---|---|---|---|");
            String[] names = {"0.9 % of the dense weights subnormal (just under ε = 1 %)",
                "half of the dense weights subnormal", "every record feature subnormal"};
            double slowdownAtEpsilon = 1;
            for (int i = 0; i < adversarial.size(); i++) {
                Row row = adversarial.get(i);
                double slowdown = row.replay.cpu() / base.replay.cpu();
                if (i == 0) {
                    slowdownAtEpsilon = Math.max(1, slowdown);
                }
                System.out.printf(Locale.ROOT, "| %s | %.2f (%.2f) | %.2f× | %s |%n", names[i], row.replay.cpu(),
                        row.replay.wall(), slowdown, row.verdict);
            }

            double vMax = T_MS / 100 / (1 + K_B);
            System.out.println();
            System.out.printf(Locale.ROOT, "replay fit (least squares over the %d honest rows, CPU ms): %.3f ms + "
                            + "%.3f ns per MLP multiply-add + %.3f ns per CNN multiply-add + %.3f ns per state word%n",
                    rows.size(), replayFit[0], replayFit[1] * 1e6, replayFit[2] * 1e6, replayFit[3] * 1e6);
            System.out.printf(Locale.ROOT, "miner's step fit: %.3f ms + %.3f ns per MLP multiply-add + %.3f ns per CNN "
                    + "multiply-add + %.3f ns per state word%n", minerFit[0], minerFit[1] * 1e6, minerFit[2] * 1e6,
                    minerFit[3] * 1e6);
            System.out.println("| step | replay ms | fit ms |");
            System.out.println("|---|---|---|");
            for (Row row : rows) {
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f |%n", row.step.name, row.replay.cpu(),
                        predict(replayFit, row.step));
            }
            System.out.printf(Locale.ROOT, "V_max = T/100/(1 + k_b) = %.0f ms / %d = %.2f ms (k_b = k_w·w + 2 = %d)%n",
                    T_MS / 100, 1 + K_B, vMax, K_B);
            System.out.printf(Locale.ROOT, "s_ε = %.2f (replay slow-down at the subnormal bound, at least 1)%n",
                    slowdownAtEpsilon);
            // Half of what is left after the fixed part for the products, half for the state's bytes.
            double budget = (vMax - replayFit[0]) / 2;
            double worstMac = Math.max(replayFit[1], replayFit[2]) * slowdownAtEpsilon;
            long cMac = (long) (budget / worstMac);
            long cWords = (long) (budget / replayFit[3]);
            System.out.printf(Locale.ROOT, "StrictMath: tanh MLP %.2f ms against ReLU %.2f ms for %,d more calls: "
                    + "%.1f ns per call = %.0f products at the capped product's cost (k_math: each call counts as "
                    + "that many products against C_mac)%n", tanh.replay.cpu(), base.replay.cpu(), calls, nsPerCall,
                    nsPerCall * 1e-6 / worstMac);
            System.out.printf(Locale.ROOT, "C_mac = ((V_max − a)/2) / (max(b_mlp, b_cnn)·s_ε) = %,d counted "
                    + "multiply-adds per step%n", cMac);
            System.out.printf(Locale.ROOT, "C_words = ((V_max − a)/2) / h = %,d state words (parameters and "
                    + "optimiser slots)%n", cWords);
            // U: the most multiply-adds any honest row does in 1 ms of the miner's step, so that no ticket of these
            // tasks costs less than about 1 ms of training (the fitted slopes alone are too flat for MLPs: their
            // products vectorise and the state's hashing dominates).
            Row cheapest = rows.stream().filter(row -> row.step.counted >= 1_000_000)
                    .max(java.util.Comparator.comparingDouble(row -> row.step.counted / row.miner.cpu())).orElseThrow();
            long u = (long) (cheapest.step.counted / cheapest.miner.cpu());
            System.out.printf(Locale.ROOT, "U = the most multiply-adds per ms of the miner's step (%s) = %,d "
                    + "multiply-adds per ticket%n", cheapest.step.name, u);
            System.out.printf(Locale.ROOT, "A_step = C_mac / U = %,d tickets per step%n", Math.max(1, cMac / u));
            System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", Sitting.load());
        }
    }

    private static Row measure(BenchStep step, int warmUps, int reps) {
        BenchStep.Timing plain = step.time(step.plainStep(), warmUps, reps);
        BenchStep.Timing miner = step.time(step.minersStep(), warmUps, reps);
        BenchStep.Timing replay = step.time(step.validatorsReplay(), warmUps, reps);
        var verdict = step.verdict();
        String said = verdict.accepted() ? "accepted" : "refused " + verdict.refusal();
        Row row = new Row(step, plain, miner, replay, said);
        System.out.printf(Locale.ROOT, "| %s | %,d | %.2f (%.2f) | %.2f (%.2f) | %.2f (%.2f) | %.2f | %s | %s |%n",
                step.name, step.counted, plain.cpu(), plain.wall(), miner.cpu(), miner.wall(), replay.cpu(),
                replay.wall(), replay.cpu() / plain.cpu(), replay.cpu() <= 2 * plain.cpu() + 5 ? "yes" : "no", said);
        return row;
    }

    /** The regressors of a step: 1, M if an MLP, M if a CNN, state words. */
    private static double[] regressors(BenchStep step) {
        boolean cnn = step.name.startsWith("CNN");
        return new double[] {1, cnn ? 0 : step.counted, cnn ? step.counted : 0, step.start.length / 4.0};
    }

    private static double predict(double[] fit, BenchStep step) {
        double[] x = regressors(step);
        double y = 0;
        for (int i = 0; i < x.length; i++) {
            y += fit[i] * x[i];
        }
        return y;
    }

    /**
     * Least squares {@code time = a + b_mlp·M_mlp + b_cnn·M_cnn + h·W} over the rows, by the normal equations:
     * {a ms, b_mlp, b_cnn and h in ms per unit}.
     */
    private static double[] fit(List<Row> rows, boolean replay) {
        int k = 4;
        double[][] a = new double[k][k + 1];
        for (Row row : rows) {
            double[] x = regressors(row.step);
            double y = replay ? row.replay.cpu() : row.miner.cpu();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    a[i][j] += x[i] * x[j];
                }
                a[i][k] += x[i] * y;
            }
        }
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int r = 0; r < k; r++) {
                if (r != col) {
                    double factor = a[r][col] / a[col][col];
                    for (int c = col; c <= k; c++) {
                        a[r][c] -= factor * a[col][c];
                    }
                }
            }
        }
        double[] solution = new double[k];
        for (int i = 0; i < k; i++) {
            solution[i] = a[i][k] / a[i][i];
        }
        return solution;
    }
}
