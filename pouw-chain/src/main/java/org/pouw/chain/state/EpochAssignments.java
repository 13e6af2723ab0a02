package org.pouw.chain.state;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pouw.chain.task.AssignmentDraw;
import org.pouw.chain.task.FillerTasks;
import org.pouw.chain.task.GenesisDataset;
import org.pouw.chain.task.TaskCost;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.PayForTask;
import org.pouw.ml.wire.Bytes32;

/**
 * Computes an epoch's assignment from the state before its first block (docs/chain.md §4.3). The miners are the keys
 * whose stake is active at the height before the epoch, ordered by that stake (largest first), then by key: such
 * stake was bought at least ACT + 1 blocks before the epoch, so before the block that fixed its beacon, and nobody
 * can pick keys to buy stake for after seeing the draw. The paid
 * candidates are the open tasks whose budget covers a block at the first block's target, in task-id order, weighted
 * by remaining budget (the escrow still to be earned by work). When their budgets add up to less than Φ blocks'
 * worth, the filler task takes the difference as its weight; it also takes whoever the paid tasks can not. A paid
 * task pays a holding for each miner it is given and takes no more miners than its budget pays holdings for
 * ({@link HoldingPrice}): so a task whose miners can win nothing on it — one that stopped learning — still pays
 * for the miners it holds, and leaves the draw once its budget is spent on them.
 * Enumerating stakes and tasks walks the whole state once per epoch (E_a blocks).
 */
final class EpochAssignments {
    private final TaskParameters parameters;
    private final long minimumStake;
    private final List<GenesisDataset> fillerDatasets;

    EpochAssignments(TaskParameters parameters, long minimumStake, List<GenesisDataset> fillerDatasets) {
        this.parameters = parameters;
        this.minimumStake = minimumStake;
        this.fillerDatasets = List.copyOf(fillerDatasets);
    }

    /**
     * Writes epoch {@code epoch}'s assignment (and its filler task, if anyone trains it) into {@code state}, drawn by
     * the block at {@code height} (the epoch's first height on a running chain): forfeits what is left of the last
     * matching's holdings, then charges each paid task the holding of the miners it is given.
     */
    void assign(StateLayer state, long epoch, long height, Bytes32 beacon, int bits) {
        long firstHeight = epoch * parameters.epochLength();
        long lastHeight = firstHeight + parameters.epochLength() - 1;
        StateLayer.SortedEntries entries = state.entries();
        List<Map.Entry<Bytes32, Long>> staked = new ArrayList<>();
        entries.stakes().forEach((key, stake) -> {
            long active = stake.activeAt(firstHeight - 1);
            if (active >= minimumStake) {
                staked.add(Map.entry(key, active));
            }
        });
        staked.sort(Comparator.<Map.Entry<Bytes32, Long>>comparingLong(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey, (a, b) -> Arrays.compareUnsigned(a.toArray(), b.toArray())));
        List<Bytes32> miners = staked.stream().map(Map.Entry::getKey).toList();

        BigInteger cost = TaskCost.ofBits(bits, parameters);
        List<AssignmentDraw.Candidate> candidates = new ArrayList<>();
        Map<Bytes32, TaskRecord> records = new TreeMap<>(StateLayer.KEY_ORDER);
        Map<Bytes32, Long> holds = new TreeMap<>(StateLayer.KEY_ORDER);
        BigInteger demand = BigInteger.ZERO;
        for (Map.Entry<Bytes32, TaskRecord> entry : entries.tasks().entrySet()) {
            TaskRecord task = entry.getValue();
            if (task.held() > 0) {
                task = task.forfeited();
                state.putTask(entry.getKey(), task);
            }
            if (task.filler() || task.settled() || task.spec().commitBy() < height
                    || BigInteger.valueOf(task.budget()).compareTo(cost) < 0 || miners.isEmpty()) {
                continue;
            }
            long hold = HoldingPrice.perMiner(cost, Math.min(lastHeight, task.spec().commitBy()) - height + 1,
                    miners.size());
            long slots = Math.min(parameters.minersPerTask(), task.budget() / hold);
            if (slots >= 1) {
                candidates.add(new AssignmentDraw.Candidate(entry.getKey(), BigInteger.valueOf(task.budget()),
                        (int) slots));
                records.put(entry.getKey(), task);
                holds.put(entry.getKey(), hold);
                demand = demand.add(BigInteger.valueOf(task.budget()));
            }
        }
        BigInteger fillerWeight = cost.multiply(BigInteger.valueOf(parameters.fillerDemandBlocks())).subtract(demand)
                .max(BigInteger.ZERO);
        PayForTask filler = FillerTasks.derive(beacon, fillerDatasets, parameters);
        Bytes32 fillerId = filler == null ? null : FillerTasks.id(beacon);
        Map<Bytes32, Bytes32> drawn = AssignmentDraw.assign(beacon, miners, candidates, fillerWeight,
                parameters.minersPerTask(), fillerId);
        SortedMap<Bytes32, Bytes32> assignment = new TreeMap<>(StateLayer.KEY_ORDER);
        assignment.putAll(drawn);
        Map<Bytes32, Long> given = new TreeMap<>(StateLayer.KEY_ORDER);
        for (Bytes32 task : drawn.values()) {
            if (holds.containsKey(task)) {
                given.merge(task, 1L, Long::sum);
            }
        }
        given.forEach((task, count) -> state.putTask(task, records.get(task).holding(holds.get(task) * count)));
        if (fillerId != null && assignment.containsValue(fillerId) && state.task(fillerId) == null) {
            state.putTask(fillerId, TaskRecord.filler(filler, firstHeight));
        }
        state.putAssignment(epoch, assignment);
    }
}
