package org.pouw.chain.sim;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.pouw.chain.block.Block;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.importing.BlockAssembler;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The work-skipping miner's loop ({@link MinerConduct#WORK_SKIPPING}): {@code ChainMiner}'s search for a block —
 * the assigned task, the segment from where the chain says it starts, a restart when a leaf's tip falls out of the
 * tip window — over a {@link SkippingTrainer}. It never opens an audit: every opening would replay its skipped first
 * leaf and convict it at once, so it withholds them and hopes; the chain slashes it at the audited block's maturity.
 */
final class WorkSkippingLoop implements MiningLoop {
    private final Ed25519.KeyPair key;
    private final Bytes32 miner;
    private final Dataset data;
    private final ThreadTeam team;
    private final Map<Bytes32, TrainingState> ends = new HashMap<>();
    private final Map<String, SkippingTrainer> running = new HashMap<>();
    private long steps;
    private long tickets;
    private long skippedSegments;

    WorkSkippingLoop(Ed25519.KeyPair key, Dataset data, ThreadTeam team) {
        this.key = key;
        this.miner = Bytes32.of(key.publicKey());
        this.data = data;
        this.team = team;
    }

    @Override
    public Block mine(BlockImporter node, BlockNode parent, long timestamp, Supplier<List<Transaction>> body,
                      int maxSteps) {
        Bytes32 taskId = node.assignedTask(parent, miner);
        if (taskId == null) {
            throw new IllegalStateException("the epoch of block " + (parent.height() + 1) + " assigns "
                    + miner.hex() + " no task");
        }
        PayForTask task = node.taskFor(parent, taskId);
        if (!task.task().datasetRoot().equals(data.root())) {
            throw new IllegalStateException("task " + taskId.hex() + " trains on another dataset");
        }
        Bytes32 start = node.segmentStart(parent, taskId, miner);
        String search = taskId.hex() + start.hex();
        SkippingTrainer trainer = running.get(search);
        if (trainer != null && !withinTipWindow(trainer.segment(), parent, node.genesis().audit().tipWindow())) {
            trainer = null;
        }
        if (trainer == null) {
            TrainingState from = ends.containsKey(start) ? ends.get(start).copy(task.task())
                    : TrainingState.initial(task.task());
            if (!from.hash(team).equals(start)) {
                throw new IllegalStateException("the chain says the segment starts at " + start.hex()
                        + ", a state this miner does not hold");
            }
            trainer = new SkippingTrainer(task.task(), data, from, miner, node.genesis().tickets(),
                    node.genesis().liveness(), team);
            running.put(search, trainer);
        }
        BigInteger target = CompactTarget.decode(node.expectedBits(parent));
        int stepsBefore = trainer.stepsTaken();
        long ticketsBefore = trainer.ticketsDrawn();
        ChainTrainer.Win win = trainer.mine(node.chainId(), parent.hash(), target, maxSteps);
        steps += trainer.stepsTaken() - stepsBefore;
        tickets += trainer.ticketsDrawn() - ticketsBefore;
        if (win == null) {
            return null;
        }
        running.remove(search);
        ends.put(win.step().mined().stateAfter(), trainer.state().copy(task.task()));
        if (trainer.skipped()) {
            skippedSegments++;
        }
        return new BlockAssembler(node, key).assemble(parent, timestamp, taskId, data, win, body.get());
    }

    /** None: every opening would convict this miner (see the class comment). */
    @Override
    public List<Transaction> openings(BlockImporter node, BlockNode parent, int max) {
        return List.of();
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public long tickets() {
        return tickets;
    }

    /** Blocks it won whose segment claims a skipped step. */
    long skippedSegments() {
        return skippedSegments;
    }

    /** As {@code ChainMiner}: every leaf's tip on {@code parent} or at most W_a below it, else the search restarts. */
    private static boolean withinTipWindow(List<MinedStep> segment, BlockNode parent, long tipWindow) {
        Set<Bytes32> window = new HashSet<>();
        for (BlockNode node = parent; node != null && node.height() >= parent.height() - tipWindow;
                node = node.parent()) {
            window.add(node.hash());
        }
        return segment.stream().allMatch(leaf -> window.contains(leaf.tip()));
    }
}
