package org.pouw.node.net;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.HeaderDefect;
import org.pouw.chain.block.HeaderRules;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.net.BlockPushTargets;
import org.pouw.chain.net.BlockTxnRequest;
import org.pouw.chain.net.BlockTxns;
import org.pouw.chain.net.CompactBlock;
import org.pouw.chain.net.CompactBlockAssembly;
import org.pouw.chain.net.PeerId;
import org.pouw.chain.net.SyncMessage;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;
import org.pouw.node.chain.ChainService;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.Offence;

/**
 * Compact blocks (docs/network.md §4, "Compact blocks"; BIP 152): a new tip sent as its header and short transaction
 * ids, rebuilt by the receiver from the transactions it took lately, the missing ones asked of the sender with
 * {@code get_block_txn} and answered with {@code block_txn}; a rebuild that can not finish falls back to the whole
 * block, fetched by the sync from the block's announcers.
 *
 * <p>Both of BIP 152's modes. <b>High-bandwidth</b>: this node asks the last few peers that gave it a new tip first
 * ({@link HighBandwidthPeers}) to push it new tips unannounced ({@code send_compact} 1), and pushes its own new tips
 * only to the peers that asked it so ({@link #pushTargets}). <b>Low-bandwidth</b>: every other peer hears a new tip's
 * hash; one that lacks it asks the announcer for the compact block on the bulk stream ({@link CompactBlockAsks}), and
 * an announcer that does not serve it in time is charged {@link Offence#NOT_SERVED} and the block fetched whole from
 * its other announcers. While the sync is catching up (it holds headers ahead of their bodies), announcements take
 * the sync's way (whole bodies in its window); a poll of a peer that has nothing new does not count.
 *
 * <p>Its state is used on the sync thread only, but for {@link #compactFor}, {@link #pushTargets} and the
 * {@code send_compact} handler, which touch only thread-safe parts.
 */
final class CompactBlockRelay {
    private static final System.Logger LOG = System.getLogger(CompactBlockRelay.class.getName());

    private final PeerNode node;
    private final ChainService chain;
    private final Bytes32 chainId;
    /** Whether new tips larger than a frame are pushed as compact blocks (received ones are always rebuilt). */
    private final boolean enabled;
    private final RecentTransactions transactions;
    private final ChainTraffic traffic;
    private final ChainBudgets budgets;
    /** Hands a message to the sync as if its peer had sent it (an announcement, a rebuilt block). */
    private final BiConsumer<PeerId, SyncMessage> toSync;
    /** Runs a step on the sync thread under the chain's lock. */
    private final Consumer<Runnable> onSyncThread;
    /** The crank's count: the assembly's clock. */
    private final LongSupplier cranks;
    /** Compact blocks being rebuilt. */
    private final CompactBlockAssembly compacts;
    /** The header checks a compact block passes before it is rebuilt. */
    private final HeaderRules headerRules;
    /** Each compact block's nonce, drawn afresh for every push to every peer (its short ids' salt). */
    private final SecureRandom nonces = new SecureRandom();
    /** The peers this node asked to push it new tips (high-bandwidth), chosen by who delivered first lately. */
    private final HighBandwidthPeers highBandwidth;
    /** The peers that asked this node to push them new tips; written by the transport's threads. */
    private final Set<DidKey> pushTo = ConcurrentHashMap.newKeySet();
    /** Compact blocks asked of their announcers (low-bandwidth). */
    private final CompactBlockAsks asks = new CompactBlockAsks();

    CompactBlockRelay(PeerNode node, ChainService chain, boolean enabled, int highBandwidthPeers,
                      RecentTransactions transactions, ChainTraffic traffic, ChainBudgets budgets,
                      BiConsumer<PeerId, SyncMessage> toSync, Consumer<Runnable> onSyncThread, LongSupplier cranks) {
        this.node = node;
        this.chain = chain;
        this.chainId = chain.genesis().chainId();
        this.enabled = enabled;
        this.transactions = transactions;
        this.traffic = traffic;
        this.budgets = budgets;
        this.toSync = toSync;
        this.onSyncThread = onSyncThread;
        this.cranks = cranks;
        this.compacts = new CompactBlockAssembly(chainId);
        this.headerRules = new HeaderRules(chainId, chain.genesis().tickets().maxTicketsPerStep());
        this.highBandwidth = new HighBandwidthPeers(enabled ? highBandwidthPeers : 0);
    }

