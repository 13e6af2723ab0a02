package org.pouw.bench.chain;

import java.util.List;
import java.util.Locale;
import org.pouw.bench.Sitting;
import org.pouw.bench.chain.BenchStep.Inputs;
import org.pouw.bench.chain.BenchStep.Subnormals;
import org.pouw.chain.task.StepWorkBound;
import org.pouw.chain.task.TaskParameters;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;

/**
 * The validation-time goal of issue 19 (docs/chain.md §3.4): a validator's replay of a winning step within 2 × one
 * engine step + 5 ms, on one thread — for the rows {@link ReplayCapBenchmark} found over it (a large state trained on
 * a small batch) and for the largest states admission lets through (C_words, C_mac of the default task parameters)
 * at the smallest batches, where the goal is hardest. Each row says whether admission admits its task, and where the
 * replay's time goes: decoding the opened start state, one state hash (the replay hashes the start and the end
 * state), the engine's step, and the chain's checks (the replay less the bare replay: decode, hash, step, hash).
 * Times are CPU ms of the calling thread, medians of {@code --reps} runs after {@code --warm-ups}.
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.chain.ValidationGoalBenchmark [--reps 9] [--warm-ups 3]
 * </pre>
 */
public final class ValidationGoalBenchmark {
    private ValidationGoalBenchmark() {
    }

    public static void main(String[] args) {
        int reps = 9;
        int warmUps = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--warm-ups" -> warmUps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Sitting.print(ValidationGoalBenchmark.class, args, String.format(Locale.ROOT,
                "one thread, %d warm-ups then the median of %d runs per figure, CPU ms", warmUps, reps));
        TaskParameters caps = TaskParameters.DEFAULTS;
        try (ThreadTeam team = ThreadTeam.single()) {
            List<BenchStep> steps = List.of(
                    // The three rows over the goal in ReplayCapBenchmark.
                    BenchStep.mlp(784, new int[] {512, 256}, 10, 64, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.mlp(784, new int[] {256, 128}, 10, 8, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.mlp(784, new int[] {512, 256}, 10, 4, team, Subnormals.NONE, Inputs.DENSE),
                    // The largest admissible states (SGD: two words per parameter) at the smallest batches.
                    BenchStep.mlp(784, new int[] {248}, 10, 1, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.mlp(784, new int[] {248}, 10, 4, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.mlp(784, new int[] {248}, 10, 16, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.mlp(784, new int[] {128, 64}, 10, 1, team, Subnormals.NONE, Inputs.DENSE),
                    BenchStep.cnn(28, 16, 5, 64, 10, 1, team),
                    BenchStep.cnn(28, 16, 5, 64, 10, 4, team));
            BenchStep warm = steps.get(6);
            warm.time(warm.validatorsReplay(), 30, 1);
            System.out.println("| step | state words | admitted (C_words " + caps.maxStateWords() + ", C_mac "
                    + caps.maxMultiplyAdds() + ") | engine step | validator's replay | ≤ 2 × step + 5 ms | decode "
                    + "| one state hash | chain's checks |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (BenchStep step : steps) {
                long words = step.start.length / 4;
                long mMax = StepWorkBound.maxCountedMultiplyAdds(step.task.architecture(),
                        step.task.hyperparameters().batchSize());
                String admitted = words - 6 > caps.maxStateWords() ? "no: state words"
                        : mMax > caps.maxMultiplyAdds() ? "no: multiply-adds" : "yes";
                double engine = step.time(step.plainStep(), warmUps, reps).cpu();
                double replay = step.time(step.validatorsReplay(), warmUps, reps).cpu();
                double bare = step.time(step.bareReplay(), warmUps, reps).cpu();
                double decode = step.time(ignored -> TrainingState.decode(step.task, step.start), warmUps, reps).cpu();
                double hash = step.time(state -> state.hash(team), warmUps, reps).cpu();
                System.out.printf(Locale.ROOT, "| %s | %,d | %s | %.2f | %.2f | %s (limit %.2f) | %.2f | %.2f | %.2f |%n",
                        step.name, words - 6, admitted, engine, replay, replay <= 2 * engine + 5 ? "yes" : "no",
                        2 * engine + 5, decode, hash, replay - bare);
            }
            System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", Sitting.load());
        }
    }
}
