package org.pouw.bench.chain;

import java.util.List;
import java.util.Locale;
import org.pouw.bench.Sitting;
import org.pouw.bench.chain.BenchStep.Inputs;
import org.pouw.bench.chain.BenchStep.Layers;
import org.pouw.bench.chain.BenchStep.Records;
import org.pouw.bench.chain.BenchStep.Subnormals;
import org.pouw.bench.chain.BenchStep.Timing;
import org.pouw.chain.mining.SymmetricUnits;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;

/**
 * What the chain adds to training and to a replay (issue 19, Performance; docs/chain.md §3.2–§3.4), one thread,
 * each piece timed apart on the same step:
 * <ul>
 *   <li>ticket counting ({@code ForwardWork} watching the forward pass, and the distinct-record key) against the
 *       engine's plain step — goal < 1 % of training: as the difference of the counted and the plain step, and
 *       timed alone on the layer inputs of one recorded pass (the difference drowns in a loaded machine's noise),
 *       split into the ticket count proper (the dense and convolution layers' products with their inputs' fused
 *       finite check, and the distinct records) and the finite check of the other layers' inputs (activations and
 *       pooling), which only the liveness rule needs; the count with the batch's record traits known (a miner's
 *       steady state), on records drawn for the first time, and without record traits;
 *   <li>hashing the step's tickets, a_t = min(A_step, ⌊M_t / U⌋) of them with {@code --u} and {@code --a-step};
 *   <li>the miner's whole chain step ({@code TipKeyedStep.take}: batch draw, counting, the state hashes before and
 *       after, the vitals) against the plain step;
 *   <li>the validator's replay ({@code StepReplay.check}) against a bare replay of the same step (decode, state hash,
 *       batch draw, the engine's step, state hash), as the median of paired differences (3 × {@code --reps} pairs):
 *       what is left after the ticket count (timed alone, the weights' non-zero counts known) is the liveness checks —
 *       goal < 5 % of a replay.
 * </ul>
 * Medians of {@code --reps} runs after {@code --warm-ups}, CPU time of the calling thread (wall in brackets). With
 * {@code --threads 2} every step runs on a team of two, as a node with two cores replays (the state hashes and the
 * vitals' scans are shared out, the MNIST-sized engine step stays on the caller): the calling thread's CPU time is
 * then its critical path — its own share, the chunks it takes from a descheduled helper and its spin while waiting
 * for the helper's — and the liveness share is also given on the wall clock (paired differences over the replay's
 * wall median), which means something only on a quiet machine. A
 * pre-touched fixed heap keeps first-touch page faults of the decoded states out of the figures (without it, runs on
 * a loaded machine spread by several times).
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.chain.MiningOverheadBenchmark [--reps 15] [--warm-ups 5] [--u 800000] [--a-step 8] \
 *       [--threads 1]
 * </pre>
 */
public final class MiningOverheadBenchmark {
    /** Calls per timed run of the pieces whose inputs a real step has in cache. */
    private static final int INNER = 20;

    private MiningOverheadBenchmark() {
    }

