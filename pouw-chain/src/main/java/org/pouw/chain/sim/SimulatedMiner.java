package org.pouw.chain.sim;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.importing.BlockAssembler;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * A miner attached to one node: its compute is a rate of training steps per simulated second on the task the genesis
 * target was calibrated on, so "compute doubles" is {@link #setRate} with twice the rate. A step lasts in proportion
 * to the tickets it yielded — the products it counted, U per ticket — so when an epoch assigns a larger or smaller
 * filler task the steps slow down or speed up and the tickets per second, which difficulty answers to, follow the
 * compute alone. Each step is a real training step of the task, keyed to the tip its node
 * follows at the step's instant: a step's latency is taken as nothing against T (a capped step replays in at most
 * T/100, docs/chain.md §3.4, and an honest step takes about as long), so forks come from the network's delays, not
 * from steps straddling a new block. A winning step becomes a block stamped with the simulated clock, taken by the
 * node and relayed.
 */
public final class SimulatedMiner {
    private final String name;
    private final Bytes32 miner;
    private final SimulatedNode node;
    private final ChainMiner chainMiner;
    private final BlockAssembler assembler;
    private final Simulation simulation;
    private final double ticketsPerStep;
    private double stepsPerSecond;
    private long blocksMined;
    private boolean stopped;

    SimulatedMiner(String name, Ed25519.KeyPair key, SimulatedNode node, SimulatedNodeFactory factory,
                   Simulation simulation, double stepsPerSecond, double ticketsPerStep) {
        this.name = name;
        this.miner = Bytes32.of(key.publicKey());
        this.node = node;
        this.chainMiner = factory.miner(key);
        this.ticketsPerStep = ticketsPerStep;
        this.assembler = factory.assembler(node.importer(), key);
        this.simulation = simulation;
        setRate(stepsPerSecond);
    }

    public String name() {
        return name;
    }

    public Bytes32 key() {
        return miner;
    }

    public SimulatedNode node() {
        return node;
    }

    public double rate() {
        return stepsPerSecond;
    }

    /** The miner's compute, in training steps per simulated second; takes effect from the next step. */
    public void setRate(double stepsPerSecond) {
        if (!(stepsPerSecond > 0) || Double.isInfinite(stepsPerSecond)) {
            throw new IllegalArgumentException("stepsPerSecond must be > 0 and finite, got " + stepsPerSecond);
        }
        this.stepsPerSecond = stepsPerSecond;
    }

    public long steps() {
        return chainMiner.steps();
    }

    /** Tickets its steps yielded: the rate difficulty answers to is tickets per second, not steps. */
    public long tickets() {
        return chainMiner.tickets();
    }

    public long blocksMined() {
        return blocksMined;
    }

    /** Starts the first step after {@code phaseMs}, so miners of one rate do not finish their steps in lockstep. */
    void start(long phaseMs) {
        simulation.after(phaseMs + stepMs(ticketsPerStep), this::step);
    }

    void stop() {
        stopped = true;
    }

    /** How long a step that yielded {@code tickets} takes at this miner's rate (a step of none counts as one). */
    private long stepMs(double tickets) {
        return Math.max(1, Math.round(1_000 * Math.max(1, tickets) / (ticketsPerStep * stepsPerSecond)));
    }

    private void step() {
        if (stopped) {
            return;
        }
        BlockNode parent = node.tip();
        long ticketsBefore = chainMiner.tickets();
        Block block = chainMiner.mine(node.importer(), parent, simulation.nowMs() / 1_000,
                () -> body(parent), 1);
        if (block != null) {
            blocksMined++;
            node.mined(block);
        }
        simulation.after(stepMs(chainMiner.tickets() - ticketsBefore), this::step);
    }

    /**
     * The body of this miner's block on {@code parent}: what the mempool offers, and the opening of this miner's
     * oldest challenged audit (an honest miner opens what it is asked to, here in its own blocks) when the offer
     * carries no opening (a reorg returns openings to the mempool, and a block's openings share one budget) and nothing
     * of this miner's (whose nonces the opening's would collide with).
     */
    private List<Transaction> body(BlockNode parent) {
        List<Transaction> offered = assembler.select(node.mempool(), parent);
        boolean free = offered.stream().noneMatch(tx -> tx.body() instanceof AuditOpen
                || tx.sender().equals(chainMiner.miner()));
        List<Transaction> body = new ArrayList<>(free ? chainMiner.openings(node.importer(), parent, 1) : List.of());
        int max = node.importer().genesis().block().maxTransactions();
        for (Transaction tx : offered) {
            if (body.size() < max) {
                body.add(tx);
            }
        }
        return body;
    }

    @Override
    public String toString() {
        return name + "@" + node.id() + " (" + stepsPerSecond + " steps/s)";
    }
}
