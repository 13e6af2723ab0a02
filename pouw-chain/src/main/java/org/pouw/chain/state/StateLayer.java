package org.pouw.chain.state;

import java.util.Arrays;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.pouw.ml.wire.Bytes32;

/**
 * Chain state as one block left it, written as the changes that block made over its parent's layer. A fork's blocks
 * each get a child layer of their common ancestor's, so a reorg drops layers instead of undoing writes, and two
 * branches never see each other's changes (docs/chain.md §6). Reads walk up to the first layer that wrote the key.
 *
 * <p>A layer is written while its block is applied and only read after that; {@link #squash()} folds a layer's
 * ancestors into it when they are too deep to be reorged, so lookups stay short.
 */
public final class StateLayer {
    static final Comparator<Bytes32> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(a.toArray(), b.toArray());

    private StateLayer parent;
    private final Map<Bytes32, Account> accounts = new HashMap<>();
    private final Map<Bytes32, Stake> stakes = new HashMap<>();
    private final Map<Bytes32, Long> lastObligations = new HashMap<>();
    // Tasks (docs/chain.md §4): records, work logs, the epochs' assignments and beacons, which tasks settle at which
    // height (derived from the records, so not part of the root), and the coins burnt so far.
    private final Map<Bytes32, TaskRecord> tasks = new HashMap<>();
    private final Map<TaskMiner, WorkLog> workLogs = new HashMap<>();
    private final Map<Long, SortedMap<Bytes32, Bytes32>> assignments = new HashMap<>();
    private final Map<Long, Bytes32> beacons = new HashMap<>();
    /**
     * Entries this layer deleted (docs/chain.md §5.5, the pruning rules): a deletion must hide what the layers below
     * still hold, so it is kept as a tombstone until a squash leaves nothing below to hide.
     */
    private final Set<Bytes32> prunedTasks = new HashSet<>();
    private final Set<TaskMiner> prunedWorkLogs = new HashSet<>();
    private final Set<Long> prunedAssignments = new HashSet<>();
    private final Set<Long> prunedBeacons = new HashSet<>();
    private final Map<Long, List<Bytes32>> settlementsDue = new HashMap<>();
    private Long burnt;
    // Audits (docs/chain.md §5): each block's pending audit by height, and each miner's immature rewards.
    private final Map<Long, PendingAudit> audits = new HashMap<>();
    private final Map<Bytes32, List<ImmatureReward>> immature = new HashMap<>();

    private StateLayer(StateLayer parent) {
        this.parent = parent;
    }

    /** An empty state: every account at zero, nobody staked. */
    public static StateLayer empty() {
        return new StateLayer(null);
    }

    /**
     * The state a genesis file sets up: {@code accounts} at nonce 0 and {@code stakes} active from height 0 (the
     * activation delay does not apply to the stake a chain starts with, or nobody could mine its first blocks).
     */
    public static StateLayer genesis(Map<Bytes32, Account> accounts, Map<Bytes32, Long> stakes) {
        StateLayer state = empty();
        accounts.forEach(state::putAccount);
        stakes.forEach((key, amount) -> {
            if (amount > 0) {
                state.putStake(key, new Stake(amount, 0, 0, 0, 0));
            }
        });
        return state;
    }

    /** A new layer for a block built on this one. */
    public StateLayer child() {
        return new StateLayer(this);
    }