    public static void main(String[] args) {
        int reps = 15;
        int warmUps = 5;
        long u = 800_000;
        int aStep = 8;
        int threads = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--warm-ups" -> warmUps = Integer.parseInt(args[i + 1]);
                case "--u" -> u = Long.parseLong(args[i + 1]);
                case "--a-step" -> aStep = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Sitting.print(MiningOverheadBenchmark.class, args, String.format(Locale.ROOT,
                "threads %d, %d warm-ups then the median of %d runs, U = %,d, A_step = %d", threads, warmUps, reps,
                u, aStep));
        ThreadTeam team = ThreadTeam.of(threads);
        boolean onWall = threads > 1;
        List<BenchStep> steps = List.of(
                BenchStep.mlp(784, new int[] {128, 64}, 10, 64, team, Subnormals.NONE, Inputs.DENSE),
                BenchStep.cnn(28, 8, 5, 32, 10, 32, team),
                BenchStep.mlp(784, new int[] {512, 256}, 10, 64, team, Subnormals.NONE, Inputs.DENSE));
        BenchStep warm = steps.get(0);
        warm.time(warm.validatorsReplay(), 30, 1);
        warm.time(warm.minersStep(), 30, 1);
        warm.time(warm.countedStep(), 30, 1);

        System.out.println("times: CPU ms of the calling thread, wall ms in brackets"
                + (onWall ? "; liveness / replay on the caller's CPU time (the wall clock's in brackets)" : ""));
        System.out.println("| step | engine step | + counting | difference / step "
                + "| ticket count (products, distinct records) | / engine step | / miner's chain step "
                + "| the same after a state decode (caches cold) | / step "
                + "| activations' finite check | / step "
                + "| ticket count, records first drawn | / step | ticket count without record traits | / step "
                + "| a_t ticket hashes | hashes / step "
                + "| miner's chain step | bare replay | validator's replay | liveness / replay |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (BenchStep step : steps) {
            Timing plain = step.time(step.plainStep(), warmUps, reps);
            Timing counted = step.time(step.countedStep(), warmUps, reps);
            Timing count = step.time(step.countingAlone(true, Records.WARM, Layers.COUNTED), warmUps, reps, INNER);
            Timing countCold = step.time(step.countingAlone(true, Records.WARM, Layers.COUNTED), warmUps, reps);
            Timing finite = step.time(step.countingAlone(true, Records.WARM, Layers.FINITE_ONLY), warmUps, reps,
                    INNER);
            Timing first = step.time(step.countingAlone(true, Records.COLD, Layers.COUNTED), warmUps, reps, INNER);
            Timing uncached = step.time(step.countingAlone(true, Records.UNCACHED, Layers.COUNTED), warmUps, reps,
                    INNER);
            int tickets = (int) Math.min(aStep, step.counted / u);
            Timing hashes = step.time(step.ticketHashes(tickets), warmUps, reps);
            Timing miner = step.time(step.minersStep(), warmUps, reps);
            Timing bare = step.time(step.bareReplay(), warmUps, reps);
            Timing replay = step.time(step.validatorsReplay(), warmUps, reps);
            double counting = counted.cpu() - plain.cpu();
            // The replay's ticket count is the count with the weights' non-zero counts known (the vitals' scan gives
            // them) and the batch's records known; timed alone it is steadier than the difference of two step
            // timings. The rest of the replay's extra time — the activations' finite check among it — is liveness.
            double liveness = step.pairedDifference(step.bareReplay(), step.validatorsReplay(), warmUps, 3 * reps)
                    - count.cpu();
            String onTheWall = "";
            if (onWall) {
                double wall = step.pairedWallDifference(step.bareReplay(), step.validatorsReplay(), warmUps,
                        3 * reps) - count.wall();
                onTheWall = String.format(Locale.ROOT, " (wall %.1f %%)", 100 * wall / replay.wall());
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f %% | %.4f ms | %.2f %% | %.2f %% "
                            + "| %.4f ms | %.2f %% | %.4f ms | %.2f %% | %.3f ms | %.2f %% | %.3f ms | %.2f %% "
                            + "| %d: %.4f ms | %.3f %% | %s | %s | %s | %.1f %%%s |%n", step.name, ms(plain),
                    ms(counted), 100 * counting / plain.cpu(), count.cpu(), pct(count, plain), pct(count, miner),
                    countCold.cpu(), pct(countCold, plain), finite.cpu(), pct(finite, plain), first.cpu(),
                    pct(first, plain), uncached.cpu(), pct(uncached, plain), tickets, hashes.cpu(),
                    pct(hashes, plain), ms(miner), ms(bare), ms(replay), 100 * liveness / replay.cpu(), onTheWall);
        }
        System.out.println();
        System.out.println("what the state costs (per call, CPU ms): the replay hashes the start and the end state "
                + "once each and reads its vitals, symmetric units included, from the hashed words (an encoding is "
                + "what a stored state costs, the replay no longer makes one; the symmetric-unit column is the "
                + "public entry point, which copies the weights into words first)");
        System.out.println("| step | state words | state encode | state hash | symmetric-unit scan |");
        System.out.println("|---|---|---|---|---|");
        for (BenchStep step : steps) {
            TrainingState state = TrainingState.decode(step.task, step.start);
            Timing encode = step.time(ignored -> state.encode(), warmUps, reps);
            Timing hash = step.time(ignored -> state.hash(team), warmUps, reps);
            // The chain's step checks symmetric units on the hashed words; this entry point is cold, so warm it.
            Timing symmetric = step.time(ignored -> SymmetricUnits.present(state.network()), 20 * warmUps, reps);
            System.out.printf(Locale.ROOT, "| %s | %,d | %s | %s | %s |%n", step.name, step.start.length / 4,
                    ms(encode), ms(hash), ms(symmetric));
        }
        System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", Sitting.load());
    }

    private static double pct(Timing part, Timing whole) {
        return 100 * part.cpu() / whole.cpu();
    }

    private static String ms(Timing timing) {
        return String.format(Locale.ROOT, "%.2f (%.2f)", timing.cpu(), timing.wall());
    }
}
