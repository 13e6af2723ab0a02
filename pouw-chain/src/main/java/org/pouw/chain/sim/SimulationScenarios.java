package org.pouw.chain.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.evidence.EvidenceReporter;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.state.ImmatureReward;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

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
        return compute(settings, phases, Long.MAX_VALUE, (height, simulatedMs) -> {
        });
    }

    /** {@link #compute(SimulationSettings, List)}, telling {@code progress} every {@code every} blocks. */
    public static ComputeRun compute(SimulationSettings settings, List<ComputePhase> phases, long every,
                                     ChainSimulation.Progress progress) {
        ChainSimulation sim = new ChainSimulation(settings);
        sim.reportProgress(every, progress);
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

    /**
     * The adversaries of {@link SimulationSettings#conducts} among honest miners: runs until the tip of the highest
     * node leaves none of them anything to slash (or {@code maxHeight}), then {@code afterBlocks} more, then lets the
     * nodes agree, and reads the final chain on every node.
     */
    public static SlashingRun slashing(SimulationSettings settings, long maxHeight, long afterBlocks) {
        ChainSimulation sim = new ChainSimulation(settings);
        List<SimulatedMiner> adversaries = sim.miners().stream()
                .filter(miner -> miner.conduct() != MinerConduct.HONEST).toList();
        sim.simulation().runWhile(onTipChange(sim, () -> sim.highestTip() < maxHeight && adversaries.stream()
                .anyMatch(adversary -> EvidenceReporter.slashable(highest(sim).tip().state(), adversary.key()))),
                Long.MAX_VALUE);
        sim.runUntilHeight(sim.highestTip() + afterBlocks);
        boolean agreed = sim.quiesce(5);
        SimulatedNode reference = sim.nodes().getFirst();
        List<BlockHeader> chain = ChainSimulation.followedChain(reference);
        List<SlashingRun.Adversary> adversaryFigures = new ArrayList<>();
        long lastSlash = 0;
        for (SimulatedMiner adversary : adversaries) {
            long slashedAt = -1;
            long clawedBack = 0;
            for (long h = 1; h <= chain.size() && slashedAt < 0; h++) {
                StateLayer state = reference.tip().ancestorAt(h).state();
                if (!EvidenceReporter.slashable(state, adversary.key())) {
                    slashedAt = h;
                    clawedBack = reference.tip().ancestorAt(h - 1).state().immatureRewards(adversary.key()).stream()
                            .mapToLong(ImmatureReward::amount).sum();
                }
            }
            lastSlash = Math.max(lastSlash, slashedAt);
            long largestStake = 0;
            long largestImmature = 0;
            for (SimulatedNode node : sim.nodes()) {
                StateLayer state = node.tip().state();
                var stake = state.stake(adversary.key());
                largestStake = Math.max(largestStake, stake.active() + stake.pending() + stake.unbonding());
                largestImmature = Math.max(largestImmature, state.immatureRewards(adversary.key()).stream()
                        .mapToLong(ImmatureReward::amount).sum());
            }
            long misdeeds = adversary.conduct() == MinerConduct.EQUIVOCATING ? adversary.equivocations()
                    : adversary.skippedSegments();
            adversaryFigures.add(new SlashingRun.Adversary(adversary.name(), adversary.conduct(), misdeeds,
                    blocksBy(chain, adversary.key(), 0), slashedAt, clawedBack, largestStake, largestImmature,
                    adversary.stepsUnstaked()));
        }
        List<SlashingRun.Honest> honestFigures = new ArrayList<>();
        for (SimulatedMiner miner : sim.miners()) {
            if (miner.conduct() != MinerConduct.HONEST) {
                continue;
            }
            long smallestStake = Long.MAX_VALUE;
            long reportedBy = 0;
            for (SimulatedNode node : sim.nodes()) {
                smallestStake = Math.min(smallestStake, node.tip().state().stake(miner.key()).active());
                if (node.reporter().submitted().stream().anyMatch(tx -> offender(tx).equals(miner.key()))) {
                    reportedBy++;
                }
            }
            honestFigures.add(new SlashingRun.Honest(miner.name(), blocksBy(chain, miner.key(), 0),
                    blocksBy(chain, miner.key(), lastSlash), smallestStake, reportedBy));
        }
        long slashes = 0;
        for (BlockNode at = reference.tip(); !at.isGenesis(); at = at.parent()) {
            slashes += reference.importer().block(at.hash()).orElseThrow().transactions().stream()
                    .filter(tx -> tx.body() instanceof Slash).count();
        }
        long roots = sim.nodes().stream().map(node -> node.importer().block(node.tip().hash())
                .map(block -> block.header().stateRoot()).orElse(null)).distinct().count();
        return new SlashingRun(adversaryFigures, honestFigures, agreed, roots, chain.size(), slashes,
                sim.blocksMined() - chain.size());
    }

    /**
     * A 2 + 3 partition with audits pending across it: after at least {@code beforeBlocks} blocks together, the nodes
     * split right after a block of a miner on the smaller side (nodes 0 and 1) whose segment has steps to open (more
     * than the winner), so that block's challenge is drawn on both sides apart; the split lasts {@code partitionBlocks} spacings, then heals, and the chain runs on
     * {@code afterBlocks} blocks and past that block's maturity before the nodes are left to agree.
     */
    public static PartitionAuditRun partitionAudits(SimulationSettings settings, long beforeBlocks,
                                                    long partitionBlocks, long afterBlocks) {
        ChainSimulation sim = new ChainSimulation(settings);
        Set<Bytes32> sideAMiners = new HashSet<>();
        for (SimulatedMiner miner : sim.miners()) {
            int home = sim.nodes().indexOf(miner.node());
            if (home == 0 || home == 1) {
                sideAMiners.add(miner.key());
            }
        }
        sim.simulation().runWhile(onTipChange(sim, () -> {
            if (sim.highestTip() < beforeBlocks || !sim.agreed()) {
                return true;
            }
            SimulatedNode first = sim.nodes().getFirst();
            BlockHeader header = first.importer().block(first.tip().hash()).orElseThrow().header();
            return !(sideAMiners.contains(header.miner()) && header.proof().length() > 1);
        }), Long.MAX_VALUE);
        BlockNode fork = sim.nodes().getFirst().tip();
        sim.partition(Set.of(0, 1), Set.of(2, 3, 4));
        sim.runFor(partitionBlocks * SimulatedNodeFactory.SPACING * 1_000);
        BlockNode tipA = best(sim.nodes().get(0).tip(), sim.nodes().get(1).tip());
        BlockNode tipB = best(best(sim.nodes().get(2).tip(), sim.nodes().get(3).tip()), sim.nodes().get(4).tip());
        long healMs = sim.simulation().nowMs();
        sim.heal();
        AuditParameters audits = settings.audits();
        sim.runUntilHeight(Math.max(Math.max(tipA.height(), tipB.height()) + afterBlocks,
                fork.height() + audits.maturity() + 2));
        boolean agreed = sim.quiesce(5);
        SimulatedNode reference = sim.nodes().getFirst();
        BlockNode tip = reference.tip();
        String winner = descends(tip, tipA) ? "A" : descends(tip, tipB) ? "B" : "neither";
        Set<Transaction> onChain = new HashSet<>();
        Map<Long, Long> openedAt = new TreeMap<>();
        for (BlockNode at = tip; !at.isGenesis(); at = at.parent()) {
            for (Transaction tx : reference.importer().block(at.hash()).orElseThrow().transactions()) {
                onChain.add(tx);
                if (tx.body() instanceof AuditOpen open) {
                    openedAt.put(open.auditedHeight(), at.height());
                }
            }
        }
        List<SimulatedNode.Reorg> reorgs = new ArrayList<>();
        sim.nodes().forEach(node -> node.reorgs().stream().filter(reorg -> reorg.atMs() >= healMs)
                .forEach(reorgs::add));
        Set<Transaction> returned = new HashSet<>();
        int notPooled = 0;
        Map<String, Integer> leftOpenings = new TreeMap<>();
        int refusedPooled = 0;
        Map<Long, PartitionAuditRun.Reopened> reopened = new TreeMap<>();
        for (SimulatedNode.Reorg reorg : reorgs) {
            returned.addAll(reorg.returned());
            notPooled += reorg.notPooled().size();
            for (SimulatedNode.LeftOpening left : reorg.openings()) {
                TxRefusal refusal = left.onNewTip().refusal();
                leftOpenings.merge(refusal == null ? "applies" : refusal.name(), 1, Integer::sum);
                if (refusal != null && left.pooled()) {
                    refusedPooled++;
                }
                AuditOpen open = (AuditOpen) left.tx().body();
                if (refusal == TxRefusal.CHALLENGE_MISMATCH) {
                    PendingAudit audit = tip.state().audit(open.auditedHeight());
                    reopened.put(open.auditedHeight(), new PartitionAuditRun.Reopened(open.auditedHeight(),
                            open.challenge().hex(), audit.seed().hex(), open.auditedHeight() + audits.challengeDelay(),
                            openedAt.getOrDefault(open.auditedHeight(), -1L), audit.status().name(),
                            tip.state().stake(audit.miner()).active()));
                }
            }
        }
        int notMined = 0;
        for (Transaction tx : returned) {
            if (!onChain.contains(tx)) {
                notMined++;
            }
        }
        int honestSlashed = 0;
        for (SimulatedMiner miner : sim.miners()) {
            long genesisStake = SimulatedNodeFactory.MINER_STAKE;
            if (sim.nodes().stream().anyMatch(node -> node.tip().state().stake(miner.key()).active() < genesisStake)) {
                honestSlashed++;
            }
        }
        return new PartitionAuditRun(audits.openingWindow(), fork.height(), tipA.height(), tipB.height(), winner,
                agreed, tip.height(), leftOpenings, refusedPooled, List.copyOf(reopened.values()), returned.size(),
                notPooled, notMined, reorgs.stream().map(SimulatedNode.Reorg::depth).toList(), honestSlashed);
    }

    /** {@code condition}, evaluated again only when some node's tip moved (it reads nothing else). */
    private static BooleanSupplier onTipChange(ChainSimulation sim, BooleanSupplier condition) {
        return new BooleanSupplier() {
            private List<Bytes32> tips;
            private boolean value;

            @Override
            public boolean getAsBoolean() {
                List<Bytes32> now = sim.nodes().stream().map(node -> node.tip().hash()).toList();
                if (!now.equals(tips)) {
                    tips = now;
                    value = condition.getAsBoolean();
                }
                return value;
            }
        };
    }

    private static SimulatedNode highest(ChainSimulation sim) {
        SimulatedNode highest = sim.nodes().getFirst();
        for (SimulatedNode node : sim.nodes()) {
            if (node.tip().height() > highest.tip().height()) {
                highest = node;
            }
        }
        return highest;
    }

    /** Blocks of {@code chain} above {@code above} signed by {@code miner}. */
    private static long blocksBy(List<BlockHeader> chain, Bytes32 miner, long above) {
        return chain.stream().filter(header -> header.height() > above && header.miner().equals(miner)).count();
    }

    private static Bytes32 offender(Transaction slash) {
        return BlockHeader.decode(((Slash) slash.body()).first()).miner();
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
