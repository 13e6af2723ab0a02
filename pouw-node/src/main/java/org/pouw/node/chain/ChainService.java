package org.pouw.node.chain;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.fork.TipChange;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ImportResult;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.mempool.MempoolRefusal;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.net.SyncedChain;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.event.EventDraft;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.ConnectionGate;

/**
 * A node's chain (issue 19 §7, docs/chain.md §7): one {@link BlockImporter} restored from the node's database, behind
 * a read-write lock — imports and admissions one at a time (the importer is not thread-safe), reads side by side
 * between them. After each change it keeps the followed branch's transaction index, appends {@code chain.block} and
 * {@code chain.reorg} events and publishes the figures the metrics show. A better branch forking deeper than R is
 * held, not followed (docs/chain.md §6): the node raises the alarm — a {@code chain.reorg_held} event, a WARN log
 * naming both tips and the depth, the held-depth gauge — and follows it only when the operator accepts it by hash.
 *
 * <p>It is also the {@link SyncedChain} the peer-to-peer sync works on (docs/network.md): each of those calls takes
 * the write lock (re-entrant), and the sync runs its steps inside {@link #exclusive} so that what it reads between
 * two calls does not change under it. Blocks and transactions taken from the API are passed to the listeners
 * registered with {@link #onBlocksTaken} and {@link #onTransactionTaken}, after the lock is released: the network
 * announces them.
 */
public final class ChainService implements AutoCloseable, SyncedChain {
    private static final Logger LOG = System.getLogger(ChainService.class.getName());
    /**
     * Clients' transaction offers that may hold or wait for the chain's lock at once. One admission takes about
     * 0.1 ms of CPU (a signature check and the mempool's), so a full line is some 6 ms of work on an idle core:
     * enough that the lock always has an offer ready, short enough that a refused client's retry is not far behind.
     */
    public static final int CLIENT_LINE = 64;

    private final BlockImporter importer;
    private final IncludedTransactions included;
    private final ChainEvents events;
    private final ChainMetrics metrics;
    private final ChainDatasets datasets;
    private final ThreadTeam team;
    private final ChainReader reader;
    /** The node's own equivocation reports, or null with {@code chain.report_evidence = false}. */
    private final EquivocationReporting evidence;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Clients' offers holding or waiting for the lock: {@link #CLIENT_LINE} at most, the next refused busy. */
    private final ConnectionGate clientLine = new ConnectionGate("chain lock (mempool admission)", 1, CLIENT_LINE,
            new LongAdder());
    /** The held tip last announced: a branch is announced once for each new tip, not for every block offered. */
    private Bytes32 announcedHeld;
    private final List<Consumer<List<Bytes32>>> blockListeners = new CopyOnWriteArrayList<>();
    private final List<TransactionListener> txListeners = new CopyOnWriteArrayList<>();

    /** Told of a transaction the mempool took from the API or a peer: its id and canonical encoding. */
    @FunctionalInterface
    public interface TransactionListener {
        void taken(Bytes32 id, byte[] encoded);
    }

    ChainService(BlockImporter importer, ChainEvents events, ChainMetrics metrics, ChainDatasets datasets,
                 ThreadTeam team, Clock clock, EquivocationReporting evidence) {
        this.importer = importer;
        this.included = new IncludedTransactions(importer.chainId());
        this.events = events;
        this.metrics = metrics;
        this.datasets = datasets;
        this.team = team;
        this.evidence = evidence;
        this.reader = new ChainReader(importer, included, clock, new SettlementReports());
        for (BlockNode node = importer.tip(); !node.isGenesis(); node = node.parent()) {
            included.add(node.hash(), importer.block(node.hash()).orElseThrow());
        }
        reader.heldReorg().ifPresent(held -> {
            announcedHeld = held.hash();
            warnHeld(held, "still held from before the restart");
        });
        publishFigures();
    }

    /** Runs {@code reading} under the read lock; what it returns must not hold on to the reader. */
    public <T> T read(Function<ChainReader, T> reading) {
        lock.readLock().lock();
        try {
            return reading.apply(reader);
        } finally {
            lock.readLock().unlock();
        }
    }

    public ChainDatasets datasets() {
        return datasets;
    }

