package org.pouw.chain.importing;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockDefect;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.BlockOutcome;
import org.pouw.chain.block.BlockRules;
import org.pouw.chain.block.BlockTimeRule;
import org.pouw.chain.block.HeaderEvidence;
import org.pouw.chain.block.HeaderDefect;
import org.pouw.chain.block.HeaderRules;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.fork.BlockTree;
import org.pouw.chain.fork.TipChange;
import org.pouw.chain.fork.TreeAncestry;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.mempool.Mempool;
import org.pouw.chain.mining.GoldenStepVerdict;
import org.pouw.chain.mining.GoldenSteps;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.StepRefusal;
import org.pouw.chain.mining.StepReplay;
import org.pouw.chain.mining.StepVerdict;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.chain.state.AuditBlockRules;
import org.pouw.chain.state.AuditTransactionRules;
import org.pouw.chain.state.TaskBlockRules;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.Clock;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * A node's block import (docs/chain.md §7): bytes or a decoded block in, an {@link ImportResult} out. In order: decode;
 * already known, or known invalid; parent unknown → the bounded orphan pool, connected when the parent arrives; the
 * header's cheap checks with the target ASERT gives after the parent (anchored at genesis); the timestamp against the
 * median-time-past and this node's {@link Clock}; the task the header names, resolved on the parent's state; the
 * replay of the winning step from the body's opening, with the miner's key and the parent as tip; the body applied on
 * the parent's state; then the block joins the tree, fork choice moves the tip, the mempool follows the tip, and the
 * block and the new tip are stored in one {@link ChainStore} call (one database transaction).
 *
 * <p>The body is checked by the chain's full {@link BlockRules} (the genesis's task parameters and filler datasets):
 * the header's task is resolved with {@link TaskBlockRules#taskFor} — a task posted with {@code pay_for_task} held in
 * the parent's state, or the epoch's filler task — and the task hook refuses a block on a task the miner was not
 * assigned, on a task whose budget is spent, or whose segment does not chain.
 *
 * <p>The importer builds the chain's rules once, from the genesis's parameters and over its own {@link BlockTree}: the
 * audit hooks (docs/chain.md §5) need the tree as the {@link TreeAncestry} an {@code audit_open} or a slash is judged
 * by. So the block rules (with {@link AuditBlockRules}: rewards held immature, audits drawn c blocks on, slashing at
 * maturity), the transaction rules (with {@link AuditTransactionRules}) and the mempool (which keeps room for
 * openings) all come from here; {@link BlockAssembler} and {@link ChainVerification} use the same.
 *
 * <p>Built with {@link #open} (or {@link #restore}), which first replays the golden training steps
 * ({@link GoldenSteps#check}): if this JVM computes them differently, the importer refuses every block with
 * {@link ImportRefusal#NOT_VALIDATING} (and {@link #restore} throws) — a node whose arithmetic differs must not judge
 * winning steps.
 *
 * <p>Not thread-safe: a node imports blocks one at a time.
 */
public final class BlockImporter {
    /** Orphans kept at most, by count and by bytes. */
    static final int MAX_ORPHANS = 64;
    static final long MAX_ORPHAN_BYTES = 256L << 20;
    /** Hashes of invalid blocks remembered. */
    static final int INVALID_MEMORY = 4_096;
    /** Step refusals that blame the opening a relay may have changed, not the block the hash names. */
    private static final Set<StepRefusal> OPENING_FAULTS = EnumSet.of(StepRefusal.STATE_UNREADABLE,
            StepRefusal.START_STATE_MISMATCH, StepRefusal.BATCH_RECORDS_UNPROVEN);

    private final ChainGenesis genesis;
    private final Bytes32 chainId;
    private final GoldenStepVerdict selfCheck;
    private final TaskBlockRules taskRules;
    private final ChainStore store;
    private final Mempool mempool;
    private final Clock clock;
    private final ThreadTeam team;
    private final HeaderRules headerRules;
    private final TransactionRules transactionRules;
    private final AuditBlockRules auditRules;
    private final BlockRules blockRules;
    private final BlockTimeRule timeRule;
    private final BlockTree tree;
    private final Map<Bytes32, Block> blocks = new HashMap<>();
    private final Map<Bytes32, Long> times = new HashMap<>();
    private final OrphanPool orphans = new OrphanPool(MAX_ORPHANS, MAX_ORPHAN_BYTES);
    private final InvalidBlocks invalid = new InvalidBlocks(INVALID_MEMORY);
    /** False while a restarting node re-imports what its store already holds. */
    private boolean storing = true;
    /**
     * The highest block whose pruned opening this import accepts without the winner's replay (docs/chain.md §5.5):
     * −1 for blocks from the network, tip − (maturity + R) of the store when a node re-imports or verifies its own.
     */
    private long prunedOpeningsUpTo = -1;
    /** Stored blocks accepted with a pruned opening, their winner's replay skipped. */
    private int replaysSkipped;
    /** Set when storing a block failed: the importer refuses to go on (a restart rebuilds from the store). */
    private RuntimeException storeFailure;

    /**
     * An importer at genesis whose arithmetic passed (or failed) {@code selfCheck}. {@code store} receives every
     * valid block; a mempool of {@code mempoolSize} (may be null: a node that keeps none) follows the tip.
     */
    BlockImporter(ChainGenesis genesis, ChainStore store, MempoolSize mempoolSize, Clock clock, ThreadTeam team,
                  GoldenStepVerdict selfCheck) {
        this.genesis = genesis;
        this.chainId = genesis.chainId();
        this.selfCheck = selfCheck;
        this.store = store;
        this.clock = clock;
        this.team = team;
        this.headerRules = new HeaderRules(chainId, genesis.tickets().maxTicketsPerStep());
        this.timeRule = new BlockTimeRule(genesis.futureLimit());
        this.tree = new BlockTree(chainId, genesis.initialState(), genesis.reorgAlarmDepth());
        this.taskRules = genesis.taskBlockRules();
        AuditTransactionRules auditTransactions = new AuditTransactionRules(genesis.audit(), new TreeAncestry(tree),
                genesis.tickets(), genesis.liveness(),
                new HeaderEvidence(chainId, genesis.tickets().maxTicketsPerStep()));
        this.transactionRules = new TransactionRules(chainId, genesis.state(), genesis.taskParameters(),
                auditTransactions);
        this.auditRules = new AuditBlockRules(chainId, genesis.audit());
        this.blockRules = new BlockRules(transactionRules, genesis.block(), taskRules, auditRules);
        this.mempool = mempoolSize == null ? null
                : new Mempool(transactionRules, mempoolSize.capacity(), mempoolSize.perSender(),
                        mempoolSize.maxBytes(), auditRules);
        times.put(chainId, genesis.timestamp());
    }

    /** A node's importer at genesis, keeping no mempool and replaying on one thread. */
    public static BlockImporter open(ChainGenesis genesis, ChainStore store, Clock clock) {
        return open(genesis, store, clock, null, ThreadTeam.single());
    }

    /**
     * A node's importer at genesis: the golden training steps replayed once on {@code team} (see the class comment),
     * then every valid block to {@code store}, and a mempool of {@code mempoolSize} (may be null: none) following
     * the tip, read with {@link #mempool()}.
     */
    public static BlockImporter open(ChainGenesis genesis, ChainStore store, Clock clock, MempoolSize mempoolSize,
                                     ThreadTeam team) {
        return new BlockImporter(genesis, store, mempoolSize, clock, team, GoldenSteps.check(team));
    }

    /** {@link #restore(ChainGenesis, ChainStore, Clock, MempoolSize, ThreadTeam)} with no mempool, on one thread. */
    public static BlockImporter restore(ChainGenesis genesis, ChainStore store, Clock clock) {
        return restore(genesis, store, clock, null, ThreadTeam.single());
    }

    /**
     * A node restarted from {@code store}: every stored block is imported again in height order — validated in full,
     * winners replayed — and the stored tip is followed again, a held deep reorg staying held.
     *
     * @throws IllegalStateException naming the first stored block that does not validate ({@code pouw chain verify}
     *                               reports the same), or when the golden steps fail on this JVM
     */
    public static BlockImporter restore(ChainGenesis genesis, ChainStore store, Clock clock, MempoolSize mempoolSize,
                                        ThreadTeam team) {
        return restore(open(genesis, store, clock, mempoolSize, team));
    }

    static BlockImporter restore(BlockImporter importer) {
        importer.requireValidating();
        importer.storing = false;
        importer.acceptPrunedOpeningsOfTheStore();
        for (StoredBlock stored : importer.store.blocksInHeightOrder()) {
            ChainVerification.defect(stored, importer.importBytes(stored.encoded())).ifPresent(defect -> {
                throw new IllegalStateException("stored block " + stored.height() + " " + stored.hash().hex()
                        + " does not validate: " + defect + "; run `pouw chain verify`");
            });
        }
        importer.storing = true;
        importer.prunedOpeningsUpTo = -1;       // live imports replay every winner again
        importer.store.tip().ifPresent(tip -> {
            if (!importer.tree.tip().hash().equals(tip)) {
                importer.tree.restoreTip(tip);
            }
        });
        return importer;
    }

    /** An importer that validates what {@code store} holds without writing to it (verification). */
    static BlockImporter replaying(ChainGenesis genesis, ChainStore store, Clock clock, ThreadTeam team) {
        BlockImporter importer = open(genesis, store, clock, null, team);
        importer.requireValidating();
        importer.storing = false;
        importer.acceptPrunedOpeningsOfTheStore();
        return importer;
    }

    /** Lets a re-import skip the replay of stored blocks at least maturity + R below the stored tip. */
    private void acceptPrunedOpeningsOfTheStore() {
        prunedOpeningsUpTo = store.tip().flatMap(store::block)
                .map(tip -> OpeningPruning.prunableUpTo(tip.height(), genesis)).orElse(-1L);
    }

    /** The highest block a re-import of the store accepts a pruned opening of (−1: none). */
    long prunedOpeningsUpTo() {
        return prunedOpeningsUpTo;
    }

    /** Blocks this importer accepted with a pruned opening, their winner's replay skipped. */
    public int replaysSkipped() {
        return replaysSkipped;
    }

    /**
     * Drops the winner's opening of every block at least maturity + R below the followed tip, in the store and in
     * memory (docs/chain.md §5.5); returns how many blocks it pruned. Blocks already pruned are left as they are.
     */
    public int pruneOpenings() {
        long upTo = OpeningPruning.prunableUpTo(tree.tip().height(), genesis);
        int pruned = 0;
        for (Map.Entry<Bytes32, Block> entry : blocks.entrySet()) {
            Block block = entry.getValue();
            if (block.header().height() <= upTo && !OpeningPruning.isPruned(block.opening())) {
                Block without = OpeningPruning.pruned(block);
                store.replaceEncoding(entry.getKey(), without.encode());
                entry.setValue(without);
                pruned++;
            }
        }
        return pruned;
    }

    /** Whether this node's golden step replay passed, so it validates blocks. */
    public boolean validating() {
        return selfCheck.passed();
    }

    /** The start-up replay of the golden steps: passed, or the case, step and field that differed. */
    public GoldenStepVerdict selfCheck() {
        return selfCheck;
    }

    private void requireValidating() {
        if (!selfCheck.passed()) {
            throw new IllegalStateException(selfCheck.reason());
        }
    }

    /**
     * The task a block on {@code parent} naming {@code taskId} trains: posted with {@code pay_for_task} and held in
     * the parent's state, or the epoch's filler task; null when it is neither.
     */
    public PayForTask taskFor(BlockNode parent, Bytes32 taskId) {
        return taskRules.taskFor(parent.state(), taskId, parent.height() + 1);
    }

    /** The task {@code miner} must train for a block on {@code parent} (null: the epoch assigns it none). */
    public Bytes32 assignedTask(BlockNode parent, Bytes32 miner) {
        return taskRules.assignedTask(parent.state(), miner, parent.height() + 1, expectedBits(parent));
    }

    /**
     * The state hash {@code miner}'s segment on {@code taskId} must start from in a block on {@code parent}: its
     * previous segment's end there, or the task's initial state (null: no such task).
     */
    public Bytes32 segmentStart(BlockNode parent, Bytes32 taskId, Bytes32 miner) {
        return taskRules.segmentStart(parent.state(), taskId, miner, parent.height() + 1);
    }

    public Bytes32 chainId() {
        return chainId;
    }

    public ChainGenesis genesis() {
        return genesis;
    }

    /** The chain's full block rules, audit hooks included: what this importer applies, and assemblers execute. */
    public BlockRules blockRules() {
        return blockRules;
    }

    /** The chain's transaction rules, audit openings and slash evidence judged over this importer's tree. */
    public TransactionRules transactionRules() {
        return transactionRules;
    }

    /** The mempool following this importer's tip; null when it was opened without one. */
    public Mempool mempool() {
        return mempool;
    }

    public BlockNode tip() {
        return tree.tip();
    }

    public Optional<BlockNode> heldTip() {
        return tree.heldTip();
    }

    public Optional<BlockNode> node(Bytes32 hash) {
        return tree.node(hash);
    }

    public Optional<Block> block(Bytes32 hash) {
        return Optional.ofNullable(blocks.get(hash));
    }

    /** Whether this importer found the block, or one of its ancestors, invalid (and refuses it at once). */
    public boolean knownInvalid(Bytes32 hash) {
        return invalid.reason(hash) != null;
    }

    public int orphanCount() {
        return orphans.size();
    }

    /** Follows the branch held for the operator (docs/chain.md §6) and stores the new tip. */
    public TipChange acceptHeld() {
        TipChange change = tree.acceptHeld();
        afterTipChange(change);
        store.setTip(tree.tip().hash());
        return change;
    }

    /** The compact target of a block built on {@code parent}: ASERT from the genesis anchor. */
    public int expectedBits(BlockNode parent) {
        return genesis.asert().nextBits(genesis.anchor(), parent.height(), times.get(parent.hash()));
    }

    /** The timestamps of {@code parent} and its ancestors, up to {@value BlockTimeRule#MEDIAN_SPAN}, oldest first. */
    public List<Long> ancestorTimes(BlockNode parent) {
        List<Long> ancestors = new ArrayList<>(BlockTimeRule.MEDIAN_SPAN);
        for (BlockNode node = parent; node != null && ancestors.size() < BlockTimeRule.MEDIAN_SPAN;
                node = node.parent()) {
            ancestors.add(times.get(node.hash()));
        }
        Collections.reverse(ancestors);
        return ancestors;
    }

    public ImportResult importBytes(byte[] encoded) {
        Block block;
        try {
            block = Block.decode(encoded);
        } catch (EncodingException e) {
            return ImportResult.refused(null, ImportRefusal.UNDECODABLE, null, e.getMessage());
        }
        return importBlock(block, encoded);
    }

    public ImportResult importBlock(Block block) {
        return importBlock(block, block.encode());
    }

    private ImportResult importBlock(Block block, byte[] encoded) {
        if (storeFailure != null) {
            throw new IllegalStateException("the chain store failed earlier; restart the node", storeFailure);
        }
        Bytes32 hash = block.header().hash(chainId);
        if (!selfCheck.passed()) {
            return ImportResult.refused(hash, ImportRefusal.NOT_VALIDATING, null, selfCheck.reason());
        }
        ImportResult result = importOne(hash, block, encoded);
        if (result.status() != ImportStatus.ACCEPTED && result.status() != ImportStatus.SIDE_BRANCH) {
            if (result.isRefused() && invalid.reason(hash) != null) {
                refuseDescendants(hash);
            }
            return result;
        }
        return result.withConnected(connectOrphans(hash));
    }

    private ImportResult importOne(Bytes32 hash, Block block, byte[] encoded) {
        if (blocks.containsKey(hash) || hash.equals(chainId)) {
            return ImportResult.simple(ImportStatus.ALREADY_KNOWN, hash);
        }
        String knownInvalid = invalid.reason(hash);
        if (knownInvalid != null) {
            return ImportResult.refused(hash, ImportRefusal.KNOWN_INVALID, null, knownInvalid);
        }
        BlockHeader header = block.header();
        String parentInvalid = invalid.reason(header.parent());
        if (parentInvalid != null) {
            return blame(hash, ImportRefusal.KNOWN_INVALID, null, "its parent " + header.parent().hex()
                    + " is invalid: " + parentInvalid);
        }
        Optional<BlockNode> parent = tree.node(header.parent());
        if (parent.isEmpty()) {
            orphans.add(new OrphanPool.Orphan(hash, block, encoded));
            return ImportResult.simple(ImportStatus.ORPHAN_HELD, hash);
        }
        return connect(hash, block, encoded, parent.get());
    }

    private ImportResult connect(Bytes32 hash, Block block, byte[] encoded, BlockNode parent) {
        BlockHeader header = block.header();
        int bits = expectedBits(parent);
        HeaderDefect headerDefect = headerRules.check(header, parent.hash(), parent.height(), bits);
        if (headerDefect != null) {
            String detail = "header: " + headerDefect;
            return headerDefect == HeaderDefect.BAD_SIGNATURE
                    ? ImportResult.refused(hash, ImportRefusal.BAD_HEADER, headerDefect, detail)
                    : blame(hash, ImportRefusal.BAD_HEADER, headerDefect, detail);
        }
        long median = BlockTimeRule.medianTimePast(ancestorTimes(parent));
        String timeDefect = timeRule.defect(header.timestamp(), ancestorTimes(parent), clock.millis() / 1_000);
        if (timeDefect != null) {
            // Too far in the future may be fine later: only a timestamp at or before the median is the block's own.
            return header.timestamp() <= median
                    ? blame(hash, ImportRefusal.BAD_TIMESTAMP, null, timeDefect)
                    : ImportResult.refused(hash, ImportRefusal.BAD_TIMESTAMP, null, timeDefect);
        }
        PayForTask task = taskRules.taskFor(parent.state(), header.taskId(), header.height());
        if (task == null) {
            return blame(hash, ImportRefusal.UNKNOWN_TASK, null, "no task " + header.taskId().hex()
                    + " is posted on the parent's state, nor is it the epoch's filler task");
        }
        MinedStep winner = header.proof().winner();
        boolean pruned = OpeningPruning.isPruned(block.opening());
        if (pruned && header.height() > prunedOpeningsUpTo) {
            // a pruned copy says nothing against the block itself: another copy may carry the opening
            return ImportResult.refused(hash, ImportRefusal.OPENING_PRUNED, null, "the winner's opening is pruned; "
                    + (prunedOpeningsUpTo < 0 ? "only a node's own store may hold pruned blocks"
                    : "only blocks up to height " + prunedOpeningsUpTo + " (maturity + R below the tip) may be"));
        }
        StepVerdict verdict = pruned ? null : new StepReplay(task.task(), Math.toIntExact(task.datasetSize()),
                genesis.tickets(), genesis.liveness(), team).check(block.opening().startState(),
                block.opening().batch(), header.miner(), parent.hash(), winner);
        if (pruned) {
            replaysSkipped++;
        } else if (!verdict.accepted()) {
            String detail = "the winning step's replay: " + verdict.refusal();
            return OPENING_FAULTS.contains(verdict.refusal())
                    ? ImportResult.refused(hash, ImportRefusal.STEP_REFUSED, verdict.refusal(), detail)
                    : blame(hash, ImportRefusal.STEP_REFUSED, verdict.refusal(), detail);
        }
        BlockOutcome outcome = blockRules.apply(parent.state(), block);
        if (!outcome.isValid()) {
            String detail = outcome.defect() + ": " + outcome.detail();
            return outcome.defect() == BlockDefect.WRONG_TRANSACTIONS_ROOT
                    ? ImportResult.refused(hash, ImportRefusal.BAD_BODY, outcome.defect(), detail)
                    : blame(hash, ImportRefusal.BAD_BODY, outcome.defect(), detail);
        }
        BigInteger work = Tickets.expectedTickets(CompactTarget.decode(bits));
        Bytes32 ticket = Tickets.ticket(chainId, winner.leafHash(), winner.tip(), header.miner(),
                header.proof().j());
        blocks.put(hash, block);
        times.put(hash, header.timestamp());
        TipChange change = tree.add(hash, parent.hash(), work, ticket, outcome.state());
        afterTipChange(change);
        boolean moved = change instanceof TipChange.Extended || change instanceof TipChange.Reorganised;
        if (storing) {
            try {
                store.importBlock(new StoredBlock(hash, parent.hash(), header.height(), encoded),
                        moved ? Optional.of(tree.tip().hash()) : Optional.empty());
            } catch (RuntimeException e) {
                // The tree now holds a block the store does not: importing on would store children of a block a
                // restart can not find. Stop here; a restart rebuilds from what the store holds.
                storeFailure = e;
                throw e;
            }
        }
        return ImportResult.valid(moved ? ImportStatus.ACCEPTED : ImportStatus.SIDE_BRANCH, hash, change);
    }

    /** A refusal of what the hash names: remembered, so the same block is refused at once next time. */
    private ImportResult blame(Bytes32 hash, ImportRefusal refusal, Enum<?> cause, String detail) {
        invalid.remember(hash, refusal + (cause == null ? "" : " " + cause) + ": " + detail);
        return ImportResult.refused(hash, refusal, cause, detail);
    }

    private void afterTipChange(TipChange change) {
        if (mempool == null) {
            return;
        }
        BlockNode tip = tree.tip();
        switch (change) {
            case TipChange.Extended extended -> mempool.retarget(tip.state(), tip.height() + 1, List.of());
            case TipChange.Reorganised reorg -> {
                List<Transaction> returned = new ArrayList<>();
                for (BlockNode left : reorg.left()) {
                    returned.addAll(blocks.get(left.hash()).transactions());
                }
                mempool.retarget(tip.state(), tip.height() + 1, returned);
            }
            case TipChange.Unchanged unchanged -> {
            }
            case TipChange.DeepReorgHeld held -> {
            }
        }
    }

    /** Imports the orphans waiting on {@code parent}, and theirs, breadth first. */
    private List<ImportResult> connectOrphans(Bytes32 parent) {
        List<ImportResult> results = new ArrayList<>();
        Deque<Bytes32> parents = new ArrayDeque<>(List.of(parent));
        while (!parents.isEmpty()) {
            for (OrphanPool.Orphan orphan : orphans.takeChildrenOf(parents.poll())) {
                ImportResult result = importOne(orphan.hash(), orphan.block(), orphan.encoded());
                results.add(result);
                if (result.status() == ImportStatus.ACCEPTED || result.status() == ImportStatus.SIDE_BRANCH) {
                    parents.add(orphan.hash());
                } else if (result.isRefused() && invalid.reason(orphan.hash()) != null) {
                    refuseDescendants(orphan.hash());
                }
            }
        }
        return results;
    }

    /** Drops the orphans descending from an invalid block, remembering them as invalid too. */
    private void refuseDescendants(Bytes32 bad) {
        Deque<Bytes32> parents = new ArrayDeque<>(List.of(bad));
        while (!parents.isEmpty()) {
            Bytes32 parent = parents.poll();
            for (OrphanPool.Orphan orphan : orphans.takeChildrenOf(parent)) {
                invalid.remember(orphan.hash(), "descends from the invalid block " + parent.hex());
                parents.add(orphan.hash());
            }
        }
    }
}
