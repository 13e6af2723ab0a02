package org.pouw.node.net;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.net.BlobFetch;
import org.pouw.chain.net.BlockPart;
import org.pouw.chain.net.BlockPartAssembly;
import org.pouw.chain.net.BlockTxnRequest;
import org.pouw.chain.net.BlockTxns;
import org.pouw.chain.net.CompactBlock;
import org.pouw.chain.net.ChainRejectCode;
import org.pouw.chain.net.PeerId;
import org.pouw.chain.net.ChainSync;
import org.pouw.chain.net.SignerFault;
import org.pouw.chain.net.SyncCodec;
import org.pouw.chain.net.SyncMessage;
import org.pouw.chain.task.DatasetId;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainReader;
import org.pouw.node.chain.ChainService;
import org.pouw.node.peers.PeerNetwork;
import org.pouw.p2p.PeerInfo;
import org.pouw.p2p.ConnectionKeeper;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.Offence;

/**
 * The node's chain on the peer-to-peer network (ARCHITECTURE.md §3: the node wires chain ↔ p2p; docs/network.md): a
 * the {@link PeerNetwork}'s {@link PeerNode} (the node's key; its connection keeper dials the bootstrap peers and
 * keeps the outbound slots filled), the chain's {@link ChainSync} driven over it, and transaction relay. Everything the sync does runs on one thread ("pouw-chain-sync") under the chain's
 * write lock: what peers send is handed over to it from the transport's threads, and a crank every second notices
 * links that came up or went, ticks the sync and tells the transport the tip for its {@code hello}.
 *
 * <p>Wire types (never renumbered): inv and bulk type 1 = block (id: its 32-byte hash), 2 = transaction (id: its
 * 32-byte id); payload type 1 = {@code get_headers}, 2 = {@code headers}, 3 = {@code reject}, 4 = a whole block
 * pushed unasked (its canonical encoding), 5 = a part of one larger than a frame, 6 = {@code compact_block}, 7 =
 * {@code get_block_txn}, 8 = {@code block_txn}, 9 = {@code send_compact}; bulk type 5 = a block's compact form by
 * its hash (BIP 152's low-bandwidth {@code getdata}).
 */
public final class ChainNetwork implements AutoCloseable {
    /** Inv and bulk type of a block (id: its 32-byte hash). */
    public static final int BLOCK = 1;
    /** Inv and bulk type of a fee-paying transaction (id: its 32-byte id). */
    public static final int TX = 2;
    /** Bulk type of {@code get_blob}: dataset record ranges with their proofs ({@link DatasetRanges}). */
    static final int BLOB = 3;
    /**
     * Inv and bulk type of the transactions that have reserved relay capacity: audit openings and slashing evidence
     * (docs/network.md §4, "Reserved capacity"). Announced apart from fee-paying transactions, fetched in a lane of
     * their own; one announced here that is neither is a lie.
     */
    public static final int RESERVED_TX = 4;
    public static final int GET_HEADERS = 1;
    public static final int HEADERS = 2;
    static final int REJECT = 3;
    static final int WHOLE_BLOCK = 4;
    /** A part of a pushed block larger than one link frame ({@link BlockPart}). */
    public static final int BLOCK_PART = 5;
    /** A new tip larger than one frame pushed as its header and short transaction ids ({@link CompactBlock}). */
    public static final int COMPACT_BLOCK = 6;
    /** A compact block's receiver asking its sender for the transactions it lacks ({@link BlockTxnRequest}). */
    public static final int GET_BLOCK_TXN = 7;
    /** Those transactions, or none for "fetch the block whole" ({@link BlockTxns}). */
    public static final int BLOCK_TXN = 8;
    /** One byte: 1 "push me new tips unannounced" (high-bandwidth), 0 "announce them to me" (low-bandwidth). */
    public static final int SEND_COMPACT = 9;
    /** Bulk type of an announced block's compact form, asked by its hash (low-bandwidth). */
    public static final int COMPACT_BLOCK_BY_HASH = 5;
    /** Bulk type of a node's transaction inventory ({@link TxInventory}), asked after dropped announcements. */
    public static final int TX_INVENTORY = 6;
    /** A block pushed whole fits one link frame (256 KiB) with room to spare; a larger one is only announced. */
    static final int MAX_WHOLE_BLOCK_BYTES = 240 * 1024;
    /** Transactions fetched at once, from all peers together; announcements past it wait (docs/network.md §4). */
    public static final int MAX_TX_FETCHES = 256;
    /** Transactions fetched at once from one peer, so one that never serves can not hold the others' slots. */
    public static final int MAX_TX_FETCHES_PER_PEER = 32;
    /**
     * How long fee-paying transactions' ids wait on a link to be announced together (docs/network.md §4): one
     * {@code inv}, fetch request and answer per transaction cost five nodes several times the CPU the signature
     * checks did. Openings and evidence are announced at once, blocks too.
     */
    static final Duration TX_TRICKLE = Duration.ofMillis(100);
    /** Openings and evidence fetched at once, in their own lane: fee-paying announcements never take these. */
    static final int MAX_RESERVED_FETCHES = 16;
    /** Openings and evidence fetched at once from one peer (an opening is up to 8 MiB). */
    static final int MAX_RESERVED_FETCHES_PER_PEER = 2;
    private static final System.Logger LOG = System.getLogger(ChainNetwork.class.getName());