    void wire(InboundPayloads inbound) {
        inbound.on(ChainNetwork.COMPACT_BLOCK, ChainTraffic.Kind.COMPACT_BLOCK, ChainBudgets.Inbound.WHOLE_BLOCK,
                CompactBlock::decode, this::pushed);
        inbound.on(ChainNetwork.GET_BLOCK_TXN, ChainTraffic.Kind.GET_BLOCK_TXN, ChainBudgets.Inbound.GET_BLOCK_TXN,
                BlockTxnRequest::decode, this::blockTxnsAsked);
        inbound.on(ChainNetwork.BLOCK_TXN, ChainTraffic.Kind.BLOCK_TXN, ChainBudgets.Inbound.WHOLE_BLOCK,
                BlockTxns::decode, (from, answer) -> onSyncThread.accept(() ->
                        outcome(compacts.answered(TransportPort.peer(from), answer), true)));
        inbound.on(ChainNetwork.SEND_COMPACT, ChainTraffic.Kind.SEND_COMPACT, ChainBudgets.Inbound.SEND_COMPACT,
                CompactBlockRelay::decodeSendCompact, (from, push) -> {
                    if (push) {
                        pushTo.add(from);
                    } else {
                        pushTo.remove(from);
                    }
                });
    }

    /** {@code send_compact}: one byte, 1 "push me new tips unannounced", 0 "announce them to me". */
    static boolean decodeSendCompact(byte[] body) {
        if (body.length != 1 || (body[0] != 0 && body[0] != 1)) {
            throw new EncodingException("send_compact is one byte, 0 or 1; got " + body.length + " bytes");
        }
        return body[0] == 1;
    }

    /**
     * The peers a new tip is pushed to unannounced: with compact blocks on, those that asked this node to (their
     * choice, as in BIP 152), ranked as the sync ranks them; without, the sync's own few.
     */
    List<PeerId> pushTargets(List<PeerId> ranked) {
        if (!enabled) {
            return BlockPushTargets.MOST_DELIVERED.choose(ranked);
        }
        return ranked.stream().filter(peer -> pushTo.contains(TransportPort.key(peer))).toList();
    }

    /** The peers that asked this node to push them new tips (for tests and the operator). */
    Set<DidKey> pushingTo() {
        return Set.copyOf(pushTo);
    }

    /** The peers this node asked to push it new tips, the one that delivered least lately first. */
    List<DidKey> highBandwidthPeers() {
        return highBandwidth.chosen();
    }

    /**
     * Block hashes a peer announced, on the sync thread: those the sync is to take (it fetches them whole). A hash
     * being rebuilt waits for its rebuild; with compact blocks on and no catch-up under way, an unknown one is asked
     * of the announcer as a compact block (low-bandwidth), or waits for an ask of another announcer.
     */
    List<Bytes32> announced(PeerId peer, List<Bytes32> hashes, boolean catchingUp) {
        List<Bytes32> forSync = new ArrayList<>();
        for (Bytes32 hash : hashes) {
            if (compacts.holdsBack(peer, hash)) {
                continue;
            }
            if (!enabled || catchingUp || chain.node(hash).isPresent() || chain.knownInvalid(hash)) {
                forSync.add(hash);
                continue;
            }
            switch (asks.announced(peer, hash, cranks.getAsLong())) {
                case ASK -> ask(peer, hash);
                case WAIT -> {
                }
                case TO_SYNC -> forSync.add(hash);
            }
        }
        return forSync;
    }

    /** Asks the announcer for the compact block on the bulk stream; its answer is rebuilt on the sync thread. */
    private void ask(PeerId announcer, Bytes32 hash) {
        traffic.count(ChainTraffic.Direction.OUT, ChainTraffic.Kind.GET_COMPACT_BLOCK, 1, Bytes32.LENGTH);
        node.fetch(TransportPort.key(announcer), ChainNetwork.COMPACT_BLOCK_BY_HASH, hash.toArray())
                .whenComplete((bytes, failure) -> onSyncThread.accept(() -> {
                    Optional<List<PeerId>> others = asks.answered(announcer, hash);
                    if (others.isEmpty()) {
                        return;     // given up already (late, or its link went): the fallback ran then
                    }
                    if (bytes == null && !node.isConnected(TransportPort.key(announcer))) {
                        fetchWhole(hash, others.get());     // its link went: no fault of an announcer
                        return;
                    }
                    if (bytes == null) {
                        unserved(new CompactBlockAsks.Unserved(announcer, hash, others.get()), "not served");
                        return;
                    }
                    traffic.count(ChainTraffic.Direction.IN, ChainTraffic.Kind.COMPACT_BLOCK, 1, bytes.length);
                    askedFor(announcer, hash, bytes, others.get());
                }));
    }

