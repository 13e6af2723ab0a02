package org.pouw.chain.importing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.block.Block;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.port.MinerStore;
import org.pouw.chain.mining.ChainTrainer;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.RecordTraits;
import org.pouw.chain.state.PendingAudit;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.tx.AuditOpen;
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
 * <p>It keeps what it needs to open the audits of its blocks (docs/chain.md §5.2): every segment's leaves and the
 * state before each step, by segment root, until the block is past maturity and the alarm depth; {@link #openings}
 * builds the {@code audit_open} of each of its challenged audits on a branch. Segment ends are kept as long, and the
 * newest on each open posted task for good; searches on other tasks than the one being mined are dropped.
 *
 * <p>What it keeps for its audits and its segment chains it also writes to a {@link MinerStore} before it hands a
 * block out, and a miner built over the same store reads it back (docs/chain.md §11 "Crash recovery"): a miner
 * restarted on the folder it owns opens the audits of the blocks it mined before and continues its segments where
 * they ended. A record that is damaged or that does not check out is named in {@link #restoreProblems} and not used.
 * The parents it signed on are not kept: a restarted miner follows its node, whose tip is past a block it posted.
 *
 * <p>It trains only tasks whose dataset it holds (by Merkle root). Not thread-safe.
 */
public final class ChainMiner {
    private final Ed25519.KeyPair key;
    private final Bytes32 miner;
    private final Map<Bytes32, Dataset> datasets = new HashMap<>();
    /** What the ticket count learnt of each dataset's records, kept across segments (docs/chain.md §3.2). */
    private final Map<Bytes32, RecordTraits> recordTraits = new HashMap<>();
    /** Training states this miner reached at its segments' ends, by state hash; bounded by {@link #forgetOld}. */
    private final Map<Bytes32, KeptEnd> ends = new HashMap<>();
    /** Searches still running, by task and segment start. */
    private final Map<String, ChainTrainer> running = new HashMap<>();
    /** The segments of this miner's blocks, by segment root, kept until their audits close. */
    private final Map<Bytes32, KeptSegment> kept = new HashMap<>();
    /**
     * The parents this miner has signed a block on, with the block's height: a second header on one parent is
     * equivocation (docs/chain.md §5.4), slashable whatever became of the first block (refused, orphaned).
     */
    private final Map<Bytes32, Long> signedParents = new HashMap<>();
    private final ThreadTeam team;
    /**
     * Where {@link #kept} and {@link #ends} are written, so that a restarted miner has them again; null for a miner
     * that keeps them in memory only (the simulation's thousands of blocks are neither encoded nor copied).
     */
    private final MinerStore store;
    private final List<String> restoreProblems = new ArrayList<>();
    private long steps;
    private long tickets;

    /** A miner that keeps what it needs in memory only: it opens only the audits of blocks it mined itself. */
    public ChainMiner(Ed25519.KeyPair key, List<Dataset> datasets, ThreadTeam team) {
        this(key, datasets, team, Optional.empty());
    }

    /**
     * A miner that keeps what it needs in {@code store} too, and starts from what {@code store} already holds: the
     * segments of its blocks whose audits may still be open and the ends of its segments.
     */
    public ChainMiner(Ed25519.KeyPair key, List<Dataset> datasets, ThreadTeam team, MinerStore store) {
        this(key, datasets, team, Optional.of(store));
    }

    private ChainMiner(Ed25519.KeyPair key, List<Dataset> datasets, ThreadTeam team, Optional<MinerStore> store) {
        this.key = key;
        this.miner = Bytes32.of(key.publicKey());
        for (Dataset data : datasets) {
            this.datasets.put(data.root(), data);
            this.recordTraits.put(data.root(), new RecordTraits(data));
        }
        this.team = team;
        this.store = store.orElse(null);
        if (this.store != null) {
            restore();
        }
    }

    /** Reads back what {@link #store} holds; a record that does not check out is said and left unused. */
    private void restore() {
        for (String name : store.names()) {
            try {
                if (name.startsWith(KeptSegment.PREFIX)) {
                    KeptSegment segment = KeptSegment.decode(name, store.read(name), store.where(name), team);
                    kept.put(segment.root(), segment);
                } else if (name.startsWith(KeptEnd.PREFIX)) {
                    KeptEnd end = KeptEnd.decode(name, store.read(name), team);
                    ends.put(end.hash(), end);
                }
            } catch (RuntimeException e) {
                restoreProblems.add(store.where(name) + ": " + e.getMessage() + "; not used");
            }
        }
    }

    /**
     * The kept records that were damaged or did not check out when this miner started, each naming the record (its
     * file) and what is wrong with it: none of them is used, so an audit whose segment is among them is not opened.
     */
    public List<String> restoreProblems() {
        return List.copyOf(restoreProblems);
    }

    /**
     * The same key with the same kept states on a second machine, which does not know what this one signed: how an
     * operator who runs one key twice comes to equivocate. For tests that must put one key's blocks on two branches
     * (a reorg with a single staked miner); the evidence such blocks make is slashable like any other.
     */
    public ChainMiner secondMachine() {
        ChainMiner twin = new ChainMiner(key, List.of(), team);
        twin.datasets.putAll(datasets);
        twin.recordTraits.putAll(recordTraits);
        twin.ends.putAll(ends);
        twin.kept.putAll(kept);
        return twin;
    }

    public Bytes32 miner() {
        return miner;
    }

    /** Adds a dataset this miner may be assigned a task on (a miner following a node fetches them as it goes). */
    public void hold(Dataset data) {
        if (datasets.putIfAbsent(data.root(), data) == null) {
            recordTraits.put(data.root(), new RecordTraits(data));
        }
    }

    /** Whether it holds the dataset of Merkle root {@code root}. */
    public boolean holds(Bytes32 root) {
        return datasets.containsKey(root);
    }

    /**
     * The canonical encoding of the training state this miner reached at the end of one of its segments (the state
     * hash a header's {@code endState} names), or null when it did not reach it: what a {@code final_model} reveal
     * carries (docs/chain.md §4.4).
     */
    public byte[] model(Bytes32 endState) {
        KeptEnd end = ends.get(endState);
        return end == null ? null : end.state().clone();
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
     * @throws IllegalStateException when the epoch assigns this miner nothing, it lacks the task's dataset, or it has
     *                               already signed a block on {@code parent}
     */
    public Block mine(BlockImporter node, BlockNode parent, long timestamp, List<Transaction> transactions,
                      int maxSteps) {
        return mine(node, parent, timestamp, () -> transactions, maxSteps);
    }

    /** {@link #mine(BlockImporter, BlockNode, long, List, int)}, asking for the body only when a step won. */
    public Block mine(BlockImporter node, BlockNode parent, long timestamp, Supplier<List<Transaction>> transactions,
                      int maxSteps) {
        return mineClosing(node, parent, timestamp, end -> transactions.get(), maxSteps);
    }

    /**
     * {@link #mine(BlockImporter, BlockNode, long, Supplier, int)}, the body given the end state hash of the segment
     * the block closes: a {@code final_model} commitment carried by the miner's own block on the task names that end,
     * since the block's segment is recorded before its transactions apply (docs/chain.md §4.4).
     */
    public Block mineClosing(BlockImporter node, BlockNode parent, long timestamp,
                             Function<Bytes32, List<Transaction>> transactions, int maxSteps) {
        if (signedParents.containsKey(parent.hash())) {
            throw new IllegalStateException("this miner has already signed a block on " + parent.hash().hex()
                    + " (height " + parent.height() + "): a second one would be equivocation");
        }
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
        String search = taskId.hex() + start.hex();
        ChainTrainer trainer = running.get(search);
        if (trainer != null && !auditable(trainer, parent, node.genesis().audit().tipWindow())) {
            trainer = null;
        }
        // Searches on other tasks were left by an epoch change or a reorg: their leaves, kept states and tips can
        // not become a block on this branch any more, so they are dropped rather than kept without bound.
        running.keySet().removeIf(other -> !other.startsWith(taskId.hex()));
        if (trainer == null) {
            trainer = new ChainTrainer(task.task(), recordTraits.get(data.root()), startState(task.task(), start),
                    miner, node.genesis().tickets(), node.genesis().liveness(), team);
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
        running.remove(taskId.hex() + start.hex());
        long height = parent.height() + 1;
        // written before the block is handed out: once it may be on a chain, a restart must be able to open its audit
        // and to continue from its end
        keep(new KeptEnd(height, taskId, task.task(), win.step().mined().stateAfter(), trainer.state().encode()));
        forgetOld(parent, height, node.genesis().audit(), node.genesis().reorgAlarmDepth());
        keep(KeptSegment.mined(height, BlockAssembler.proof(win).segmentRoot(), task, win.segment(),
                trainer.statesBefore()));
        List<Transaction> body = transactions.apply(win.step().mined().stateAfter());
        Block block = new BlockAssembler(node, key).assemble(parent, timestamp, taskId, data, win, body);
        signedParents.put(parent.hash(), height);
        return block;
    }

    /**
     * The training state (canonical encoding) this miner reached at the end of its newest kept segment on
     * {@code taskId} — the final model a participant commits to and then reveals (docs/chain.md §4.4) — or empty
     * when it kept none. Called from a block's transaction supplier, it is the end of the block being assembled.
     */
    public Optional<byte[]> newestModel(Bytes32 taskId) {
        return ends.values().stream().filter(end -> end.task().equals(taskId))
                .max(Comparator.comparingLong(KeptEnd::height)).map(end -> end.state().clone());
    }

    /**
     * Whether every leaf of {@code trainer}'s segment was trained on {@code parent} or an ancestor at most W_a below it:
     * else an audit of the block would find a leaf off its branch, and the opening would slash this miner — so after
     * a reorg away from its tips, or a search longer than W_a blocks, the segment starts over.
     */
    private static boolean auditable(ChainTrainer trainer, BlockNode parent, long tipWindow) {
        Set<Bytes32> window = new HashSet<>();
        for (BlockNode node = parent; node != null && node.height() >= parent.height() - tipWindow;
                node = node.parent()) {
            window.add(node.hash());
        }
        for (MinedStep leaf : trainer.segment()) {
            if (!window.contains(leaf.tip())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code audit_open}s of this miner's challenged, unopened audits on {@code parent}'s state, oldest first, at
     * most {@code max}, signed with consecutive nonces from the account's next one — for a block on {@code parent} or
     * the mempool of a node whose tip it is. Audits of segments this miner did not keep are skipped.
     */
    public List<Transaction> openings(BlockImporter node, BlockNode parent, int max) {
        long nonce = parent.state().account(miner).nonce();
        List<Transaction> openings = new ArrayList<>();
        for (PendingAudit audit : openable(node, parent)) {
            if (openings.size() >= max) {
                break;
            }
            openings.add(Transaction.sign(key, node.chainId(), nonce++, 1, new byte[0], open(node, audit)));
        }
        return openings;
    }

    /**
     * The tasks of kept segments whose dataset this miner does not hold (a miner restarted since it mined them, now
     * assigned another task): their audits can not be opened until it {@link #hold}s it.
     */
    public List<PayForTask> tasksLackingData() {
        return kept.values().stream().map(KeptSegment::task)
                .filter(task -> !datasets.containsKey(task.task().datasetRoot())).distinct().toList();
    }

    /**
     * This miner's challenged, unopened audits on {@code parent}'s state whose segments it kept and whose datasets it
     * holds, oldest first: what it can open. Cheap (no opening is built), so a miner can ask again each time its tip moves and build each opening
     * with {@link #open} just before it sends it, against the challenge that stands then.
     */
    public List<PendingAudit> openable(BlockImporter node, BlockNode parent) {
        AuditParameters audits = node.genesis().audit();
        forgetSettled(parent, node.genesis().reorgAlarmDepth());
        StateLayer state = parent.state();
        List<PendingAudit> openable = new ArrayList<>();
        for (long height = Math.max(1, parent.height() - audits.maturity() + 1); height <= parent.height(); height++) {
            PendingAudit audit = state.audit(height);
            if (audit != null && audit.miner().equals(miner) && audit.status() == PendingAudit.Status.CHALLENGED
                    && kept.containsKey(audit.segmentRoot())
                    && datasets.containsKey(kept.get(audit.segmentRoot()).task().task().datasetRoot())) {
                openable.add(audit);
            }
        }
        return openable;
    }

    /**
     * The opening of {@code audit} (one {@link #openable} gave): the windows its challenge seed draws, each with its
     * start state, leaves, Merkle paths and proven batch records.
     */
    public AuditOpen open(BlockImporter node, PendingAudit audit) {
        KeptSegment segment = kept.get(audit.segmentRoot());
        if (segment == null) {
            throw new IllegalArgumentException("audit of block " + audit.height() + ": segment not kept");
        }
        RecordTraits records = recordTraits.get(segment.task().task().datasetRoot());
        if (records == null) {
            throw new IllegalArgumentException("audit of block " + audit.height() + ": its task's dataset "
                    + segment.task().task().datasetRoot().hex() + " is not held");
        }
        return segment.open(miner, audit, node.genesis(), records, team);
    }

    /**
     * Drops what no branch a reorg could still reach needs, so a miner's memory stays bounded however long it runs
     * (docs/chain.md §7): the segments whose audits have closed (older than maturity + R: nothing can challenge them),
     * and the segment ends as old — except the newest end of each posted task still open on {@code parent}'s state,
     * from which this miner's next segment on that task must start however much later it is assigned the task again.
     * Filler tasks change every epoch, so their old ends are never needed again.
     */
    private void forgetOld(BlockNode parent, long height, AuditParameters audits, int reorgDepth) {
        long horizon = audits.maturity() + reorgDepth;
        forget(kept.values(), segment -> segment.height() + horizon < height, KeptSegment::name);
        signedParents.values().removeIf(signed -> signed + horizon < height);
        Map<Bytes32, KeptEnd> newestPerTask = new HashMap<>();
        for (KeptEnd end : ends.values()) {
            newestPerTask.merge(end.task(), end, (a, b) -> a.height() >= b.height() ? a : b);
        }
        forget(ends.values(), end -> end.height() + horizon < height
                && !(newestPerTask.get(end.task()) == end && openPostedTask(parent.state(), end.task())),
                KeptEnd::name);
    }

    /**
     * Drops the segments whose audits are settled on the branch R blocks below {@code tip}, where no reorg the miner
     * follows on its own reaches (docs/chain.md §6): opened or closed there, or of a block that is not this miner's
     * there. Its kept record goes with it, so the folder holds only what an opening may still need.
     */
    private void forgetSettled(BlockNode tip, int reorgDepth) {
        BlockNode settled = tip;
        for (int i = 0; i < reorgDepth && settled.parent() != null; i++) {
            settled = settled.parent();
        }
        StateLayer state = settled.state();
        long below = settled.height();
        forget(kept.entrySet(), entry -> {
            if (entry.getValue().height() > below) {
                return false;
            }
            PendingAudit audit = state.audit(entry.getValue().height());
            return audit == null || !audit.segmentRoot().equals(entry.getKey())
                    || audit.status() == PendingAudit.Status.OPENED || audit.status() == PendingAudit.Status.CLOSED;
        }, entry -> entry.getValue().name());
    }

    private void keep(KeptSegment segment) {
        if (store != null) {
            store.put(segment.name(), segment.encode());
        }
        kept.put(segment.root(), segment);
    }

    private void keep(KeptEnd end) {
        if (store != null) {
            store.put(end.name(), end.encode());
        }
        ends.put(end.hash(), end);
    }

    /** Removes what {@code gone} picks from {@code items}, and the kept record {@code name} gives of each. */
    private <T> void forget(Collection<T> items, Predicate<T> gone, Function<T, String> name) {
        for (Iterator<T> it = items.iterator(); it.hasNext(); ) {
            T item = it.next();
            if (gone.test(item)) {
                if (store != null) {
                    store.remove(name.apply(item));
                }
                it.remove();
            }
        }
    }

    private static boolean openPostedTask(StateLayer state, Bytes32 taskId) {
        TaskRecord record = state.task(taskId);
        return record != null && !record.filler() && !record.settled();
    }

    /** Segment ends kept (for tests of the bound). */
    int keptEnds() {
        return ends.size();
    }

    /** Segments kept for openings (for tests of the bound). */
    int keptSegments() {
        return kept.size();
    }

    private TrainingState startState(TrainingTask task, Bytes32 start) {
        KeptEnd end = ends.get(start);
        if (end != null) {
            return TrainingState.decode(task, end.state());
        }
        TrainingState initial = TrainingState.initial(task);
        if (!initial.hash(team).equals(start)) {
            throw new IllegalStateException("the chain says this miner's segment starts at " + start.hex()
                    + ", a state it does not hold");
        }
        return initial;
    }
}
