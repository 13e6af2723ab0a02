package org.pouw.chain.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pouw.chain.block.Block;
import org.pouw.chain.evidence.EquivocationWatch;
import org.pouw.chain.evidence.EvidenceChannel;
import org.pouw.chain.evidence.EvidenceReporter;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.fork.TipChange;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ImportResult;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.chain.mempool.Mempool;
import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.net.PeerId;
import org.pouw.chain.net.PeerMessages;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * One chain node of the simulation: a {@link BlockImporter} over an in-memory store and a mempool, talking through
 * the {@link PeerMessages} port. It relays every block and transaction it takes for the first time; a block whose
 * parent it lacks (lost, or mined behind a partition) makes it ask the sender for the sender's chain after the fork
 * point. It records each reorganisation it makes and whether the left branch's transactions came back to its
 * mempool, and what the new branch says to the left branch's audit openings. It watches for equivocation: two
 * different blocks it took that one key signed on one parent ({@link EquivocationWatch}) go to its
 * {@link EvidenceReporter}, which hands the slash back to it as its {@link EvidenceChannel} — as a real node does.
 */
public final class SimulatedNode implements EvidenceChannel {
    /** Headers the equivocation watch remembers: more than a simulated run's blocks, so it forgets none. */
    private static final int WATCHED_HEADERS = 1 << 20;

    /** Blocks a sync answer carries at most. */
    static final int SYNC_LIMIT = 500;

    /**
     * A reorganisation this node made: its depth, the transactions only the left branch had (openings aside), those
     * not pooled, and each opening only the left branch had with what the new tip's rules say to it.
     */
    public record Reorg(PeerId node, long atMs, int depth, List<Transaction> returned, List<Transaction> notPooled,
                        List<LeftOpening> openings) {
    }

    /**
     * An {@code audit_open} a reorganisation left: what the transaction rules say when the left openings are applied,
     * in each sender's nonce order, to a scratch child of the new tip's state, and whether the mempool holds it after
     * the reorg.
     */
    public record LeftOpening(Transaction tx, TxOutcome onNewTip, boolean pooled) {
    }

    private final BlockImporter importer;
    private final Mempool mempool;
    private final InMemoryChainStore store;
    private PeerMessages<ChainMessage> peers;
    private final List<Reorg> reorgs = new ArrayList<>();
    private final Simulation simulation;
    private final EvidenceReporter reporter;
    /** The first block taken for each (parent, signer): a second one is equivocation. */
    private final EquivocationWatch watch;
    private long orphansHeld;
    private long refused;

    SimulatedNode(BlockImporter importer, Mempool mempool, InMemoryChainStore store, Simulation simulation,
                  EvidenceReporter reporter) {
        this.importer = importer;
        this.mempool = mempool;
        this.store = store;
        this.simulation = simulation;
        this.reporter = reporter;
        this.watch = new EquivocationWatch(importer.chainId(), WATCHED_HEADERS);
    }

    void connect(PeerMessages<ChainMessage> peers) {
        this.peers = peers;
    }

    public PeerId id() {
        return peers.self();
    }

    public BlockImporter importer() {
        return importer;
    }

    public Mempool mempool() {
        return mempool;
    }

    public InMemoryChainStore store() {
        return store;
    }

    public BlockNode tip() {
        return importer.tip();
    }

    public List<Reorg> reorgs() {
        return List.copyOf(reorgs);
    }

    /** Blocks this node had to hold because their parent was unknown. */
    public long orphansHeld() {
        return orphansHeld;
    }

    public long refused() {
        return refused;
    }

    public EvidenceReporter reporter() {
        return reporter;
    }

    /** A transaction handed to this node by a wallet; true when the mempool took it (then it is relayed). */
    public boolean submit(Transaction tx) {
        return offer(tx).isAccepted();
    }

    @Override
    public StateLayer tipState() {
        return tip().state();
    }

    @Override
    public boolean pending(Transaction tx) {
        return mempool.contains(tx);
    }

    /** {@link #submit}, with the mempool's answer. */
    @Override
    public MempoolAdmission offer(Transaction tx) {
        MempoolAdmission admission = mempool.add(tx, tip().state(), tip().height() + 1);
        if (admission.isAccepted()) {
            peers.broadcast(new ChainMessage.TxMessage(tx));
        }
        return admission;
    }

    /**
     * Two blocks its equivocating miner signed on one parent: this node takes {@code first} and sends it to
     * {@code firstHalf}, and sends {@code second} to {@code secondHalf} (without taking it itself).
     */
    void minedTwins(Block first, Block second, List<PeerId> firstHalf, List<PeerId> secondHalf) {
        take(first.encode(), null);
        for (PeerId peer : firstHalf) {
            if (!peer.equals(id())) {
                peers.send(peer, new ChainMessage.BlockMessage(first.encode()));
            }
        }
        for (PeerId peer : secondHalf) {
            if (!peer.equals(id())) {
                peers.send(peer, new ChainMessage.BlockMessage(second.encode()));
            }
        }
    }