    /** A compact block served as asked: rebuilt, its other announcers kept for a fallback. */
    private void askedFor(PeerId announcer, Bytes32 hash, byte[] bytes, List<PeerId> others) {
        CompactBlock compact;
        try {
            compact = CompactBlock.decode(bytes);
        } catch (EncodingException | IllegalArgumentException e) {
            node.report(TransportPort.key(announcer), Offence.MALFORMED, "compact_block: " + e.getMessage());
            fetchWhole(hash, others);
            return;
        }
        if (!compact.hash(chainId).equals(hash)) {
            node.report(TransportPort.key(announcer), Offence.MALFORMED, "asked for compact block " + hash.hex()
                    + ", served another");
            fetchWhole(hash, others);
            return;
        }
        List<PeerId> announcers = new ArrayList<>();
        announcers.add(announcer);
        announcers.addAll(others);
        rebuild(announcer, compact, announcers);
    }

    /**
     * An ask not served, or not in time: the announcer charged a little (an honest one fails now and then), and the
     * block fetched whole from the others that announced it; with none, the next announcement is asked again.
     */
    private void unserved(CompactBlockAsks.Unserved ask, String why) {
        traffic.compactBlock(ChainTraffic.CompactOutcome.NOT_SERVED);
        node.report(TransportPort.key(ask.announcer()), Offence.NOT_SERVED, "announced block " + ask.hash().hex()
                + ", its compact block " + why);
        fetchWhole(ask.hash(), ask.others());
    }

    /** A crank: rebuilds and asks waiting too long fall back to the whole block. */
    void tick() {
        compacts.tick(cranks.getAsLong()).forEach(expired -> outcome(expired, false));
        asks.tick(cranks.getAsLong()).forEach(late -> unserved(late, "not served in "
                + CompactBlockAsks.EXPIRY_TICKS + " ticks"));
    }

    /**
     * {@code peer} gave this node a new tip first: it becomes (or stays) one of the high-bandwidth peers, and those
     * whose standing changed are told.
     */
    void deliveredFirst(DidKey peer) {
        for (HighBandwidthPeers.Change change : highBandwidth.deliveredFirst(peer)) {
            byte[] body = {(byte) (change.highBandwidth() ? 1 : 0)};
            if (node.send(change.peer(), ChainNetwork.SEND_COMPACT, body)) {
                traffic.count(ChainTraffic.Direction.OUT, ChainTraffic.Kind.SEND_COMPACT, 1, body.length);
            }
        }
    }

    /** A peer's link went: its rebuilds and asks fall back to the block's other announcers, at no charge. */
    void forget(PeerId peer) {
        compacts.forget(peer).forEach(f -> outcome(f, false));
        asks.forget(peer).forEach(gone -> fetchWhole(gone.hash(), gone.others()));
        highBandwidth.forget(TransportPort.key(peer));
        pushTo.remove(TransportPort.key(peer));
    }

    /**
     * A pushed block's compact form for one peer, salted with a fresh nonce, when compact blocks are on and it fits
     * one frame: the transactions that never passed through this node's mempool go whole (a miner's own, say), the
     * others as short ids.
     */
    Optional<byte[]> compactFor(byte[] encoded) {
        if (!enabled) {
            return Optional.empty();
        }
        byte[] compact = CompactBlock.of(Block.decode(encoded), chainId, nonces.nextLong(),
                id -> !transactions.holds(id)).encode();
        return compact.length <= ChainNetwork.MAX_WHOLE_BLOCK_BYTES ? Optional.of(compact) : Optional.empty();
    }

    /** A held block's compact form, for a peer that asks for it after its announcement (any size: bulk stream). */
    Optional<byte[]> compactOf(Bytes32 hash) {
        return chain.block(hash).map(block -> CompactBlock.of(block, chainId, nonces.nextLong(),
                id -> !transactions.holds(id)).encode());
    }

    /**
     * A compact block a peer pushed: rebuilt on the sync thread from the transactions this node took lately, the
     * missing ones asked of the sender. One this node holds, knows invalid or can not connect (its parent unknown) is
     * dropped unread: its announcement takes the sync's way.
     */
    private void pushed(DidKey from, CompactBlock compact) {
        onSyncThread.accept(() -> rebuild(TransportPort.peer(from), compact, List.of()));
    }

    /**
     * Rebuilds a compact block from {@code from}. One that can not be rebuilt here (its parent unknown, its header
     * unfit) is left to the sync as {@code announcers}' announcements: pushed ones have theirs on the way anyway,
     * asked-for ones were held back for it.
     */
    private void rebuild(PeerId from, CompactBlock compact, List<PeerId> announcers) {
        Bytes32 hash = compact.hash(chainId);
        if (chain.node(hash).isPresent() || chain.knownInvalid(hash)) {
            return;
        }
        Optional<BlockNode> parent = chain.node(compact.header().parent());
        String unfit = parent.isEmpty() ? "its parent is unknown" : headerUnfit(compact.header(), parent.get());
        if (unfit != null) {
            // no rebuild for a header that could not be a block here: the sync fetches it (an orphan's ancestors
            // header first), and the import judges whatever is fetched
            LOG.log(System.Logger.Level.DEBUG, () -> "compact block " + hash.hex() + " not rebuilt: " + unfit);
            fetchWhole(hash, announcers);
            return;
        }
        CompactBlockAssembly.Outcome outcome = compacts.offer(from, compact, transactions.snapshot(),
                cranks.getAsLong());
        announcers.forEach(announcer -> compacts.holdsBack(announcer, hash));     // remembered for a fallback
        outcome(outcome, false);
    }