    private final PeerNode node;
    private final ConnectionKeeper keeper;
    private final ChainService chain;
    private final Bytes32 chainId;
    private final ChainSync sync;
    /** Compact blocks sent and rebuilt (BIP 152). */
    private final CompactBlockRelay compacts;
    private final ScheduledExecutorService syncThread;
    private final RecentTransactions transactions = new RecentTransactions();
    private final ChainTraffic traffic = new ChainTraffic();
    private final ChainBudgets budgets = new ChainBudgets(InstantSource.system());
    /** Records a range of a dataset fetched from peers asks for ({@code get_blob}'s limit). */
    static final int DATASET_RECORDS_PER_RANGE = 256;
    /** How long a peer may take to answer one range before the range is asked of another. */
    static final Duration DATASET_RANGE_TIMEOUT = Duration.ofSeconds(10);
    /** The datasets of posted tasks, fetched from peers; its tip and crank calls come on the sync thread. */
    private final TaskDatasets taskDatasets;
    /** Pushed blocks larger than one frame, being put together; used on the sync thread only. */
    private final BlockPartAssembly parts = new BlockPartAssembly();
    /** Cranks so far: the clock of the part assembly. */
    private long cranks;
    /** Transactions relayed: fetched in their lanes, checked, held for a nonce gap, announced once taken. */
    private final TransactionRelay transactionRelay;
    /** What this node answers when asked for its transaction inventory: what it still has pending. */
    private final PendingTxInventory inventory;
    /** The links the sync was last told of; used on the sync thread only. */
    private Set<DidKey> linked = Set.of();
    /** The tip at the last crank, to tell the connection keeper when a new block arrived. */
    private Bytes32 lastTip;
    /** The best round trip the keeper measured to each peer, in nanoseconds; refreshed by each crank. */
    private volatile Map<PeerId, Long> roundTrips = Map.of();
    /** Refreshed by each crank, on the sync thread, so a reader never touches the sync's state. */
    private volatile SyncProgress progress = new SyncProgress(0, 0, false, 0, 0);

