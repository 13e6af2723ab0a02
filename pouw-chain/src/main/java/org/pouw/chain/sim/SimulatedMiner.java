package org.pouw.chain.sim;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.importing.BlockAssembler;
import org.pouw.chain.net.PeerId;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.StateLayer;
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
 *
 * <p>An honest miner opens its audits in its own blocks (the fee comes back to it); an audit still unopened when half
 * the free window D has passed since its challenge it hands to its node's mempool, where openings have reserved room,
 * so any block takes it. A miner whose stake is gone (slashed) can no longer sign blocks: its steps stop counting.
 * The adversaries ({@link MinerConduct}) differ in how they sign or train; see there.
 */
public final class SimulatedMiner {
    private final String name;
    private final Ed25519.KeyPair key;
    private final Bytes32 miner;
    private final MinerConduct conduct;
    private final SimulatedNode node;
    private final MiningLoop loop;
    private final BlockAssembler assembler;
    private final Simulation simulation;
    private final double ticketsPerStep;
    private final List<PeerId> firstHalf;
    private final List<PeerId> secondHalf;
    private double stepsPerSecond;
    private long blocksMined;
    private long equivocations;
    private long stepsUnstaked;
    private Bytes32 openingsOfferedOn;
    private boolean stopped;

    SimulatedMiner(String name, Ed25519.KeyPair key, MinerConduct conduct, SimulatedNode node, MiningLoop loop,
                   BlockAssembler assembler, Simulation simulation, double stepsPerSecond, double ticketsPerStep,
                   List<PeerId> allNodes) {
        this.name = name;
        this.key = key;
        this.miner = Bytes32.of(key.publicKey());
        this.conduct = conduct;
        this.node = node;
        this.loop = loop;
        this.ticketsPerStep = ticketsPerStep;
        this.assembler = assembler;
        this.simulation = simulation;
        this.firstHalf = List.copyOf(allNodes.subList(0, allNodes.size() / 2));
        this.secondHalf = List.copyOf(allNodes.subList(allNodes.size() / 2, allNodes.size()));
        setRate(stepsPerSecond);
    }

    public String name() {
        return name;
    }

    public Bytes32 key() {
        return miner;
    }

    public MinerConduct conduct() {
        return conduct;
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
        return loop.steps();
    }

    /** Tickets its steps yielded: the rate difficulty answers to is tickets per second, not steps. */
    public long tickets() {
        return loop.tickets();
    }

    public long blocksMined() {
        return blocksMined;
    }

    /** Pairs of blocks it signed on one parent and sent to the two halves of the nodes. */
    public long equivocations() {
        return equivocations;
    }

    /** Blocks it won whose segment claims a step it skipped (a work-skipping miner's; 0 for the others). */
    public long skippedSegments() {
        return loop instanceof WorkSkippingLoop skipping ? skipping.skippedSegments() : 0;
    }

    /** Step times it sat out because its node's tip gives it no active stake to sign with. */
    public long stepsUnstaked() {
        return stepsUnstaked;
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
        if (parent.state().stake(miner).activeAt(parent.height() + 1)
                < node.importer().genesis().block().minimumStake()) {
            stepsUnstaked++;
            simulation.after(stepMs(ticketsPerStep), this::step);
            return;
        }
        offerOverdueOpenings(parent);
        long ticketsBefore = loop.tickets();
        Block block = loop.mine(node.importer(), parent, simulation.nowMs() / 1_000, () -> body(parent), 1);
        if (block != null) {
            blocksMined++;
            if (conduct == MinerConduct.EQUIVOCATING) {
                equivocations++;
                node.minedTwins(block, twin(block), firstHalf, secondHalf);
            } else {
                node.mined(block);
            }
        }
        simulation.after(stepMs(loop.tickets() - ticketsBefore), this::step);
    }

    /** The same block signed again a second later: another header on the same parent, by the same key. */
    private Block twin(Block block) {
        BlockHeader h = block.header();
        BlockHeader second = BlockHeader.sign(key, node.importer().chainId(), h.height(), h.parent(),
                h.timestamp() + 1, h.bits(), h.txRoot(), h.stateRoot(), h.taskId(), h.proof());
        return new Block(second, block.opening(), block.transactions());
    }

    /**
     * Hands the node's mempool this miner's openings once its oldest challenged audit on {@code parent} has waited
     * half the free window (checked once per tip): its own blocks did not come soon enough.
     */
    private void offerOverdueOpenings(BlockNode parent) {
        if (parent.hash().equals(openingsOfferedOn)) {
            return;
        }
        openingsOfferedOn = parent.hash();
        var audits = node.importer().genesis().audit();
        StateLayer state = parent.state();
        long overdue = parent.height() - audits.challengeDelay() - audits.openingWindow() / 2;
        boolean any = false;
        for (long height = Math.max(1, parent.height() - audits.maturity() + 1); height <= overdue && !any; height++) {
            PendingAudit audit = state.audit(height);
            any = audit != null && audit.miner().equals(miner) && audit.status() == PendingAudit.Status.CHALLENGED;
        }
        if (any) {
            for (Transaction opening : loop.openings(node.importer(), parent, 4)) {
                node.offer(opening);
            }
        }
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
                || tx.sender().equals(miner));
        List<Transaction> body = new ArrayList<>(free ? loop.openings(node.importer(), parent, 1) : List.of());
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
        return name + "@" + node.id() + " (" + conduct + ", " + stepsPerSecond + " steps/s)";
    }
}