    /**
     * Why a compact block's header could not head a block on {@code parent}, or null: the checks a header passes
     * before the lockstep takes it (docs/network.md §3) — signature for this chain, the target after its parent,
     * ticket and segment — and its signer's active stake. A rebuild then costs whoever asks for it a ticket under the
     * target from a staked key, as a header does.
     */
    private String headerUnfit(BlockHeader header, BlockNode parent) {
        ChainGenesis genesis = chain.genesis();
        int bits = genesis.asert().nextBits(genesis.anchor(), parent.height(), chain.timestamp(parent));
        HeaderDefect defect = headerRules.check(header, parent.hash(), parent.height(), bits);
        if (defect != null) {
            return defect.toString();
        }
        long stake = parent.state().stake(header.miner()).activeAt(header.height());
        return stake < genesis.block().minimumStake() ? "its signer has " + stake + " active stake" : null;
    }

    /**
     * A peer's request for transactions of a block this node pushed as a compact block. Indexes past the block's end
     * are a lie; an answer larger than a frame, over the peer's outbound budget, or for a block this node does not
     * hold is sent empty: "fetch it whole".
     */
    private void blockTxnsAsked(DidKey from, BlockTxnRequest request) {
        List<Transaction> found = new ArrayList<>();
        Optional<Block> block = chain.block(request.hash());
        if (block.isPresent()) {
            List<Transaction> all = block.get().transactions();
            int[] indexes = request.indexes();
            if (indexes[indexes.length - 1] >= all.size()) {
                node.report(from, Offence.MALFORMED, "get_block_txn: index " + indexes[indexes.length - 1]
                        + " of a block of " + all.size() + " transactions");
                return;
            }
            for (int index : indexes) {
                found.add(all.get(index));
            }
        }
        byte[] answer = new BlockTxns(request.hash(), found).encode();
        if (answer.length > ChainNetwork.MAX_WHOLE_BLOCK_BYTES || !budgets.serve(from, answer.length)) {
            answer = new BlockTxns(request.hash(), List.of()).encode();
        }
        if (node.send(from, ChainNetwork.BLOCK_TXN, answer)) {
            traffic.count(ChainTraffic.Direction.OUT, ChainTraffic.Kind.BLOCK_TXN, 1, answer.length);
        }
    }

    /** What a compact block's rebuild came to, acted on (on the sync thread). */
    private void outcome(CompactBlockAssembly.Outcome outcome, boolean afterAsking) {
        switch (outcome) {
            case CompactBlockAssembly.Outcome.Complete whole -> {
                traffic.compactBlock(afterAsking ? ChainTraffic.CompactOutcome.REBUILT_AFTER_ASKING
                        : ChainTraffic.CompactOutcome.REBUILT);
                toSync.accept(whole.from(), new SyncMessage.WholeBlock(whole.block().encode()));
            }
            case CompactBlockAssembly.Outcome.Ask ask -> {
                byte[] request = ask.request().encode();
                if (node.send(TransportPort.key(ask.to()), ChainNetwork.GET_BLOCK_TXN, request)) {
                    traffic.count(ChainTraffic.Direction.OUT, ChainTraffic.Kind.GET_BLOCK_TXN, 1, request.length);
                }
            }
            case CompactBlockAssembly.Outcome.Fallback fallback -> {
                traffic.compactBlock(ChainTraffic.CompactOutcome.FALLBACK);
                LOG.log(System.Logger.Level.DEBUG, () -> "compact block " + fallback.hash().hex()
                        + " fetched whole: " + fallback.why());
                fetchWhole(fallback.hash(), fallback.announcers());
            }
            case CompactBlockAssembly.Outcome.Lie lie -> {
                traffic.compactBlock(ChainTraffic.CompactOutcome.LIE);
                node.report(TransportPort.key(lie.from()), Offence.MALFORMED, lie.what());
                fetchWhole(lie.hash(), lie.others());
            }
            case CompactBlockAssembly.Outcome.Dropped dropped ->
                    LOG.log(System.Logger.Level.DEBUG, () -> "a compact block message dropped: " + dropped.why());
        }
    }

    /** The sync is told of the block's announcers as if they had just announced it: it fetches the block whole. */
    private void fetchWhole(Bytes32 hash, List<PeerId> announcers) {
        for (PeerId announcer : announcers) {
            toSync.accept(announcer, new SyncMessage.BlockInv(List.of(hash)));
        }
    }
}
