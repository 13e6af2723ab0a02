package org.pouw.chain.sim;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.evidence.EvidenceReporter;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.net.PeerId;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The many-node harness of issue 19 §8 (docs/chain.md §10): N nodes, each a {@link BlockImporter} over an in-memory
 * store with a mempool, M miners training the task for real at a rate of steps per simulated second, wallets sending
 * transfers, all talking through a {@link SimulatedNetwork} with delay, loss and partitions, all driven by one
 * {@link Simulation}. Every random draw comes from the settings' seed and nothing reads the machine's clock, so a run
 * replays exactly: a failing scenario fails again the same way.
 *
 * <p>The genesis target is calibrated to the miners' compute: a few throwaway steps measure the tickets a step
 * yields, and the first target expects (tickets per step × steps per second × T) tickets a block.
 */
public final class ChainSimulation {
    public static final long GENESIS_TIME = 1_767_225_600;
    private static final int CALIBRATION_STEPS = 16;
    private static final long REPORTER_SEED = 0x7265706f72746572L;

    private final SimulationSettings settings;
    private final SimulatedNodeFactory factory = new SimulatedNodeFactory();
    private final Simulation simulation = new Simulation(GENESIS_TIME * 1_000);
    private final SimulatedNetwork<ChainMessage> network;
    private final ChainGenesis genesis;
    private final SplittableRandom random;
    private final List<SimulatedNode> nodes = new ArrayList<>();
    /** Told each time the highest tip reaches a multiple of {@link #progressEvery}; a long run's sign of life. */
    private Progress progress = (height, simulatedMs) -> {
    };
    private long progressEvery = Long.MAX_VALUE;
    private long lastReported;
    private final List<SimulatedMiner> miners = new ArrayList<>();
    private final List<SimulatedWallet> wallets = new ArrayList<>();
    private final double calibratedTicketsPerStep;

    public ChainSimulation(SimulationSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        List<Ed25519.KeyPair> minerKeys = new ArrayList<>();
        for (int i = 0; i < settings.minerNodes().size(); i++) {
            minerKeys.add(key());
        }
        List<Ed25519.KeyPair> walletKeys = new ArrayList<>();
        for (int i = 0; i < settings.nodes() * settings.walletsPerNode(); i++) {
            walletKeys.add(key());
        }
        // A provisional genesis (any target) tells which task the first epoch assigns; its steps calibrate the target.
        ChainGenesis provisional = factory.genesis(GENESIS_TIME, CALIBRATION_STEPS, addresses(minerKeys),
                addresses(walletKeys), settings.audits());
        this.calibratedTicketsPerStep = calibrate(provisional, Bytes32.of(minerKeys.getFirst().publicKey()));
        double ticketsPerBlock = calibratedTicketsPerStep * settings.stepsPerSecond() * minerKeys.size()
                * SimulatedNodeFactory.SPACING;
        this.genesis = factory.genesis(GENESIS_TIME, ticketsPerBlock, addresses(minerKeys), addresses(walletKeys),
                settings.audits());
        this.network = new SimulatedNetwork<>(simulation, random.nextLong(), settings.minDelayMs(),
                settings.maxDelayMs(), settings.loss());
        // The reporters' keys come from a generator of their own, so they draw nothing from the run's: a run without
        // evidence replays as it did before nodes had reporters. They hold no coins at genesis (a slash costs no fee).
        SplittableRandom reporterKeys = new SplittableRandom(settings.seed() ^ REPORTER_SEED);
        for (int i = 0; i < settings.nodes(); i++) {
            InMemoryChainStore store = new InMemoryChainStore();
            BlockImporter importer = factory.importer(genesis, store, simulation.clock());
            SimulatedNode node = new SimulatedNode(importer, importer.mempool(), store, simulation,
                    new EvidenceReporter(key(reporterKeys), importer.chainId()));
            node.connect(network.join(new PeerId("node" + i), node::receive));
            nodes.add(node);
        }
        for (int i = 0; i < minerKeys.size(); i++) {
            Ed25519.KeyPair minerKey = minerKeys.get(i);
            MinerConduct conduct = settings.conducts().get(i);
            SimulatedNode home = nodes.get(settings.minerNodes().get(i));
            MiningLoop loop = conduct == MinerConduct.WORK_SKIPPING ? factory.workSkipping(minerKey)
                    : new HonestMiningLoop(factory.miner(minerKey));
            SimulatedMiner miner = new SimulatedMiner("miner" + i, minerKey, conduct, home, loop,
                    factory.assembler(home.importer(), minerKey), simulation, settings.stepsPerSecond(),
                    calibratedTicketsPerStep, network.peers());
            miners.add(miner);
            miner.start(random.nextLong(Math.max(1, Math.round(1_000 / settings.stepsPerSecond()))));
        }
        List<Bytes32> payees = addresses(walletKeys);
        for (int i = 0; i < walletKeys.size(); i++) {
            SimulatedWallet wallet = new SimulatedWallet(walletKeys.get(i), nodes.get(i / settings.walletsPerNode()),
                    simulation, random.nextLong(), settings.txIntervalMs(), payees);
            wallets.add(wallet);
            wallet.start();
        }
        for (SimulatedNode node : nodes) {
            schedulePoll(node, random.nextLong(settings.syncPollMs()));
        }
    }

