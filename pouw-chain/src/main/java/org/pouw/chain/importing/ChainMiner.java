package org.pouw.chain.importing;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.pouw.chain.block.Block;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * One miner's loop over a node's view of the chain (docs/chain.md §4.3, §5.1): for a block on a parent it asks the
 * chain which task it is assigned and where its segment on that task must start, trains from that state (kept from
 * its own earlier blocks, or the task's initial state) until a step wins, and assembles the block with the whole
 * segment. It keeps the state at the end of every segment it mined, so it can continue on whichever branch the chain
 * follows; a search that found no winner is resumed by the next call on the same start (the segment keeps growing).
 *
 * <p>It trains only tasks whose dataset it holds (by Merkle root). Not thread-safe.
 */
public final class ChainMiner {
    private final Ed25519.KeyPair key;
    private final Bytes32 miner;
    private final Map<Bytes32, Dataset> datasets = new HashMap<>();
    /** Training states this miner reached at its segments' ends, by state hash. */
    private final Map<Bytes32, TrainingState> ends = new HashMap<>();
    /** Searches still running, by task and segment start. */
    private final Map<String, ChainTrainer> running = new HashMap<>();
    private final ThreadTeam team;
    private long steps;
    private long tickets;

    public ChainMiner(Ed25519.KeyPair key, List<Dataset> datasets, ThreadTeam team) {
        this.key = key;
        this.miner = Bytes32.of(key.publicKey());
        for (Dataset data : datasets) {
            this.datasets.put(data.root(), data);
        }
        this.team = team;
    }

    public Bytes32 miner() {
        return miner;
    }

    /** Training steps this miner has taken, on every task and branch. */
    public long steps() {
        return steps;
    }

    /** Tickets those steps yielded. */
    public long tickets() {
        return tickets;
    }

    /**
     * Trains this miner's assigned task on {@code parent} for at most {@code maxSteps} steps and returns the block if
     * a step won (its timestamp {@code timestamp}, raised past the median-time-past if need be), else null.
     *
     * @throws IllegalStateException when the epoch assigns this miner nothing, or it lacks the task's dataset
     */
    public Block mine(BlockImporter node, BlockNode parent, long timestamp, List<Transaction> transactions,
                      int maxSteps) {
        return mine(node, parent, timestamp, () -> transactions, maxSteps);
    }

    /** {@link #mine(BlockImporter, BlockNode, long, List, int)}, asking for the body only when a step won. */
    public Block mine(BlockImporter node, BlockNode parent, long timestamp, Supplier<List<Transaction>> transactions,
                      int maxSteps) {
        Bytes32 taskId = node.assignedTask(parent, miner);
        if (taskId == null) {
            throw new IllegalStateException("the epoch of block " + (parent.height() + 1) + " assigns "
                    + miner.hex() + " no task");
        }
        PayForTask task = node.taskFor(parent, taskId);
        Dataset data = datasets.get(task.task().datasetRoot());
        if (data == null) {
            throw new IllegalStateException("task " + taskId.hex() + " trains on dataset "
                    + task.task().datasetRoot().hex() + ", which this miner does not hold");
        }
        Bytes32 start = node.segmentStart(parent, taskId, miner);
        ChainTrainer trainer = running.computeIfAbsent(taskId.hex() + start.hex(),
                k -> new ChainTrainer(task.task(), data, startState(task.task(), start), miner,
                        node.genesis().tickets(), node.genesis().liveness(), team));
        BigInteger target = CompactTarget.decode(node.expectedBits(parent));
        int stepsBefore = trainer.stepsTaken();
        long ticketsBefore = trainer.ticketsDrawn();
        ChainTrainer.Win win = trainer.mine(node.chainId(), parent.hash(), target, maxSteps);
        steps += trainer.stepsTaken() - stepsBefore;
        tickets += trainer.ticketsDrawn() - ticketsBefore;
        if (win == null) {
            return null;
        }
        running.remove(taskId.hex() + start.hex());
        ends.put(win.step().mined().stateAfter(), trainer.state().copy(task.task()));
        return new BlockAssembler(node, key).assemble(parent, timestamp, taskId, data, win, transactions.get());
    }

    private TrainingState startState(TrainingTask task, Bytes32 start) {
        TrainingState end = ends.get(start);
        if (end != null) {
            return end.copy(task);
        }
        TrainingState initial = TrainingState.initial(task);
        if (!initial.hash(team).equals(start)) {
            throw new IllegalStateException("the chain says this miner's segment starts at " + start.hex()
                    + ", a state it does not hold");
        }
        return initial;
    }
}
