package org.pouw.chain.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.tx.Transaction;

/**
 * The scenarios of issue 19 §8 on the harness (docs/chain.md §10), sized by their caller: the default tests run them
 * small, pouw-bench's {@code ChainSimulationBenchmark} at full size. Each returns its figures; the caller asserts or
 * prints them.
 */
public final class SimulationScenarios {
    /** How close the implied and the measured spacing must come to T to count as settled. */
    public static final double TOLERANCE = 0.10;

    private SimulationScenarios() {
    }

    /** Runs the phases one after another (each scales compute at its start), then lets the nodes agree. */
    public static ComputeRun compute(SimulationSettings settings, List<ComputePhase> phases) {
        ChainSimulation sim = new ChainSimulation(settings);
        record Stretch(ComputePhase phase, long start, double ticketsPerSecond) {
        }
        List<Stretch> stretches = new ArrayList<>();
        for (ComputePhase phase : phases) {
            long start = sim.highestTip();
            sim.scaleCompute(phase.factor());
            long tickets = sim.ticketsSoFar();
            long startMs = sim.simulation().nowMs();
            sim.runUntilHeight(start + phase.settleBlocks() + phase.measureBlocks());
            double rate = (sim.ticketsSoFar() - tickets) * 1_000.0 / (sim.simulation().nowMs() - startMs);
            stretches.add(new Stretch(phase, start, rate));
        }
        boolean agreed = sim.quiesce(5);
        List<BlockHeader> chain = ChainSimulation.followedChain(sim.nodes().getFirst());
        List<PhaseFigures> figures = new ArrayList<>();
        for (Stretch stretch : stretches) {
            long measureFrom = stretch.start() + stretch.phase().settleBlocks();
            long end = Math.min(chain.size(), measureFrom + stretch.phase().measureBlocks());
            long settled = ChainSimulation.firstWithin(chain, stretch.start() + 1, end, stretch.ticketsPerSecond(),
                    TOLERANCE);
            figures.add(new PhaseFigures(stretch.phase(), stretch.start(), stretch.ticketsPerSecond(),
                    settled < 0 ? -1 : settled - stretch.start(), sim.spacing(chain, measureFrom, end),
                    ChainSimulation.impliedSpacing(chain, end, stretch.ticketsPerSecond())));
        }
        return new ComputeRun(figures, agreed, chain.size(), sim.blocksMined() - chain.size(), orphansHeld(sim),
                reorgDepths(sim), sim.miners().stream().mapToLong(SimulatedMiner::steps).sum());
    }

    /**
     * Nodes 0 and 1 against nodes 2, 3 and 4 (3 miners against 5 with {@link SimulationSettings#fiveNodesEightMiners})
     * for {@code partitionBlocks} spacings of simulated time, after {@code beforeBlocks} blocks together; then the
     * partition heals and {@code afterBlocks} more are mined before the nodes are left to agree.
     */
    public static PartitionRun partition(SimulationSettings settings, long beforeBlocks, long partitionBlocks,
                                         long afterBlocks) {
        ChainSimulation sim = new ChainSimulation(settings);
        sim.runUntilHeight(beforeBlocks);
        sim.partition(Set.of(0, 1), Set.of(2, 3, 4));
        sim.runFor(partitionBlocks * SimulatedNodeFactory.SPACING * 1_000);
        BlockNode tipA = best(sim.nodes().get(0).tip(), sim.nodes().get(1).tip());
        BlockNode tipB = best(best(sim.nodes().get(2).tip(), sim.nodes().get(3).tip()), sim.nodes().get(4).tip());
        long healMs = sim.simulation().nowMs();
        sim.heal();
        sim.runUntilHeight(Math.max(tipA.height(), tipB.height()) + afterBlocks);
        boolean agreed = sim.quiesce(5);
        SimulatedNode reference = sim.nodes().getFirst();
        BlockNode tip = reference.tip();
        String winner = descends(tip, tipA) ? "A" : descends(tip, tipB) ? "B" : "neither";
        int compared = tipA.cumulativeWork().compareTo(tipB.cumulativeWork());
        String heavier = compared > 0 ? "A" : compared < 0 ? "B" : "tie";
        Set<Transaction> onChain = new HashSet<>();
        for (BlockNode at = tip; !at.isGenesis(); at = at.parent()) {
            Block block = reference.importer().block(at.hash()).orElseThrow();
            onChain.addAll(block.transactions());
        }
        List<SimulatedNode.Reorg> reorgs = new ArrayList<>();
        sim.nodes().forEach(node -> reorgs.addAll(node.reorgs()));
        Set<Transaction> returned = new HashSet<>();
        int notPooled = 0;
        for (SimulatedNode.Reorg reorg : reorgs) {
            returned.addAll(reorg.returned());
            notPooled += reorg.notPooled().size();
        }
        int notMined = 0;
        for (Transaction tx : returned) {
            if (!onChain.contains(tx)) {
                notMined++;
            }
        }
        List<Integer> depths = reorgs.stream().filter(reorg -> reorg.atMs() >= healMs).map(SimulatedNode.Reorg::depth)
                .toList();
        List<BlockHeader> chain = ChainSimulation.followedChain(reference);
        return new PartitionRun(tipA.height(), tipB.height(), tipA.cumulativeWork().toString(),
                tipB.cumulativeWork().toString(), winner, heavier, agreed, tip.height(),
                depths, returned.size(), notPooled, notMined,
                sim.blocksMined() - chain.size(), orphansHeld(sim), sim.spacing(chain, 0, chain.size()));
    }

    private static BlockNode best(BlockNode a, BlockNode b) {
        return a.cumulativeWork().compareTo(b.cumulativeWork()) >= 0 ? a : b;
    }

    private static boolean descends(BlockNode tip, BlockNode ancestor) {
        return tip.height() >= ancestor.height() && tip.ancestorAt(ancestor.height()).hash().equals(ancestor.hash());
    }

    private static long orphansHeld(ChainSimulation sim) {
        return sim.nodes().stream().mapToLong(SimulatedNode::orphansHeld).sum();
    }

    /** Every node's reorganisations' depths, node by node in the order they happened. */
    private static List<Integer> reorgDepths(ChainSimulation sim) {
        List<Integer> depths = new ArrayList<>();
        for (SimulatedNode node : sim.nodes()) {
            node.reorgs().forEach(reorg -> depths.add(reorg.depth()));
        }
        return depths;
    }
}