    public Simulation simulation() {
        return simulation;
    }

    public SimulatedNetwork<ChainMessage> network() {
        return network;
    }

    public ChainGenesis genesis() {
        return genesis;
    }

    public List<SimulatedNode> nodes() {
        return List.copyOf(nodes);
    }

    public List<SimulatedMiner> miners() {
        return List.copyOf(miners);
    }

    public List<SimulatedWallet> wallets() {
        return List.copyOf(wallets);
    }

    /** Tickets a step yielded in the calibration before genesis. */
    public double calibratedTicketsPerStep() {
        return calibratedTicketsPerStep;
    }

    /** What a run reports as it goes: the highest tip and the simulated time since genesis. */
    @FunctionalInterface
    public interface Progress {
        void reached(long height, long simulatedMs);
    }

    /** Tells {@code progress} each time the highest tip reaches a multiple of {@code every} blocks. */
    public void reportProgress(long every, Progress progress) {
        if (every < 1 || progress == null) {
            throw new IllegalArgumentException("progress needs a listener and every >= 1, got " + every);
        }
        this.progressEvery = every;
        this.progress = progress;
    }

    /** Runs until some node follows a chain of {@code height} blocks. */
    public void runUntilHeight(long height) {
        simulation.runWhile(() -> {
            long tip = highestTip();
            if (tip / progressEvery > lastReported / progressEvery) {
                lastReported = tip;
                progress.reached(tip, simulation.nowMs() - GENESIS_TIME * 1_000);
            }
            return tip < height;
        }, Long.MAX_VALUE);
    }

    public void runFor(long ms) {
        simulation.runUntil(Math.addExact(simulation.nowMs(), ms));
    }

    /** Multiplies every miner's compute by {@code factor}. */
    public void scaleCompute(double factor) {
        for (SimulatedMiner miner : miners) {
            miner.setRate(miner.rate() * factor);
        }
    }

    /** Splits the nodes (by index) into sides; messages between sides are lost until {@link #heal()}. */
    public void partition(Set<Integer> sideA, Set<Integer> sideB) {
        network.partition(peers(sideA), peers(sideB));
    }

    public void heal() {
        network.heal();
    }

    /**
     * Stops the miners and wallets, then lets the nodes catch up: each asks every peer for what it lacks, up to
     * {@code rounds} times, until all follow one tip. True when they do.
     */
    public boolean quiesce(int rounds) {
        miners.forEach(SimulatedMiner::stop);
        wallets.forEach(SimulatedWallet::stop);
        runFor(4 * settings.maxDelayMs());
        for (int round = 0; round < rounds && !agreed(); round++) {
            for (SimulatedNode node : nodes) {
                for (SimulatedNode peer : nodes) {
                    if (peer != node) {
                        node.poll(peer.id());
                    }
                }
            }
            runFor(4 * settings.maxDelayMs());
        }
        return agreed();
    }

    /** Whether every node follows the same tip. */
    public boolean agreed() {
        Bytes32 tip = nodes.getFirst().tip().hash();
        return nodes.stream().allMatch(node -> node.tip().hash().equals(tip));
    }

    public long highestTip() {
        long highest = 0;
        for (SimulatedNode node : nodes) {
            highest = Math.max(highest, node.tip().height());
        }
        return highest;
    }

    /** Every training step's tickets so far, over all miners: with the simulated time, the network's ticket rate. */
    public long ticketsSoFar() {
        long tickets = 0;
        for (SimulatedMiner miner : miners) {
            tickets += miner.tickets();
        }
        return tickets;
    }

