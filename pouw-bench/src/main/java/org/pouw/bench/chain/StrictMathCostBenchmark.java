package org.pouw.bench.chain;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.pouw.bench.Sitting;

/**
 * What one {@code StrictMath} call of the engine costs a validator (docs/chain.md §3.4, C_math): the transcendental
 * calls a training step makes — {@code tanh} (tanh units), {@code exp} (sigmoid units and the softmax), {@code log}
 * (the cross-entropy) — each timed over a million arguments of the range activations and logits take, in CPU ns per
 * call of the one thread, the median of {@code --reps} rounds after {@code --warm-ups}. From the costliest it derives
 * C_math: the calls that fit in what the products' half of V_max leaves once C_mac products are paid for,
 * {@code ((V_max − a)/2 − C_mac · c_product) / t_call}, with V_max, a, C_mac and c_product (the convolution's cost per
 * counted product) as §3.4 measured them (the options override them).
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.chain.StrictMathCostBenchmark \
 *       [--reps 9] [--warm-ups 3] [--vmax-ms 17.1] [--fixed-ms 1.24] [--cmac 10000000] [--product-ns 0.48]
 * </pre>
 */
public final class StrictMathCostBenchmark {
    private static final int CALLS = 1_000_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Keeps the JIT from dropping the calls. */
    private static double sink;

    private StrictMathCostBenchmark() {
    }

    public static void main(String[] args) {
        int reps = 9;
        int warmUps = 3;
        double vmaxMs = 17.1;
        double fixedMs = 1.24;
        long cmac = 10_000_000;
        double productNs = 0.48;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--warm-ups" -> warmUps = Integer.parseInt(args[i + 1]);
                case "--vmax-ms" -> vmaxMs = Double.parseDouble(args[i + 1]);
                case "--fixed-ms" -> fixedMs = Double.parseDouble(args[i + 1]);
                case "--cmac" -> cmac = Long.parseLong(args[i + 1]);
                case "--product-ns" -> productNs = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Sitting.print(StrictMathCostBenchmark.class, args, CALLS + " calls a round, " + reps + " rounds after "
                + warmUps + " warm-ups");
        SplittableRandom random = new SplittableRandom(19);
        double[] activations = new double[CALLS];
        double[] sums = new double[CALLS];
        for (int i = 0; i < CALLS; i++) {
            activations[i] = random.nextDouble() * 8 - 4;      // pre-activations and logits differences
            sums[i] = 1 + random.nextDouble() * 9;             // softmax sums: 1 to the class count
        }
        double worst = 0;
        worst = Math.max(worst, report("tanh", StrictMath::tanh, activations, reps, warmUps));
        worst = Math.max(worst, report("exp", StrictMath::exp, activations, reps, warmUps));
        worst = Math.max(worst, report("log", StrictMath::log, sums, reps, warmUps));
        double leftNs = ((vmaxMs - fixedMs) / 2 * 1e6) - cmac * productNs;
        System.out.printf(Locale.ROOT, "products' half of V_max - a: %.2f ms, C_mac products take %.2f ms, %.2f ms "
                + "left%n", (vmaxMs - fixedMs) / 2, cmac * productNs / 1e6, leftNs / 1e6);
        System.out.printf(Locale.ROOT, "C_math at the costliest call (%.1f ns): %,d calls per step%n", worst,
                (long) Math.floor(leftNs / worst));
        System.out.printf(Locale.ROOT, "load average at the end %.2f; sink %s%n", Sitting.load(), sink);
    }

    private static double report(String name, DoubleUnaryOperator call, double[] arguments, int reps, int warmUps) {
        double[] nanos = new double[reps];
        for (int r = -warmUps; r < reps; r++) {
            long start = THREADS.getCurrentThreadCpuTime();
            double sum = 0;
            for (double x : arguments) {
                sum += call.applyAsDouble(x);
            }
            long spent = THREADS.getCurrentThreadCpuTime() - start;
            sink += sum;
            if (r >= 0) {
                nanos[r] = (double) spent / arguments.length;
            }
        }
        Arrays.sort(nanos);
        double median = nanos[reps / 2];
        System.out.printf(Locale.ROOT, "StrictMath.%s: median %.1f ns per call (min %.1f, max %.1f)%n", name, median,
                nanos[0], nanos[reps - 1]);
        return median;
    }
}
