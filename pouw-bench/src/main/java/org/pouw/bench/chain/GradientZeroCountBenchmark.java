package org.pouw.bench.chain;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.pouw.bench.Sitting;
import org.pouw.bench.chain.BenchStep.Inputs;
import org.pouw.bench.chain.BenchStep.Subnormals;
import org.pouw.bench.chain.BenchStep.Timing;
import org.pouw.ml.model.LayerInputs;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;

/**
 * What the liveness rule's gradient count costs (issue 19, Performance: liveness checks < 5 % of a replay;
 * docs/chain.md §3.4), one thread, on the steps of {@link MiningOverheadBenchmark}: the count of the gradient's ±0
 * words as a pass of its own after the engine's step (how the chain counted before) and inside the optimiser's pass
 * ({@code Trainer.countingGradientZeros}, how it counts now), each as the median of paired CPU-time differences
 * against the bare engine step, both in one sitting, so the load's drift cancels; and both as a share of the
 * validator's replay. The liveness share of {@link MiningOverheadBenchmark} holds this difference among several
 * others and moves by points between runs on a loaded machine; this isolates it.
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.chain.GradientZeroCountBenchmark [--pairs 301] [--warm-ups 200]
 * </pre>
 */
public final class GradientZeroCountBenchmark {
    private GradientZeroCountBenchmark() {
    }

    public static void main(String[] args) {
        int pairs = 301;
        int warmUps = 200;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[i + 1]);
                case "--warm-ups" -> warmUps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Sitting.print(GradientZeroCountBenchmark.class, args, String.format(Locale.ROOT,
                "threads 1, %d warm-up pairs then the median of %d paired differences", warmUps, pairs));
        ThreadTeam team = ThreadTeam.single();
        List<BenchStep> steps = List.of(
                BenchStep.mlp(784, new int[] {128, 64}, 10, 64, team, Subnormals.NONE, Inputs.DENSE),
                BenchStep.cnn(28, 8, 5, 32, 10, 32, team),
                BenchStep.mlp(784, new int[] {512, 256}, 10, 64, team, Subnormals.NONE, Inputs.DENSE));
        System.out.println("times: CPU ms of the calling thread (paired differences against the bare engine step)");
        System.out.println("| step | validator's replay ms | separate gradient pass, ms | / replay "
                + "| count in the optimiser's pass, ms | / replay |");
        System.out.println("|---|---|---|---|---|---|");
        for (BenchStep step : steps) {
            int[] batch = step.batch();
            Function<TrainingState, Object> plain = state ->
                    new Trainer(step.task, step.data, state, team).step(batch, LayerInputs.NONE);
            Function<TrainingState, Object> separate = state -> {
                new Trainer(step.task, step.data, state, team).step(batch, LayerInputs.NONE);
                return zerosAfterTheStep(state);
            };
            Function<TrainingState, Object> fused = state -> {
                Trainer trainer = new Trainer(step.task, step.data, state, team).countingGradientZeros();
                trainer.step(batch, LayerInputs.NONE);
                return trainer.gradientZeroWords();
            };
            Timing replay = step.time(step.validatorsReplay(), 20, 31);
            double separateMs = step.pairedDifference(plain, separate, warmUps, pairs);
            double fusedMs = step.pairedDifference(plain, fused, warmUps, pairs);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.4f | %.2f %% | %.4f | %.2f %% |%n", step.name,
                    replay.cpu(), separateMs, 100 * separateMs / replay.cpu(), fusedMs,
                    100 * fusedMs / replay.cpu());
        }
    }

    /** The count as the chain took it before: a pass of its own over every gradient word after the step. */
    private static Long zerosAfterTheStep(TrainingState state) {
        long zeros = 0;
        for (Parameter parameter : state.network().parameters()) {
            for (float[] row : parameter.gradient()) {
                int zero = 0;
                for (float g : row) {
                    zero += ((Float.floatToRawIntBits(g) & 0x7fffffff) - 1) >>> 31;
                }
                zeros += zero;
            }
        }
        return zeros;
    }
}
