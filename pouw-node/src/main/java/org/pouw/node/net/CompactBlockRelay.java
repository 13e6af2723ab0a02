package org.pouw.node.net;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.HeaderDefect;
import org.pouw.chain.block.HeaderRules;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.net.BlockTxnRequest;
import org.pouw.chain.net.BlockTxns;
import org.pouw.chain.net.CompactBlock;
import org.pouw.chain.net.CompactBlockAssembly;
import org.pouw.chain.net.PeerId;
import org.pouw.chain.net.SyncMessage;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainService;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.Offence;

/**
 * Compact blocks (docs/network.md §4, "Compact blocks"; BIP 152): a new tip sent as its header and short transaction
 * ids, rebuilt by the receiver from the transactions it took lately, the missing ones asked of the sender with
 * {@code get_block_txn} and answered with {@code block_txn}; a rebuild that can not finish falls back to the whole
 * block, fetched by the sync from the block's announcers. Its state is used on the sync thread only, but for
 * {@link #compactFor}, which reads only thread-safe parts.
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

    CompactBlockRelay(PeerNode node, ChainService chain, boolean enabled, RecentTransactions transactions,
                      ChainTraffic traffic, ChainBudgets budgets, BiConsumer<PeerId, SyncMessage> toSync,
                      Consumer<Runnable> onSyncThread, LongSupplier cranks) {
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
    }

    void wire(InboundPayloads inbound) {
        inbound.on(ChainNetwork.COMPACT_BLOCK, ChainTraffic.Kind.COMPACT_BLOCK, ChainBudgets.Inbound.WHOLE_BLOCK,
                CompactBlock::decode, this::pushed);
        inbound.on(ChainNetwork.GET_BLOCK_TXN, ChainTraffic.Kind.GET_BLOCK_TXN, ChainBudgets.Inbound.GET_BLOCK_TXN,
                BlockTxnRequest::decode, this::blockTxnsAsked);
        inbound.on(ChainNetwork.BLOCK_TXN, ChainTraffic.Kind.BLOCK_TXN, ChainBudgets.Inbound.WHOLE_BLOCK,
                BlockTxns::decode, (from, answer) -> onSyncThread.accept(() ->
                        outcome(compacts.answered(TransportPort.peer(from), answer), true)));
    }

    /** Whether announcements of {@code hash} by {@code peer} wait for the rebuild of its compact block. */
    boolean holdsBack(PeerId peer, Bytes32 hash) {
        return compacts.holdsBack(peer, hash);
    }

    /** A crank: rebuilds waiting too long fall back to the whole block. */
    void tick() {
        compacts.tick(cranks.getAsLong()).forEach(expired -> outcome(expired, false));
    }

    /** A peer's link went: its rebuilds fall back to the block's other announcers. */
    void forget(PeerId peer) {
        compacts.forget(peer).forEach(f -> outcome(f, false));
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

    /**
     * A compact block a peer pushed: rebuilt on the sync thread from the transactions this node took lately, the
     * missing ones asked of the sender. One this node holds, knows invalid or can not connect (its parent unknown) is
     * dropped unread: its announcement takes the sync's way.
     */
    private void pushed(DidKey from, CompactBlock compact) {
        onSyncThread.accept(() -> {
            Bytes32 hash = compact.hash(chainId);
            Optional<BlockNode> parent = chain.node(compact.header().parent());
            if (chain.node(hash).isPresent() || chain.knownInvalid(hash) || parent.isEmpty()) {
                return;
            }
            String unfit = headerUnfit(compact.header(), parent.get());
            if (unfit != null) {
                // no rebuild for a header that could not be a block: its announcement takes the sync's way, and the
                // import judges whatever is fetched
                LOG.log(System.Logger.Level.DEBUG, () -> "compact block " + hash.hex() + " not rebuilt: " + unfit);
                return;
            }
            outcome(compacts.offer(TransportPort.peer(from), compact, transactions.snapshot(), cranks.getAsLong()),
                    false);
        });
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