    public Account account(Bytes32 key) {
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            Account account = layer.accounts.get(key);
            if (account != null) {
                return account;
            }
        }
        return Account.EMPTY;
    }

    public Stake stake(Bytes32 key) {
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            Stake stake = layer.stakes.get(key);
            if (stake != null) {
                return stake;
            }
        }
        return Stake.NONE;
    }

    /** The height of the key's last mining obligation (its last block, final model or audited segment), or −1. */
    public long lastObligation(Bytes32 key) {
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            Long height = layer.lastObligations.get(key);
            if (height != null) {
                return height;
            }
        }
        return -1;
    }

    /** The task posted by the transaction {@code taskId} (or the filler task of that id), or null. */
    public TaskRecord task(Bytes32 taskId) {
        return find(layer -> layer.tasks, layer -> layer.prunedTasks, taskId);
    }

    /** {@code miner}'s work on {@code taskId}, or null when it has mined no block on it. */
    public WorkLog workLog(Bytes32 taskId, Bytes32 miner) {
        return find(layer -> layer.workLogs, layer -> layer.prunedWorkLogs, new TaskMiner(taskId, miner));
    }

    /** Epoch {@code epoch}'s assignment, miner key to task id, or null before its first block. */
    public SortedMap<Bytes32, Bytes32> assignment(long epoch) {
        return find(layer -> layer.assignments, layer -> layer.prunedAssignments, epoch);
    }

    /** The beacon epoch {@code epoch} draws its assignment from, or null when no block has fixed it. */
    public Bytes32 beacon(long epoch) {
        return find(layer -> layer.beacons, layer -> layer.prunedBeacons, epoch);
    }

    /** The tasks whose held-out deadline is {@code height}, in posting order. */
    public List<Bytes32> settlementsDue(long height) {
        List<Bytes32> due = find(layer -> layer.settlementsDue, height);
        return due == null ? List.of() : due;
    }

    /** The audit of the block at {@code height}, or null (no such block on this branch, or it was never audited). */
    public PendingAudit audit(long height) {
        return find(layer -> layer.audits, height);
    }

    /** {@code miner}'s rewards that have not matured, oldest first (docs/chain.md §5.3). */
    public List<ImmatureReward> immatureRewards(Bytes32 miner) {
        List<ImmatureReward> rewards = find(layer -> layer.immature, miner);
        return rewards == null ? List.of() : rewards;
    }

    void putAudit(PendingAudit audit) {
        audits.put(audit.height(), audit);
    }

    void putImmature(Bytes32 miner, List<ImmatureReward> rewards) {
        immature.put(miner, List.copyOf(rewards));
    }

    /** Coins burnt so far: escrows nobody earned, slashed stake and rewards, late bounties (docs/chain.md §4.4, §5). */
    public long burnt() {
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            if (layer.burnt != null) {
                return layer.burnt;
            }
        }
        return 0;
    }

    /** {@link #find(Function, Object)} for a table whose entries can be deleted: a tombstone hides what lies below. */
    private <K, V> V find(Function<StateLayer, Map<K, V>> table, Function<StateLayer, Set<K>> tombstones, K key) {
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            if (tombstones.apply(layer).contains(key)) {
                return null;
            }
            V value = table.apply(layer).get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private <K, V> V find(Function<StateLayer, Map<K, V>> table, K key) {
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            V value = table.apply(layer).get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    void putTask(Bytes32 taskId, TaskRecord record) {
        prunedTasks.remove(taskId);
        tasks.put(taskId, record);
    }

    void putWorkLog(Bytes32 taskId, Bytes32 miner, WorkLog log) {
        TaskMiner key = new TaskMiner(taskId, miner);
        prunedWorkLogs.remove(key);
        workLogs.put(key, log);
    }

    void putAssignment(long epoch, SortedMap<Bytes32, Bytes32> assignment) {
        SortedMap<Bytes32, Bytes32> copy = new TreeMap<>(KEY_ORDER);
        copy.putAll(assignment);
        prunedAssignments.remove(epoch);
        assignments.put(epoch, Collections.unmodifiableSortedMap(copy));
    }

    void putBeacon(long epoch, Bytes32 beacon) {
        prunedBeacons.remove(epoch);
        beacons.put(epoch, beacon);
    }

    /** Deletes a task's record (a consensus rule: the state root leaves it out from here on). */
    void pruneTask(Bytes32 taskId) {
        tasks.remove(taskId);
        prunedTasks.add(taskId);
    }

    void pruneWorkLog(Bytes32 taskId, Bytes32 miner) {
        TaskMiner key = new TaskMiner(taskId, miner);
        workLogs.remove(key);
        prunedWorkLogs.add(key);
    }

    /** Deletes an epoch's assignment and beacon. */
    void pruneEpoch(long epoch) {
        assignments.remove(epoch);
        beacons.remove(epoch);
        prunedAssignments.add(epoch);
        prunedBeacons.add(epoch);
    }

    void scheduleSettlement(long height, Bytes32 taskId) {
        List<Bytes32> due = new ArrayList<>(settlementsDue(height));
        due.add(taskId);
        settlementsDue.put(height, List.copyOf(due));
    }

    void burn(long amount) {
        burnt = Math.addExact(burnt(), amount);
    }

    /** Sets an account as block-level rules leave it (the miner's reward); transactions go through the rules. */
    public void credit(Bytes32 key, Account account) {
        putAccount(key, account);
    }

    /** Records that {@code key} has an obligation (a mined block) at {@code height}, for its unbonding delay. */
    public void recordObligation(Bytes32 key, long height) {
        putLastObligation(key, height);
    }

    void putAccount(Bytes32 key, Account account) {
        accounts.put(key, account);
    }

    void putStake(Bytes32 key, Stake stake) {
        stakes.put(key, stake);
    }

    void putLastObligation(Bytes32 key, long height) {
        lastObligations.put(key, height);
    }

    /** Copies every ancestor's entries that this layer does not override into it, and cuts it loose from them. */
    public void squash() {
        for (StateLayer layer = parent; layer != null; layer = layer.parent) {
            layer.accounts.forEach(accounts::putIfAbsent);
            layer.stakes.forEach(stakes::putIfAbsent);
            layer.lastObligations.forEach(lastObligations::putIfAbsent);
            copyUnpruned(layer.tasks, tasks, prunedTasks);
            prunedTasks.addAll(layer.prunedTasks);
            copyUnpruned(layer.workLogs, workLogs, prunedWorkLogs);
            prunedWorkLogs.addAll(layer.prunedWorkLogs);
            copyUnpruned(layer.assignments, assignments, prunedAssignments);
            prunedAssignments.addAll(layer.prunedAssignments);
            copyUnpruned(layer.beacons, beacons, prunedBeacons);
            prunedBeacons.addAll(layer.prunedBeacons);
            layer.settlementsDue.forEach(settlementsDue::putIfAbsent);
            layer.audits.forEach(audits::putIfAbsent);
            layer.immature.forEach(immature::putIfAbsent);
            if (burnt == null) {
                burnt = layer.burnt;
            }
        }
        parent = null;
        // Nothing above a squashed layer can see below it, so a closed audit and a tombstone have nothing left to hide.
        audits.values().removeIf(audit -> audit.status() == PendingAudit.Status.CLOSED);
        prunedTasks.clear();
        prunedWorkLogs.clear();
        prunedAssignments.clear();
        prunedBeacons.clear();
    }

    /** Copies {@code from}'s entries missing in {@code to}, except those a nearer layer deleted. */
    private static <K, V> void copyUnpruned(Map<K, V> from, Map<K, V> to, Set<K> pruned) {
        from.forEach((key, value) -> {
            if (!pruned.contains(key)) {
                to.putIfAbsent(key, value);
            }
        });
    }

    /**
     * Every account, stake, obligation, task, work log, assignment and beacon this state holds, as the nearest layer wrote it, sorted by key: the input
     * of the state root. Walks every layer, so it costs the size of the state.
     */
    public SortedEntries entries() {
        SortedEntries entries = new SortedEntries();
        Set<Bytes32> deadTasks = new HashSet<>();
        Set<TaskMiner> deadLogs = new HashSet<>();
        Set<Long> deadAssignments = new HashSet<>();
        Set<Long> deadBeacons = new HashSet<>();
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            layer.accounts.forEach(entries.accounts()::putIfAbsent);
            layer.stakes.forEach(entries.stakes()::putIfAbsent);
            layer.lastObligations.forEach(entries.lastObligations()::putIfAbsent);
            copyUnpruned(layer.tasks, entries.tasks(), deadTasks);
            deadTasks.addAll(layer.prunedTasks);
            copyUnpruned(layer.workLogs, entries.workLogs(), deadLogs);
            deadLogs.addAll(layer.prunedWorkLogs);
            copyUnpruned(layer.assignments, entries.assignments(), deadAssignments);
            deadAssignments.addAll(layer.prunedAssignments);
            copyUnpruned(layer.beacons, entries.beacons(), deadBeacons);
            deadBeacons.addAll(layer.prunedBeacons);
            layer.audits.forEach(entries.audits()::putIfAbsent);
            layer.immature.forEach(entries.immature()::putIfAbsent);
        }
        return new SortedEntries(entries.accounts(), entries.stakes(), entries.lastObligations(), entries.tasks(),
                entries.workLogs(), entries.assignments(), entries.beacons(), burnt(), entries.audits(),
                entries.immature());
    }

    /** A state's entries in key order (keys compared as unsigned bytes). */
    public record SortedEntries(SortedMap<Bytes32, Account> accounts,
                                SortedMap<Bytes32, Stake> stakes,
                                SortedMap<Bytes32, Long> lastObligations,
                                SortedMap<Bytes32, TaskRecord> tasks,
                                SortedMap<TaskMiner, WorkLog> workLogs,
                                SortedMap<Long, SortedMap<Bytes32, Bytes32>> assignments,
                                SortedMap<Long, Bytes32> beacons,
                                long burnt,
                                SortedMap<Long, PendingAudit> audits,
                                SortedMap<Bytes32, List<ImmatureReward>> immature) {
        SortedEntries() {
            this(new TreeMap<>(KEY_ORDER), new TreeMap<>(KEY_ORDER), new TreeMap<>(KEY_ORDER),
                    new TreeMap<>(KEY_ORDER), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), 0, new TreeMap<>(),
                    new TreeMap<>(KEY_ORDER));
        }
    }

    /** How many layers a read may walk through, this one included. */
    public int depth() {
        int depth = 0;
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            depth++;
        }
        return depth;
    }
}
