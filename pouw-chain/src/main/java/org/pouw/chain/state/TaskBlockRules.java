package org.pouw.chain.state;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.task.FillerTasks;
import org.pouw.chain.task.GenesisDataset;
import org.pouw.chain.task.TaskCost;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.PayForTask;
import org.pouw.crypto.Blake3;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The task side of a block (docs/chain.md §4.1, §4.3, §4.4), the two hooks block rules call around the body.
 *
 * <p>{@link #mine}, before the transactions: fixes the epoch's assignment at its first block (from the epoch's
 * beacon), records the beacon this block fixes for a later epoch, and checks the block's task — assigned to this
 * miner for this epoch; open (not settled, not past its commit deadline); with a budget of at least the block's cost,
 * which it then consumes (using up first the holding the matching set aside, §4.3); the segment chained to the
 * miner's previous segment end on the task (or the task's initial state); the miner's final model not yet committed
 * — and records the new segment end and the participant.
 * A filler task is neither charged nor closed. A miner whose paid task can take no more blocks from it (its budget
 * spent, its commit deadline passed, or its own final model committed) may mine the epoch's filler task instead.
 *
 * <p>{@link #settleDue}, after the transactions: settles, with equal shares, each task whose held-out deadline was
 * the previous height and whose poster did not reveal the held-out set.
 *
 * <p>Beacons: the block at height b fixes epoch e's beacon when {@code b = e·E_a − ACT}, as
 * {@code BLAKE3("pouw-chain-beacon-v1" ‖ ticket(b))} — ACT blocks before the epoch, so every miner the epoch assigns
 * had its stake fixed before the beacon was known. Epochs that start before height ACT + 1 use
 * {@code BLAKE3("pouw-chain-beacon-v1" ‖ chain id ‖ epoch u64)}.
 */
public final class TaskBlockRules {
    private static final byte[] BEACON_DOMAIN = "pouw-chain-beacon-v1".getBytes(StandardCharsets.US_ASCII);

    private final Bytes32 chainId;
    private final ChainParameters chain;
    private final TaskParameters parameters;
    private final EpochAssignments assignments;
    private final TaskSettlement settlement;
    private final List<GenesisDataset> fillerDatasets;
    /** Blocks after an epoch's last block until its filler task, work logs, assignment and beacon are deleted. */
    private final long pruneAfter;

    /** Rules that never prune (the task rules' own tests, which run without audits). */
    public TaskBlockRules(Bytes32 chainId, ChainParameters chain, TaskParameters parameters, long minimumStake,
                          List<GenesisDataset> fillerDatasets) {
        this(chainId, chain, parameters, minimumStake, fillerDatasets, Long.MAX_VALUE);
    }

    /**
     * Rules that delete an epoch's filler task, its work logs, the epoch's assignment and its beacon once
     * {@code pruneAfter} blocks have passed since the epoch's last block (docs/chain.md §5.5): with {@code pruneAfter}
     * the reward maturity, every audit of the epoch's blocks has closed by then, so no opening needs the filler task
     * again, and no later block can name it.
     */
    public TaskBlockRules(Bytes32 chainId, ChainParameters chain, TaskParameters parameters, long minimumStake,
                          List<GenesisDataset> fillerDatasets, long pruneAfter) {
        if (pruneAfter < 0) {
            throw new IllegalArgumentException("pruneAfter must be >= 0, got " + pruneAfter);
        }
        this.pruneAfter = pruneAfter;
        this.chainId = chainId;
        this.chain = chain;
        this.parameters = parameters;
        this.assignments = new EpochAssignments(parameters, minimumStake, fillerDatasets);
        this.settlement = new TaskSettlement(parameters);
        this.fillerDatasets = List.copyOf(fillerDatasets);
    }

    /** What a refused block is told: the rule and a detail for people. */
    public record Refusal(TaskMiningRefusal reason, String detail) {
    }

    public TaskParameters parameters() {
        return parameters;
    }

    /** The epoch a height falls in. */
    public long epochOf(long height) {
        return height / parameters.epochLength();
    }

    /**
     * The task-side check and writes of a block by {@code miner} at {@code height} on {@code taskId}, whose header
     * carries {@code proof} and target {@code bits}; {@code state} is the block's own new layer. Null when the block
     * may be mined on the task; on a refusal the block is invalid and its layer is dropped.
     */
    public Refusal mine(StateLayer state, Bytes32 miner, long height, Bytes32 taskId, MiningProof proof, int bits) {
        pruneFinishedEpoch(state, height);
        long epoch = epochOf(height);
        if (state.assignment(epoch) == null) {
            assignments.assign(state, epoch, height, beacon(state, epoch), bits);
        }
        recordBeacon(state, miner, height, proof);
        SortedMap<Bytes32, Bytes32> assignment = state.assignment(epoch);
        Bytes32 assigned = assignment.get(miner);
        if (!taskId.equals(assigned) && !fallsBackToFiller(state, epoch, miner, assigned, taskId, height, bits)) {
            return new Refusal(TaskMiningRefusal.TASK_NOT_ASSIGNED, "epoch " + epoch + " assigns "
                    + (assigned == null ? "no task" : "task " + assigned.hex()) + " to this miner");
        }
        TaskRecord task = state.task(taskId);
        if (!task.filler()) {
            if (task.settled() || height > task.spec().commitBy()) {
                return new Refusal(TaskMiningRefusal.TASK_CLOSED, "mining on the task ended at height "
                        + task.spec().commitBy());
            }
            BigInteger cost = TaskCost.ofBits(bits, parameters);
            if (BigInteger.valueOf(task.budget()).compareTo(cost) < 0) {
                return new Refusal(TaskMiningRefusal.TASK_BUDGET_SPENT, "the task's budget " + task.budget()
                        + " is below the block's cost " + cost);
            }
            task = task.charged(cost.longValueExact());
        }
        WorkLog log = state.workLog(taskId, miner);
        if (log != null && log.hasCommitted()) {
            return new Refusal(TaskMiningRefusal.FINAL_MODEL_COMMITTED, "the miner's final model is committed");
        }
        Bytes32 expectedStart = log != null ? log.segmentEnd() : initialState(task);
        if (!proof.startState().equals(expectedStart)) {
            return new Refusal(TaskMiningRefusal.SEGMENT_NOT_CHAINED, "the segment starts at "
                    + proof.startState().hex() + ", the miner's chain on the task is at " + expectedStart.hex());
        }
        state.putWorkLog(taskId, miner, log == null ? WorkLog.firstBlock(proof.endState(), height)
                : log.nextBlock(proof.endState(), height));
        state.putTask(taskId, task.withParticipant(miner));
        return null;
    }

    /**
     * Whether a block on {@code taskId} is the epoch's filler task mined by a miner whose assigned paid task can take
     * no more blocks from it (spent or closed since the epoch began, or its final model committed): such a miner
     * trains the filler for the rest of the epoch instead of idling. Writes the filler task's record if nobody was assigned it.
     */
    private boolean fallsBackToFiller(StateLayer state, long epoch, Bytes32 miner, Bytes32 assigned, Bytes32 taskId,
                                      long height, int bits) {
        if (assigned == null) {
            return false;
        }
        TaskRecord paid = state.task(assigned);
        WorkLog log = state.workLog(assigned, miner);
        boolean committed = log != null && log.hasCommitted();
        if (paid.filler() || (!committed && takesBlock(paid, height, bits))) {
            return false;
        }
        Bytes32 beacon = beacon(state, epoch);
        if (!taskId.equals(FillerTasks.id(beacon))) {
            return false;
        }
        if (state.task(taskId) == null) {
            PayForTask filler = FillerTasks.derive(beacon, fillerDatasets, parameters);
            if (filler == null) {
                return false;
            }
            state.putTask(taskId, TaskRecord.filler(filler, epoch * parameters.epochLength()));
        }
        return true;
    }

    private boolean takesBlock(TaskRecord task, long height, int bits) {
        return !task.settled() && height <= task.spec().commitBy()
                && BigInteger.valueOf(task.budget()).compareTo(TaskCost.ofBits(bits, parameters)) >= 0;
    }

    /**
     * The task a block at {@code height} on {@code taskId} trains, as its winning step's replay needs it before the
     * body is applied: the posted task from {@code parentState}, or the epoch's filler task — which the epoch's first
     * block may be the one to write — derived from the beacon; null when {@code taskId} is neither.
     */
    public PayForTask taskFor(StateLayer parentState, Bytes32 taskId, long height) {
        TaskRecord record = parentState.task(taskId);
        if (record != null) {
            return record.spec();
        }
        Bytes32 beacon = beacon(parentState, epochOf(height));
        return taskId.equals(FillerTasks.id(beacon)) ? FillerTasks.derive(beacon, fillerDatasets, parameters) : null;
    }

    /**
     * The task {@code miner} must train for a block at {@code height} on {@code parentState} at target {@code bits}:
     * its epoch's assignment (drawn here on a scratch layer if the epoch's first block is still to come), or the
     * epoch's filler task when its assigned paid task can take no more blocks from it; null when the epoch assigns it
     * nothing (its stake is not active for the epoch). What {@link #mine} accepts, asked before mining.
     */
    public Bytes32 assignedTask(StateLayer parentState, Bytes32 miner, long height, int bits) {
        long epoch = epochOf(height);
        StateLayer scratch = parentState.child();
        if (scratch.assignment(epoch) == null) {
            assignments.assign(scratch, epoch, height, beacon(scratch, epoch), bits);
        }
        Bytes32 assigned = scratch.assignment(epoch).get(miner);
        if (assigned == null) {
            return null;
        }
        TaskRecord task = scratch.task(assigned);
        WorkLog log = scratch.workLog(assigned, miner);
        boolean committed = log != null && log.hasCommitted();
        if (task.filler() || (!committed && takesBlock(task, height, bits))) {
            return assigned;
        }
        Bytes32 beacon = beacon(scratch, epoch);
        Bytes32 filler = FillerTasks.id(beacon);
        return scratch.task(filler) != null || FillerTasks.derive(beacon, fillerDatasets, parameters) != null
                ? filler : null;
    }

    /**
     * Where {@code miner}'s next segment on {@code taskId} must start for a block at {@code height} on
     * {@code parentState}: the end of its previous segment on the task (its work log), or the hash of the task's
     * initial state; null when {@code taskId} names no task there.
     */
    public Bytes32 segmentStart(StateLayer parentState, Bytes32 taskId, Bytes32 miner, long height) {
        WorkLog log = parentState.workLog(taskId, miner);
        if (log != null) {
            return log.segmentEnd();
        }
        PayForTask task = taskFor(parentState, taskId, height);
        return task == null ? null : TrainingState.initial(task.task()).hash(ThreadTeam.single());
    }

    /** Settles, equally, the tasks whose held-out reveal window closed at {@code height − 1} unrevealed. */
    public void settleDue(StateLayer state, long height) {
        for (Bytes32 taskId : state.settlementsDue(height)) {
            TaskRecord task = state.task(taskId);
            if (!task.settled()) {
                settlement.withoutHeldOut(state, taskId);
            }
        }
    }

    /**
     * At the height {@code (e + 1)·E_a + pruneAfter}, deletes epoch e's filler task record and the work logs of its
     * participants, the epoch's assignment and its beacon — exactly once per branch, since every height has one block.
     * Posted tasks are kept: their records carry escrow and settlement.
     */
    private void pruneFinishedEpoch(StateLayer state, long height) {
        if (pruneAfter == Long.MAX_VALUE || height - pruneAfter < parameters.epochLength()
                || (height - pruneAfter) % parameters.epochLength() != 0) {
            return;
        }
        long epoch = (height - pruneAfter) / parameters.epochLength() - 1;
        Bytes32 fillerId = FillerTasks.id(beacon(state, epoch));
        TaskRecord filler = state.task(fillerId);
        if (filler != null && filler.filler()) {
            for (Bytes32 participant : filler.participants()) {
                state.pruneWorkLog(fillerId, participant);
            }
            state.pruneTask(fillerId);
        }
        state.pruneEpoch(epoch);
    }

    /** The beacon epoch {@code epoch} draws from (see the class comment). */
    public Bytes32 beacon(StateLayer state, long epoch) {
        Bytes32 recorded = state.beacon(epoch);
        if (recorded != null) {
            return recorded;
        }
        return Bytes32.of(Blake3.hash(BEACON_DOMAIN, chainId.toArray(),
                ByteBuffer.allocate(8).putLong(epoch).array()));
    }

    private void recordBeacon(StateLayer state, Bytes32 miner, long height, MiningProof proof) {
        long fixes = height + chain.activationDelay();
        if (fixes % parameters.epochLength() == 0) {
            MinedStep winner = proof.winner();
            Bytes32 ticket = Tickets.ticket(chainId, winner.leafHash(), winner.tip(), miner, proof.j());
            state.putBeacon(fixes / parameters.epochLength(), Bytes32.of(Blake3.hash(BEACON_DOMAIN,
                    ticket.toArray())));
        }
    }

    /** The hash of step 0's state: where every miner's segment chain on the task starts. */
    private static Bytes32 initialState(TaskRecord task) {
        return TrainingState.initial(task.spec().task()).hash(ThreadTeam.single());
    }
}