    public long blocksMined() {
        long blocks = 0;
        for (SimulatedMiner miner : miners) {
            blocks += miner.blocksMined();
        }
        return blocks;
    }

    /** The headers of the chain {@code node} follows, from block 1 to its tip. */
    public static List<BlockHeader> followedChain(SimulatedNode node) {
        List<BlockHeader> headers = new ArrayList<>();
        for (BlockNode at = node.tip(); !at.isGenesis(); at = at.parent()) {
            headers.add(node.importer().block(at.hash()).orElseThrow().header());
        }
        Collections.reverse(headers);
        return headers;
    }

    /** The spacing of blocks {@code from + 1 .. to} of a followed chain (block 0 is genesis, at its time). */
    public SpacingFigures spacing(List<BlockHeader> chain, long from, long to) {
        if (from < 0 || to <= from || to > chain.size()) {
            throw new IllegalArgumentException("no blocks " + from + ".." + to + " in a chain of " + chain.size());
        }
        double sum = 0;
        double squares = 0;
        for (long h = from + 1; h <= to; h++) {
            double gap = time(chain, h) - time(chain, h - 1);
            sum += gap;
            squares += gap * gap;
        }
        long n = to - from;
        double mean = sum / n;
        return new SpacingFigures(from, to, mean, StrictMath.sqrt(Math.max(0, squares / n - mean * mean)));
    }

    /**
     * The spacing the difficulty of block {@code height} implies at a network rate of {@code ticketsPerSecond}: the
     * tickets a block at its target expects over the tickets drawn a second. Free of the luck of block times, it
     * shows where ASERT has brought the target.
     */
    public static double impliedSpacing(List<BlockHeader> chain, long height, double ticketsPerSecond) {
        BigInteger work = Tickets.expectedTickets(CompactTarget.decode(chain.get((int) height - 1).bits()));
        return work.doubleValue() / ticketsPerSecond;
    }

    /**
     * The first height in {@code from .. to} whose implied spacing is within {@code tolerance} of T, or −1: how long
     * ASERT takes to bring the target to the network's ticket rate. It is the first entry, not a promise to stay:
     * ASERT answers to the luck of block times too, so its target wanders around the rate (a few per cent for τ = 60
     * blocks) once it has arrived.
     */
    public static long firstWithin(List<BlockHeader> chain, long from, long to, double ticketsPerSecond,
                                   double tolerance) {
        for (long h = from; h <= to; h++) {
            double implied = impliedSpacing(chain, h, ticketsPerSecond);
            if (Math.abs(implied - SimulatedNodeFactory.SPACING) <= tolerance * SimulatedNodeFactory.SPACING) {
                return h;
            }
        }
        return -1;
    }

    private long time(List<BlockHeader> chain, long height) {
        return height == 0 ? genesis.timestamp() : chain.get((int) height - 1).timestamp();
    }

    private void schedulePoll(SimulatedNode node, long afterMs) {
        simulation.after(afterMs, () -> {
            if (nodes.size() > 1) {
                int peer = random.nextInt(nodes.size() - 1);
                int self = nodes.indexOf(node);
                node.poll(nodes.get(peer >= self ? peer + 1 : peer).id());
            }
            schedulePoll(node, settings.syncPollMs());
        });
    }

    private Set<PeerId> peers(Set<Integer> side) {
        Set<PeerId> ids = new LinkedHashSet<>();
        for (int index : side) {
            ids.add(nodes.get(index).id());
        }
        return ids;
    }

    /** Tickets per step of a throwaway trajectory: the calibration of the genesis target. */
    private double calibrate(ChainGenesis provisional, Bytes32 miner) {
        ChainTrainer trainer = factory.trainer(provisional, miner, simulation.clock());
        long tickets = 0;
        for (int i = 0; i < CALIBRATION_STEPS; i++) {
            tickets += trainer.step(Bytes32.of(new byte[32])).mined().tickets();
        }
        return (double) tickets / CALIBRATION_STEPS;
    }

    private Ed25519.KeyPair key() {
        return key(random);
    }

    private static Ed25519.KeyPair key(SplittableRandom from) {
        byte[] secret = new byte[32];
        from.nextBytes(secret);
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    private static List<Bytes32> addresses(List<Ed25519.KeyPair> keys) {
        List<Bytes32> addresses = new ArrayList<>();
        for (Ed25519.KeyPair key : keys) {
            addresses.add(Bytes32.of(key.publicKey()));
        }
        return addresses;
    }
}
