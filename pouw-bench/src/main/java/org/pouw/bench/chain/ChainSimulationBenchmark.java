package org.pouw.bench.chain;

import java.util.List;
import java.util.Locale;
import org.pouw.chain.sim.ComputePhase;
import org.pouw.chain.sim.ComputeRun;
import org.pouw.chain.sim.MinerConduct;
import org.pouw.chain.sim.PartitionRun;
import org.pouw.chain.sim.PhaseFigures;
import org.pouw.chain.sim.SimulationScenarios;
import org.pouw.chain.sim.SimulationSettings;
import org.pouw.chain.sim.SlashingRun;

/**
 * Issue 19 §8's scenarios at full size on the many-node simulation (docs/chain.md §10): 5 nodes and 8 miners
 * training the demo task for real. (a) 1,000 blocks at the calibrated start, then compute doubles, then halves, each
 * followed by blocks for ASERT to settle and 1,000 measured blocks; (b) a tenfold ticket-rate jump and the blocks
 * until the difficulty has caught up; (c) a 2 + 3 partition for 100 block spacings, healed; (d) an equivocating and a
 * work-skipping miner among the eight honest ones, under the default audit constants (maturity 360), until both are
 * slashed and 100 blocks after. Prints each scenario's
 * figures and whether the mean spacing of each measured window is within 10 % of T. The default tests run the same
 * scenarios scaled down ({@code ComputeChangeSimulationTest}, {@code RateJumpSimulationTest},
 * {@code PartitionSimulationTest}, {@code SlashingSimulationTest}). Simulated time only: the run is the same on any machine for the same seed.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 * java -XX:+UseSerialGC -Xmx10g -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *     org.pouw.bench.chain.ChainSimulationBenchmark [--seed 19] [--rate 0.02] [--blocks 1000] [--settle 300] \
 *     [--progress 100] [--scenario all|compute|jump|partition|slashing]
 * </pre>
 *
 * <p>What a run needs: the five nodes each keep every block, decoded and encoded, audit openings included, so the
 * live heap grows by about 2 MB a block (measured: 2.67 GB after 1,262 blocks of the jump scenario): {@code -Xmx6g}
 * for the jump (1,700 blocks), {@code -Xmx10g} for compute (3,600 blocks); one thread, 5–7 blocks per CPU second,
 * so minutes of CPU but hours of wall time on a machine loaded to 30 on 2 cores. The serial collector keeps the heap near what is
 * live. Every {@code --progress} blocks a line on standard error says the height, the simulated time, the wall and
 * CPU time and the heap in use, and the end prints the run's wall and CPU time and its peak heap.
 */
public final class ChainSimulationBenchmark {
    private ChainSimulationBenchmark() {
    }

    public static void main(String[] args) {
        long seed = 19;
        double rate = 0.02;
        long blocks = 1_000;
        long settle = 300;
        String scenario = "all";
        long every = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--blocks" -> blocks = Long.parseLong(args[++i]);
                case "--settle" -> settle = Long.parseLong(args[++i]);
                case "--scenario" -> scenario = args[++i];
                case "--progress" -> every = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        boolean all = scenario.equals("all");
        if (all || scenario.equals("compute")) {
            ComputeRun run = SimulationScenarios.compute(SimulationSettings.fiveNodesEightMiners(seed, rate),
                    List.of(new ComputePhase("start", 1, 0, blocks), new ComputePhase("doubled", 2, settle, blocks),
                            new ComputePhase("halved", 0.5, settle, blocks)), every, RunMeter.progress("compute"));
            print("(a) compute doubles, then halves (seed " + seed + ", " + rate + " steps/s per miner)", run);
        }
        if (all || scenario.equals("jump")) {
            ComputeRun run = SimulationScenarios.compute(SimulationSettings.fiveNodesEightMiners(seed, rate / 4),
                    List.of(new ComputePhase("start", 1, 0, 100), new ComputePhase("jump", 10, 2 * settle,
                            blocks)), every, RunMeter.progress("jump"));
            print("(b) tenfold ticket-rate jump (seed " + seed + ", " + rate / 4 + " steps/s per miner)", run);
        }
        if (all || scenario.equals("partition")) {
            PartitionRun run = SimulationScenarios.partition(SimulationSettings.fiveNodesEightMiners(seed, rate), 50,
                    100, 50);
            System.out.println("(c) 2 + 3 partition for 100 spacings (seed " + seed + ", " + rate
                    + " steps/s per miner)\n" + run.report() + "\n");
        }
        if (all || scenario.equals("slashing")) {
            slashing(seed, rate);
        }
        System.out.println(RunMeter.summary());
    }

    private static void slashing(long seed, double rate) {
        SimulationSettings settings = SimulationSettings.fiveNodesEightMiners(seed, rate)
                .withMiner(1, MinerConduct.EQUIVOCATING).withMiner(3, MinerConduct.WORK_SKIPPING);
        SlashingRun run = SimulationScenarios.slashing(settings, 2_000, 100);
        System.out.println("(d) an equivocating and a work-skipping miner among eight honest ones (seed " + seed + ", "
                + rate + " steps/s per miner, default audit constants)\n" + run.report());
    }

    private static void print(String title, ComputeRun run) {
        System.out.println(title);
        System.out.println(run.report());
        for (PhaseFigures phase : run.phases()) {
            System.out.printf(Locale.ROOT, "  %-8s mean %.1f s is %s 10 %% of T (%.1f %% off)%n", phase.phase().name(),
                    phase.measured().meanSeconds(), phase.measured().deviationFrom(60) <= 0.10 ? "within" : "OUTSIDE",
                    100 * phase.measured().deviationFrom(60));
        }
        System.out.println();
    }
}