    /** A block this node's own miner built: imported, then sent to every peer. */
    public ImportResult mined(Block block) {
        byte[] encoded = block.encode();
        ImportResult result = take(encoded, null);
        peers.broadcast(new ChainMessage.BlockMessage(encoded));
        return result;
    }

    /** Asks {@code peer} for its chain after the fork point: the periodic poll that makes up for lost blocks. */
    void poll(PeerId peer) {
        peers.send(peer, new ChainMessage.SyncRequest(locator()));
    }

    void receive(PeerId from, ChainMessage message) {
        switch (message) {
            case ChainMessage.BlockMessage block -> {
                ImportResult result = take(block.encoded(), from);
                if (result.status() == ImportStatus.ACCEPTED || result.status() == ImportStatus.SIDE_BRANCH) {
                    peers.broadcast(block);
                }
            }
            case ChainMessage.TxMessage tx -> mempool.add(tx.tx(), tip().state(), tip().height() + 1);
            case ChainMessage.SyncRequest request -> peers.send(from, new ChainMessage.SyncBatch(after(request)));
            case ChainMessage.SyncBatch batch -> {
                for (byte[] encoded : batch.blocks()) {
                    take(encoded, null);
                }
            }
        }
    }

    private ImportResult take(byte[] encoded, PeerId from) {
        ImportResult result = importer.importBytes(encoded);
        record(result);
        reporter.tipMoved(this);
        if (result.status() == ImportStatus.ORPHAN_HELD) {
            orphansHeld++;
            if (from != null) {
                peers.send(from, new ChainMessage.SyncRequest(locator()));
            }
        }
        return result;
    }

    private void record(ImportResult result) {
        if (result.isRefused()) {
            refused++;
        }
        if (result.status() == ImportStatus.ACCEPTED || result.status() == ImportStatus.SIDE_BRANCH) {
            watch.observe(importer.block(result.hash()).orElseThrow().header())
                    .ifPresent(evidence -> reporter.equivocation(evidence, this));
        }
        if (result.tipChange() instanceof TipChange.Reorganised reorg) {
            Set<Transaction> joined = new HashSet<>();
            for (BlockNode node : reorg.joined()) {
                joined.addAll(importer.block(node.hash()).orElseThrow().transactions());
            }
            List<Transaction> returned = new ArrayList<>();
            List<Transaction> notPooled = new ArrayList<>();
            List<Transaction> leftOpenings = new ArrayList<>();
            for (BlockNode node : reorg.left()) {
                for (Transaction tx : importer.block(node.hash()).orElseThrow().transactions()) {
                    if (joined.contains(tx)) {
                        continue;
                    }
                    // An audit opening answers the challenge of the branch left: the new branch may have no such audit,
                    // or another challenge; it is recorded apart, with what the new tip's rules say to it.
                    if (tx.body() instanceof AuditOpen) {
                        leftOpenings.add(tx);
                    } else {
                        returned.add(tx);
                        if (!mempool.contains(tx)) {
                            notPooled.add(tx);
                        }
                    }
                }
            }
            // Applied in each sender's nonce order on one scratch state, as the mempool takes them back: judged alone,
            // a miner's second opening would only show the nonce its first one left unused.
            leftOpenings.sort(Comparator.comparing((Transaction tx) -> tx.sender().hex())
                    .thenComparingLong(Transaction::nonce));
            StateLayer scratch = reorg.tip().state().child();
            List<LeftOpening> openings = new ArrayList<>();
            for (Transaction tx : leftOpenings) {
                TxOutcome outcome = importer.transactionRules().apply(scratch, tx, reorg.tip().height() + 1);
                openings.add(new LeftOpening(tx, outcome, mempool.contains(tx)));
            }
            reorgs.add(new Reorg(id(), simulation.nowMs(), reorg.depth(), returned, notPooled, openings));
        }
        for (ImportResult connected : result.connected()) {
            record(connected);
        }
    }

    /** The followed chain's hashes, newest first: the last ten, then at doubling steps, then genesis. */
    List<Bytes32> locator() {
        List<Bytes32> hashes = new ArrayList<>();
        BlockNode node = tip();
        long step = 1;
        while (true) {
            hashes.add(node.hash());
            if (node.isGenesis()) {
                return hashes;
            }
            if (hashes.size() >= 10) {
                step *= 2;
            }
            node = node.ancestorAt(Math.max(0, node.height() - step));
        }
    }

    /** This node's followed chain after the first locator hash it follows, parents first. */
    private List<byte[]> after(ChainMessage.SyncRequest request) {
        Set<Bytes32> asked = new HashSet<>(request.locator());
        List<BlockNode> chain = new ArrayList<>();
        for (BlockNode node = tip(); node != null && !asked.contains(node.hash()); node = node.parent()) {
            chain.add(node);
        }
        List<byte[]> blocks = new ArrayList<>();
        for (int i = chain.size() - 1; i >= 0 && blocks.size() < SYNC_LIMIT; i--) {
            if (!chain.get(i).isGenesis()) {
                blocks.add(importer.block(chain.get(i).hash()).orElseThrow().encode());
            }
        }
        return blocks;
    }
}