    /** Offers a block in its canonical encoding to the import. */
    public BlockSubmission submitBlock(byte[] encoded) {
        Block block;
        try {
            block = Block.decode(encoded);
        } catch (RuntimeException e) {
            // The decoder's own EncodingException, or a record's check on a decoded value: the sender's bytes.
            return new BlockSubmission(ImportStatus.REFUSED, null, -1, "UNDECODABLE", "UNDECODABLE",
                    "not a block: " + e.getMessage());
        }
        ImportResult result = importBlock(block);
        List<Bytes32> taken = new ArrayList<>();
        valid(result, taken);
        if (!taken.isEmpty()) {
            blockListeners.forEach(listener -> listener.accept(List.copyOf(taken)));
        }
        if (result.isRefused()) {
            String reason = result.cause() != null ? result.cause().name() : result.refusal().name();
            return new BlockSubmission(ImportStatus.REFUSED, result.hash(), block.header().height(), reason,
                    result.refusal().name(), result.detail());
        }
        return new BlockSubmission(result.status(), result.hash(), block.header().height(), null, null, "");
    }

    /** The full import of one block, with the index, events and figures kept in step (the write lock held). */
    @Override
    public ImportResult importBlock(Block block) {
        List<EventDraft> drafts = new ArrayList<>();
        lock.writeLock().lock();
        try {
            long started = System.nanoTime();
            ImportResult result = importer.importBlock(block);
            metrics.validated(System.nanoTime() - started);
            follow(result, drafts);
            result.connected().forEach(connected -> follow(connected, drafts));
            if (evidence != null) {
                evidence.offered(block.header());
                evidence.tipMoved();
            }
            if (importer.heldTip().isEmpty()) {
                announcedHeld = null;   // the followed branch caught up: a branch held later is news again
            }
            events.append(drafts);
            publishFigures();
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void valid(ImportResult result, List<Bytes32> taken) {
        if (result.status() == ImportStatus.ACCEPTED || result.status() == ImportStatus.SIDE_BRANCH) {
            taken.add(result.hash());
        }
        result.connected().forEach(connected -> valid(connected, taken));
    }

    /** Runs {@code steps} under the write lock: the sync's view of the chain holds still while it runs. */
    public <T> T exclusive(Supplier<T> steps) {
        lock.writeLock().lock();
        try {
            return steps.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * A peer served a block, or offered a header, whose signer is at fault (docs/network.md §4): posted as slashing
     * evidence when the header shows its defect by itself ({@code chain.report_evidence}); nothing otherwise.
     */
    public void signerAtFault(BlockHeader header) {
        if (evidence == null) {
            return;
        }
        lock.writeLock().lock();
        try {
            evidence.signerAtFault(header);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Registers a listener of the blocks the API's submissions made valid (hashes, parents first). */
    public void onBlocksTaken(Consumer<List<Bytes32>> listener) {
        blockListeners.add(listener);
    }

    /** Registers a listener of the transactions the mempool took. */
    public void onTransactionTaken(TransactionListener listener) {
        txListeners.add(listener);
    }

    @Override
    public ChainGenesis genesis() {
        return importer.genesis();
    }

    @Override
    public BlockNode tip() {
        return exclusive(importer::tip);
    }

    @Override
    public Optional<BlockNode> node(Bytes32 hash) {
        return exclusive(() -> importer.node(hash));
    }

    @Override
    public Optional<Block> block(Bytes32 hash) {
        return read(reader -> importer.block(hash));
    }

    @Override
    public long timestamp(BlockNode node) {
        return exclusive(() -> importer.ancestorTimes(node).getLast());
    }

    @Override
    public boolean knownInvalid(Bytes32 hash) {
        return exclusive(() -> importer.knownInvalid(hash));
    }

    /**
     * The refusal of an {@code audit_open} by the checks that cost no replay, at the tip (docs/network.md §4,
     * "Openings"), or empty when it passes them: the network asks this before handing a relayed opening to the
     * mempool, whose checks replay it.
     */
    public Optional<String> precheckOpening(Transaction tx) {
        lock.readLock().lock();
        try {
            BlockNode tip = importer.tip();
            return Optional.ofNullable(importer.transactionRules().precheckOpening(tip.state(), tx, tip.height() + 1))
                    .map(Object::toString);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A client's offer of a transaction (the API's {@code POST /v1/chain/txs}): {@link #submitTx} behind a bounded line
     * for the chain's lock. Admission runs one at a time under that lock (the state, the mempool, a signature check
     * each), so past what the node can admit the excess is turned away at once with {@code BUSY} (503 with
     * {@code Retry-After}) rather than queueing without bound: a burst of clients then costs them a retry, not every
     * caller its latency and the node a request's memory per waiting caller. The relay's own offers come from the one
     * sync thread and do not take a place.
     */
    public TxSubmission offerTx(byte[] encoded) {
        ConnectionGate.Pass place;
        try {
            place = clientLine.enter();
        } catch (PouwException busy) {
            metrics.transactionBusy();
            throw busy;
        }
        try (place) {
            return submitTx(encoded);
        }
    }

    /**
     * Offers a signed transaction in its canonical encoding to the mempool. The very same bytes again are taken, not
     * refused: pending if the mempool holds them (nothing stored twice, nothing relayed again), included if a block of
     * the followed branch does. A different transaction at a pending one's nonce is a replacement, refused unless it
     * pays enough more.
     */
    public TxSubmission submitTx(byte[] encoded) {
        Transaction tx;
        try {
            tx = Transaction.decode(encoded);
        } catch (RuntimeException e) {
            return TxSubmission.refused(null, "UNDECODABLE", "not a transaction: " + e.getMessage());
        }
        Bytes32 id = tx.id(importer.chainId());
        TxSubmission submission;
        boolean fresh = false;
        lock.writeLock().lock();
        try {
            BlockNode tip = importer.tip();
            MempoolAdmission admission = importer.mempool().add(tx, tip.state(), tip.height() + 1);
            publishFigures();
            if (admission.isAccepted()) {
                submission = TxSubmission.taken(id, TxSubmission.Status.PENDING);
                fresh = true;
            } else if (admission.refusal() == MempoolRefusal.ALREADY_PENDING) {
                submission = TxSubmission.taken(id, TxSubmission.Status.PENDING);
            } else if (includedAsIs(tx, id)) {
                submission = TxSubmission.taken(id, TxSubmission.Status.INCLUDED);
            } else {
                submission = TxSubmission.refused(id, reason(tx, admission, tip), admission.message());
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (fresh) {
            byte[] canonical = tx.encode();
            txListeners.forEach(listener -> listener.taken(id, canonical));
        }
        return submission;
    }

    /** Whether a block of the followed branch holds these very bytes (not merely a transaction of the same id). */
    private boolean includedAsIs(Transaction tx, Bytes32 id) {
        return included.blockOf(id).flatMap(importer::block)
                .map(block -> block.transactions().contains(tx)).orElse(false);
    }

    /**
     * The state rule's refusal of {@code tx} after the sender's pending transactions before it, when that is why the
     * mempool turned it away; else the mempool's own reason.
     */
    private String reason(Transaction tx, MempoolAdmission admission, BlockNode tip) {
        if (admission.refusal() != MempoolRefusal.INVALID) {
            return admission.refusal().name();
        }
        StateLayer scratch = tip.state().child();
        long height = tip.height() + 1;
        for (Transaction pending : importer.mempool().pending()) {
            if (pending.sender().equals(tx.sender()) && pending.nonce() < tx.nonce()) {
                importer.transactionRules().apply(scratch, pending, height);
            }
        }
        TxOutcome outcome = importer.transactionRules().apply(scratch, tx, height);
        return outcome.isApplied() ? MempoolRefusal.INVALID.name() : outcome.refusal().name();
    }

    /** Keeps the index, the events and the reorg count in step with what one import did to the tip. */
    private void follow(ImportResult result, List<EventDraft> drafts) {
        metrics.imported(result.status());
        followTip(result.tipChange(), drafts);
    }

    private void followTip(TipChange change, List<EventDraft> drafts) {
        switch (change) {
            case TipChange.Extended extended -> {
                BlockNode tip = extended.tip();
                Block block = importer.block(tip.hash()).orElseThrow();
                included.add(tip.hash(), block);
                drafts.add(blockEvent(tip, block));
            }
            case TipChange.Reorganised reorg -> {
                List<Block> left = blocks(reorg.left());
                List<Block> joined = blocks(reorg.joined());
                for (int i = 0; i < left.size(); i++) {
                    included.remove(reorg.left().get(i).hash(), left.get(i));
                }
                for (int i = 0; i < joined.size(); i++) {
                    included.add(reorg.joined().get(i).hash(), joined.get(i));
                }
                metrics.reorg();
                drafts.add(ChainEvents.reorg(reorg.left().getLast().hash(), reorg.tip().hash(), reorg.depth(),
                        included.returned(left, joined)));
                for (int i = 0; i < joined.size(); i++) {
                    drafts.add(blockEvent(reorg.joined().get(i), joined.get(i)));
                }
            }
            case TipChange.DeepReorgHeld ignored -> reader.heldReorg().ifPresent(held -> {
                if (!held.hash().equals(announcedHeld)) {
                    announcedHeld = held.hash();
                    metrics.reorgHeld();
                    drafts.add(ChainEvents.reorgHeld(held));
                    warnHeld(held, "held for the operator");
                }
            });
            case null, default -> {
                // Unchanged, or no block at all.
            }
        }
    }

    /**
     * Follows the held branch if its tip is {@code expected} — the hash the operator looked at (docs/chain.md §6,
     * {@code pouw chain accept-reorg}); otherwise changes nothing and says why.
     */
    public ReorgAcceptance acceptHeldReorg(Bytes32 expected) {
        lock.writeLock().lock();
        try {
            Optional<HeldReorg> held = reader.heldReorg();
            Bytes32 oldTip = importer.tip().hash();
            if (held.isEmpty()) {
                return new ReorgAcceptance(ReorgAcceptance.Outcome.NOTHING_HELD, null, oldTip, 0);
            }
            if (!held.get().hash().equals(expected)) {
                return new ReorgAcceptance(ReorgAcceptance.Outcome.HELD_BRANCH_CHANGED, held.get(), oldTip, 0);
            }
            List<EventDraft> drafts = new ArrayList<>();
            TipChange change = importer.acceptHeld();
            followTip(change, drafts);
            if (evidence != null) {
                evidence.tipMoved();
            }
            events.append(drafts);
            announcedHeld = null;
            publishFigures();
            LOG.log(Level.WARNING, "chain: the operator accepted the held reorg: now following "
                    + held.get().hash().hex() + " at height " + held.get().height() + ", leaving " + oldTip.hex()
                    + " (" + held.get().depth() + " blocks deep)");
            return new ReorgAcceptance(ReorgAcceptance.Outcome.ACCEPTED, held.get(), oldTip, held.get().depth());
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void warnHeld(HeldReorg held, String what) {
        LOG.log(Level.WARNING, "chain: a better branch forking " + held.depth() + " blocks below the followed tip "
                + held.followedTip().hex() + " is " + what + ": its tip " + held.hash().hex() + " at height "
                + held.height() + "; check it is the network's chain, then 'pouw chain accept-reorg --hash "
                + held.hash().hex() + "' (docs/operations.md)");
    }

    private List<Block> blocks(List<BlockNode> nodes) {
        return nodes.stream().map(node -> importer.block(node.hash()).orElseThrow()).toList();
    }

    private static EventDraft blockEvent(BlockNode node, Block block) {
        return ChainEvents.block(node.hash(), node.height(), block.header().miner(), block.header().taskId());
    }

    private void publishFigures() {
        BlockNode tip = importer.tip();
        long time = reader.timestamp(tip);
        double rate = 0;
        if (!tip.isGenesis()) {
            BigInteger work = Tickets.expectedTickets(CompactTarget.decode(
                    importer.block(tip.hash()).orElseThrow().header().bits()));
            long spacing = Math.max(1, time - reader.timestamp(tip.parent()));
            rate = work.doubleValue() / spacing;
        }
        metrics.publish(new ChainMetrics.Figures(tip.height(), time, importer.orphanCount(),
                importer.mempool().size(), rate, reader.heldReorg().map(HeldReorg::depth).orElse(0)));
    }

    @Override
    public void close() {
        team.close();
    }
}