    private ChainNetwork(PeerNode node, ConnectionKeeper keeper, ChainService chain, boolean compactBlocks,
                         int highBandwidthPeers) {
        this.node = node;
        this.keeper = keeper;
        this.chain = chain;
        this.chainId = chain.genesis().chainId();
        this.syncThread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "pouw-chain-sync");
            thread.setDaemon(true);
            return thread;
        });
        this.compacts = new CompactBlockRelay(node, chain, compactBlocks, highBandwidthPeers, transactions, traffic,
                budgets,
                (peer, message) -> delivered(new TransportPort.Delivery(peer, message)), this::onSyncThread,
                () -> cranks);
        this.inventory = new PendingTxInventory(transactions, () -> chain.read(ChainReader::pendingIds), () -> cranks);
        this.transactionRelay = new TransactionRelay(node, keeper, chain, transactions, traffic, this::onSyncThread,
                () -> cranks);
        TransportPort port = new TransportPort(node, chainId, syncThread, this::delivered, traffic,
                compacts::compactFor);
        // a signer at fault is posted as slashing evidence when its header shows the defect by itself
        this.sync = new ChainSync(chain, port, port, (header, reason) -> chain.signerAtFault(header),
                compacts::pushTargets);
        // nearer peers first among equally busy ones for bodies (docs/network.md §3)
        this.sync.useRoundTrips(this::roundTrip);
        this.taskDatasets = new TaskDatasets(new TaskDatasets.Port() {
            @Override
            public boolean holds(Bytes32 datasetId) {
                return chain.datasets().holds(datasetId);
            }

            @Override
            public void keep(byte[] encoded) {
                chain.datasets().register(encoded);
            }

            @Override
            public CompletableFuture<List<byte[]>> fetch(DatasetId dataset) {
                return fetchDataset(dataset, DATASET_RECORDS_PER_RANGE, DATASET_RANGE_TIMEOUT);
            }
        }, chain::block);
    }

    /**
     * Runs the chain over the node's network: the transport, its identity (the node's key) and its peers are the
     * {@link PeerNetwork}'s, whose connection keeper dials the bootstrap peers and keeps the outbound slots filled.
     * With {@code compactBlocks} BIP 152's two modes run: a new tip is pushed unannounced to the peers that asked for
     * it (this node asks the {@code highBandwidthPeers} that gave it new tips first lately), as a compact block when it
     * is larger than one frame; everyone else hears its hash and asks for its compact block.
     */
    public static ChainNetwork start(PeerNetwork network, ChainService chain, MeterRegistry registry,
                                     boolean compactBlocks, int highBandwidthPeers) {
        ChainNetwork chainNetwork = new ChainNetwork(network.node(), network.keeper(), chain, compactBlocks,
                highBandwidthPeers);
        chainNetwork.traffic.register(registry);
        Gauge.builder("pouw_chain_net_orphan_transactions", chainNetwork, ChainNetwork::orphanTransactions)
                .description("relayed transactions held for their sender's earlier one (a nonce gap), at most "
                        + OrphanTransactions.MAX_ORPHANS).register(registry);
        FunctionCounter.builder("pouw_chain_net_tx_announcements_dropped", chainNetwork,
                        ChainNetwork::droppedTxAnnouncements)
                .description("transaction announcements dropped under overload, learnt again from the announcer's "
                        + "inventory").register(registry);
        chainNetwork.wire();
        return chainNetwork;
    }

    private void wire() {
        node.onAnnounced(BLOCK, (from, ids) -> {
            traffic.count(ChainTraffic.Direction.IN, ChainTraffic.Kind.BLOCK_INV, ids.size(), idBytes(ids));
            List<Bytes32> hashes = hashes(from, ids);
            if (hashes != null) {
                onSyncThread(() -> {
                    // a block being rebuilt from a compact block, or asked for as one, is not fetched whole unless
                    // that fails
                    PeerId peer = TransportPort.peer(from);
                    // a node holding headers ahead of their bodies is catching up: those come whole, in the window
                    List<Bytes32> wanted = compacts.announced(peer, hashes, sync.headersHeld() > 0);
                    if (!wanted.isEmpty()) {
                        sync.receive(peer, new SyncMessage.BlockInv(wanted));
                    }
                });
            }
        });
        InboundPayloads inbound = new InboundPayloads(node, traffic, budgets);
        inbound.on(GET_HEADERS, ChainTraffic.Kind.GET_HEADERS, ChainBudgets.Inbound.GET_HEADERS,
                SyncCodec::decodeGetHeaders, (from, request) ->
                        onSyncThread(() -> sync.receive(TransportPort.peer(from), request)));
        inbound.on(HEADERS, ChainTraffic.Kind.HEADERS, ChainBudgets.Inbound.HEADERS, SyncCodec::decodeHeaders,
                (from, answer) -> onSyncThread(() -> sync.receive(TransportPort.peer(from), answer)));
        inbound.on(REJECT, ChainTraffic.Kind.REJECT, ChainBudgets.Inbound.REJECT, SyncCodec::decodeReject,
                this::rejected);
        inbound.on(WHOLE_BLOCK, ChainTraffic.Kind.WHOLE_BLOCK, ChainBudgets.Inbound.WHOLE_BLOCK, body -> body,
                this::pushed);
        inbound.on(BLOCK_PART, ChainTraffic.Kind.WHOLE_BLOCK, ChainBudgets.Inbound.WHOLE_BLOCK, BlockPart::decode,
                this::pushedPart);
        compacts.wire(inbound);
        // only validated blocks are held, so only validated blocks are served
        node.serve(BLOCK, (askedBy, id) -> served(askedBy, ChainTraffic.Kind.BLOCK_BODY, id.length == Bytes32.LENGTH
                ? chain.block(Bytes32.of(id)).map(Block::encode) : Optional.empty()));
        node.serve(TX, (askedBy, id) -> served(askedBy, ChainTraffic.Kind.TX_BODY, id.length == Bytes32.LENGTH
                ? transactions.find(Bytes32.of(id)) : Optional.empty()));
        node.serve(RESERVED_TX, (askedBy, id) -> served(askedBy, ChainTraffic.Kind.TX_BODY,
                id.length == Bytes32.LENGTH ? transactions.find(Bytes32.of(id)) : Optional.empty()));
        node.serve(TX_INVENTORY, (askedBy, id) -> served(askedBy, ChainTraffic.Kind.TX_INVENTORY,
                Arrays.equals(id, TxInventory.REQUEST) ? Optional.of(TxInventory.encode(inventory.ids()))
                        : Optional.empty()));
        node.serve(COMPACT_BLOCK_BY_HASH, (askedBy, id) -> served(askedBy, ChainTraffic.Kind.COMPACT_BLOCK,
                id.length == Bytes32.LENGTH ? compacts.compactOf(Bytes32.of(id)) : Optional.empty()));
        DatasetRanges ranges = new DatasetRanges(id -> chain.datasets().encoded(id));
        node.serve(BLOB, (askedBy, id) -> served(askedBy, ChainTraffic.Kind.BLOB_RANGE, ranges.answer(id)));
        node.trickle(TX, TX_TRICKLE);
        node.onAnnounced(TX, (from, ids) -> {
            traffic.count(ChainTraffic.Direction.IN, ChainTraffic.Kind.TX_INV, ids.size(), idBytes(ids));
            List<Bytes32> wanted = hashes(from, ids);
            if (wanted != null) {
                transactionRelay.announced(from, wanted, false);
            }
        });
        node.onAnnounced(RESERVED_TX, (from, ids) -> {
            traffic.count(ChainTraffic.Direction.IN, ChainTraffic.Kind.TX_INV, ids.size(), idBytes(ids));
            List<Bytes32> wanted = hashes(from, ids);
            if (wanted != null) {
                transactionRelay.announced(from, wanted, true);
            }
        });
        chain.onBlocksTaken(hashes -> onSyncThread(() -> {
            followLinks();     // a peer that linked since the last crank is pushed this tip too
            sync.blocksAdded(hashes);
            transactionRelay.blockTaken();
        }));
        chain.onTransactionTaken(transactionRelay::taken);
        syncThread.scheduleWithFixedDelay(this::crank, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * Fetches a dataset's records from the connected full-relay peers by {@code get_blob} ranges, each proven against
     * {@code dataset} ({@link BlobFetch}); a peer whose answer does not prove is banned, one that stalls left out.
     */
    public CompletableFuture<List<byte[]>> fetchDataset(DatasetId dataset, int recordsPerRange,
            Duration rangeTimeout) {
        PeerBlobSource source = new PeerBlobSource(node);
        List<PeerId> peers = node.peers().stream().map(PeerInfo::peerId).filter(p -> !keeper.isBlockRelayOnly(p))
                .map(TransportPort::peer).toList();
        return new BlobFetch(dataset, recordsPerRange, rangeTimeout, source, source).fetch(peers);
    }

    /** A bulk object to serve, if the asking peer's outbound budget has room for it ("not found" otherwise). */
    private Optional<byte[]> served(DidKey askedBy, ChainTraffic.Kind kind, Optional<byte[]> body) {
        if (body.isEmpty()) {
            return body;
        }
        if (!budgets.serve(askedBy, body.get().length)) {
            traffic.refusedOverBudget(ChainTraffic.Direction.OUT, kind);
            return Optional.empty();
        }
        traffic.count(ChainTraffic.Direction.OUT, kind, 1, body.get().length);
        return body;
    }

    /** A whole block a peer pushed: checked and imported on the sync thread as a served body is. */
    private void pushed(DidKey from, byte[] body) {
        try {
            syncThread.execute(() -> delivered(new TransportPort.Delivery(TransportPort.peer(from),
                    new SyncMessage.WholeBlock(body))));
        } catch (RejectedExecutionException stopping) {
            // closing
        }
    }

    /**
     * A part of a block pushed whole in parts: put together on the sync thread within the assembly's bounds, and the
     * whole checked and imported as a pushed block is. A part that is no part, or contradicts the ones before, bans
     * its sender; parts of a block this node has are dropped unread.
     */
    private void pushedPart(DidKey from, BlockPart part) {
        onSyncThread(() -> {
            if (chain.node(part.hash()).isPresent() || chain.knownInvalid(part.hash())) {
                return;
            }
            switch (parts.offer(TransportPort.peer(from), part, cranks)) {
                case BlockPartAssembly.Outcome.Complete whole -> delivered(new TransportPort.Delivery(
                        TransportPort.peer(from), new SyncMessage.WholeBlock(whole.encoded())));
                case BlockPartAssembly.Outcome.Lie lie -> node.report(from, Offence.MALFORMED, lie.what());
                case BlockPartAssembly.Outcome.Dropped dropped ->
                        LOG.log(System.Logger.Level.DEBUG, () -> "a pushed part dropped: " + dropped.why());
                case BlockPartAssembly.Outcome.Incomplete waiting -> {
                }
            }
        });
    }

    private static long idBytes(List<byte[]> ids) {
        return ids.stream().mapToLong(id -> id.length).sum();
    }

    /** A peer's reject: counted and logged for the operator, believed in nothing. */
    private void rejected(DidKey from, SyncMessage.Reject reject) {
        traffic.reject(ChainTraffic.Direction.IN, reject.code());
        LOG.log(System.Logger.Level.DEBUG, () -> from + " refused " + reject.id().hex() + ": "
                + ChainRejectCode.of(reject.code()).map(ChainRejectCode::label).orElse("code " + reject.code())
                + " " + reject.reason());
    }

    /** A block fetch's answer, already on the sync thread. */
    private void delivered(TransportPort.Delivery delivery) {
        try {
            chain.exclusive(() -> {
                followLinks();
                Bytes32 tipBefore = chain.tip().hash();
                sync.receive(delivery.from(), delivery.message());
                if (!chain.tip().hash().equals(tipBefore)) {
                    // a block it served moved the tip: the inbound eviction protects peers that relay new blocks,
                    // and this node asks the last few to push it new tips unannounced
                    keeper.usefulBlock(TransportPort.key(delivery.from()));
                    compacts.deliveredFirst(TransportPort.key(delivery.from()));
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a chain sync step failed", e);
        }
    }

    /** Announced ids as block hashes; null (and the peer charged) when one is not 32 bytes. */
    private List<Bytes32> hashes(DidKey from, List<byte[]> ids) {
        for (byte[] id : ids) {
            if (id.length != Bytes32.LENGTH) {
                node.report(from, Offence.MALFORMED, "an announced id of " + id.length + " bytes, not 32");
                return null;
            }
        }
        return ids.stream().map(Bytes32::of).toList();
    }

    /** Once a second: links that came up or went, the sync's tick, the tip for hello, the bootstrap peers. */
    private void crank() {
        try {
            chain.exclusive(() -> {
                followLinks();
                sync.tick();
                parts.tick(++cranks);
                compacts.tick();
                transactionRelay.crank();
                roundTrips = measuredRoundTrips();
                progress = SyncProgress.of(chain.tip().height(), node.peers(), sync.syncing(), sync.headersHeld());
                return null;
            });
            BlockNode tip = chain.tip();
            node.setBest(tip.height(), tip.hash().toArray());
            taskDatasets.crank(cranks);
            if (!tip.hash().equals(lastTip)) {
                lastTip = tip.hash();
                taskDatasets.tipMoved(tip);     // a posted task's dataset: fetched from peers if not held
                keeper.blockArrived();   // the stale-tip watch: no new tip for p2p.stale_tip_after_ms adds a peer
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the chain network's crank failed", e);
        }
    }

    /** The best round trip the keeper's pings measured to each linked peer, in nanoseconds. */
    private Map<PeerId, Long> measuredRoundTrips() {
        Map<PeerId, Long> measured = new HashMap<>();
        keeper.peers().stream().filter(peer -> peer.minRtt() != null)
                .forEach(peer -> measured.put(TransportPort.peer(peer.peerId()), peer.minRtt().toNanos()));
        return Map.copyOf(measured);
    }

    private OptionalLong roundTrip(PeerId peer) {
        Long nanos = roundTrips.get(peer);
        return nanos == null ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    /**
     * Tells the sync of the links that came up or went since it was last told, on the sync thread under the chain's
     * lock. Each crank does, and so does a block's relay and import first: on a fast machine a link can come up, be
     * asked to push and be owed a new tip all within one crank, and the sync pushes only to the peers it knows.
     */
    private void followLinks() {
        Set<DidKey> now = node.peers().stream().map(PeerInfo::peerId).collect(Collectors.toSet());
        Set<DidKey> before = linked;
        linked = now;
        for (DidKey gone : before) {
            if (!now.contains(gone)) {
                budgets.forget(gone);
                transactionRelay.peerGone(gone);
                parts.forget(TransportPort.peer(gone));
                compacts.forget(TransportPort.peer(gone));
                sync.peerDisconnected(TransportPort.peer(gone));
            }
        }
        for (DidKey up : now) {
            if (!before.contains(up)) {
                sync.peerConnected(TransportPort.peer(up));
            }
        }
    }

    private void onSyncThread(Runnable step) {
        try {
            syncThread.execute(() -> {
                try {
                    chain.exclusive(() -> {
                        step.run();
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a chain sync step failed", e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // closing
        }
    }

    public int port() {
        return node.port();
    }

    public DidKey self() {
        return node.self();
    }

    public List<PeerInfo> peers() {
        return node.peers();
    }

    /** Blocks peers served that were invalid as signed: their signers are at fault (docs/network.md §4). */
    public List<SignerFault> signerFaults() {
        return runOnSyncThread(sync::signerFaults);
    }

    /** The initial-sync figure as of the last crank (at most a second old). */
    public SyncProgress progress() {
        return progress;
    }

    /** Fee-paying transaction fetches in flight (at most {@value #MAX_TX_FETCHES}); for tests and the operator. */
    public int feeTransactionFetches() {
        return transactionRelay.feeTransactionFetches();
    }

    /** Transactions held for a nonce gap (at most {@value OrphanTransactions#MAX_ORPHANS}); for tests and metrics. */
    public int orphanTransactions() {
        return transactionRelay.orphanTransactions();
    }

    /**
     * Transaction announcements dropped so far under overload (a peer's waiting list full, or forgotten after its
     * fetch failed); each such peer's inventory is asked for them again (docs/network.md §4, "Overload").
     */
    public long droppedTxAnnouncements() {
        return transactionRelay.droppedAnnouncements();
    }

    /** The peers that asked this node to push them new tips unannounced (BIP 152 high-bandwidth). */
    public Set<DidKey> pushingCompactBlocksTo() {
        return compacts.pushingTo();
    }

    /** The peers this node asked to push it new tips unannounced, the one that delivered least lately first. */
    public List<DidKey> highBandwidthPeers() {
        return runOnSyncThread(compacts::highBandwidthPeers);
    }

    /** The transport's own view of a peer's standing (for tests and the operator). */
    public int score(DidKey peer) {
        return node.score(peer);
    }

    public boolean banned(DidKey peer) {
        return node.bans().isBanned(peer.toString());
    }

    private <T> T runOnSyncThread(Supplier<T> read) {
        try {
            return syncThread.submit(() -> chain.exclusive(read)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the sync thread did not answer", e);
        }
    }

    /** Connects to a peer now (tests and, later, the operator's {@code add-peer}). */
    public DidKey connect(String host, int port) {
        return node.connect(host, port).join();
    }

    @Override
    public void close() {
        syncThread.shutdownNow();   // the transport is the PeerNetwork's, closed by it
    }
}
