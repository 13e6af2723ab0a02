package org.pouw.chain.sim;

import java.math.BigInteger;
import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.importing.BlockAssembler;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.mining.TipKeyedStep;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * A miner attached to one node: its compute is a rate of training steps per simulated second, so "compute doubles"
 * is {@link #setRate} with twice the rate. Each step is a real training step of the task, keyed to the tip its node
 * follows at the step's instant: a step's latency is taken as nothing against T (a capped step replays in at most
 * T/100, docs/chain.md §3.4, and an honest step takes about as long), so forks come from the network's delays, not
 * from steps straddling a new block. A winning step becomes a block stamped with the simulated clock, taken by the
 * node and relayed.
 */
public final class SimulatedMiner {
    private final String name;
    private final Bytes32 miner;
    private final SimulatedNode node;
    private final ChainTrainer trainer;
    private final BlockAssembler assembler;
    private final SimulatedNodeFactory factory;
    private final Simulation simulation;
    private double stepsPerSecond;
    private long steps;
    private long tickets;
    private long blocksMined;
    private boolean stopped;

    SimulatedMiner(String name, Ed25519.KeyPair key, SimulatedNode node, SimulatedNodeFactory factory,
                   Simulation simulation, double stepsPerSecond) {
        this.name = name;
        this.miner = Bytes32.of(key.publicKey());
        this.node = node;
        this.factory = factory;
        this.trainer = factory.trainer(miner);
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
        return steps;
    }

    /** Tickets its steps yielded: the rate difficulty answers to is tickets per second, not steps. */
    public long tickets() {
        return tickets;
    }

    public long blocksMined() {
        return blocksMined;
    }

    /** Starts the first step after {@code phaseMs}, so miners of one rate do not finish their steps in lockstep. */
    void start(long phaseMs) {
        simulation.after(phaseMs + stepMs(), this::step);
    }

    void stop() {
        stopped = true;
    }

    private long stepMs() {
        return Math.max(1, Math.round(1_000 / stepsPerSecond));
    }

    private void step() {
        if (stopped) {
            return;
        }
        BlockNode parent = node.tip();
        byte[] start = trainer.state().encode();
        TipKeyedStep step = trainer.step(parent.hash());
        steps++;
        tickets += step.mined().tickets();
        if (LivenessRule.DEFAULT.check(step.vitals()) == null) {
            BigInteger target = CompactTarget.decode(node.importer().expectedBits(parent));
            int j = Tickets.firstWinning(node.importer().chainId(), step.mined(), miner, target);
            if (j >= 0) {
                ChainTrainer.Win win = new ChainTrainer.Win(step, j, start);
                List<Transaction> body = assembler.select(node.mempool(), parent);
                Block block = assembler.assemble(parent, simulation.nowMs() / 1_000, factory.task(), factory.data(),
                        win, body);
                blocksMined++;
                node.mined(block);
            }
        }
        simulation.after(stepMs(), this::step);
    }

    @Override
    public String toString() {
        return name + "@" + node.id() + " (" + stepsPerSecond + " steps/s)";
    }
}
