package org.pouw.node.net;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.pouw.chain.mempool.MempoolRefusal;
import org.pouw.chain.net.ChainRejectCode;
import org.pouw.chain.net.OpeningAdmission;
import org.pouw.chain.net.SyncCodec;
import org.pouw.chain.net.SyncMessage;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainService;
import org.pouw.node.chain.TxSubmission;
import org.pouw.p2p.ConnectionKeeper;
import org.pouw.p2p.PeerInfo;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.Offence;

/**
 * Transaction relay (docs/network.md §4): announced transactions this node lacks are fetched, each in a slot of its
 * lane — fee-paying ones in one ({@value ChainNetwork#MAX_TX_FETCHES}, {@value ChainNetwork#MAX_TX_FETCHES_PER_PEER}
 * a peer), openings and slashing evidence in the one reserved for them — with announcements past a lane's slots set
 * aside until one comes back; what is fetched is checked (the id asked for, the lane it came in, an opening's cheap
 * checks before its replay) and offered to the mempool, a refusal told to the relay; one held back by a nonce gap
 * waits among the orphans for its sender's earlier transaction; and what the mempool takes is announced to the
 * full-relay peers. Announcements dropped under overload (past a peer's waiting list, or forgotten when its fetch
 * failed) are learnt again from the peer's inventory ({@link TxReconciliation}), so an overload delays transactions
 * but does not lose them. The lanes and waiting lists are used from the transport's threads (they are thread-safe); the
 * checks, the orphans and the openings on the sync thread only.
 */
final class TransactionRelay {
    private final PeerNode node;
    private final ConnectionKeeper keeper;
    private final ChainService chain;
    private final Bytes32 chainId;
    private final RecentTransactions transactions;
    private final ChainTraffic traffic;
    /** Runs a step on the sync thread under the chain's lock. */
    private final Consumer<Runnable> onSyncThread;
    /** The crank's count: the orphans' clock. */
    private final LongSupplier cranks;
    private final TxFetchLane feeLane = new TxFetchLane(ChainNetwork.MAX_TX_FETCHES,
            ChainNetwork.MAX_TX_FETCHES_PER_PEER);
    private final TxFetchLane reservedLane = new TxFetchLane(ChainNetwork.MAX_RESERVED_FETCHES,
            ChainNetwork.MAX_RESERVED_FETCHES_PER_PEER);
    private final WaitingTxAnnouncements feeWaiting = new WaitingTxAnnouncements();
    private final WaitingTxAnnouncements reservedWaiting = new WaitingTxAnnouncements();
    /** Which peers dropped announcements to ask for their inventory, and when. */
    private final TxReconciliation reconciliation = new TxReconciliation();
    /** Announcements dropped since the start (a waiting list full, or forgotten after a failed fetch). */
    private final AtomicLong droppedAnnouncements = new AtomicLong();
    /** Relayed transactions waiting for their sender's earlier ones; used on the sync thread only. */
    private final OrphanTransactions orphans = new OrphanTransactions(reconciliation::lost);
    /** Relayed openings that may go on to the mempool's replay; used on the sync thread only. */
    private final OpeningAdmission openings = new OpeningAdmission();
    /** The orphan pool's size as of the sync thread's last change to it. */
    private volatile int orphansHeld;

    TransactionRelay(PeerNode node, ConnectionKeeper keeper, ChainService chain, RecentTransactions transactions,
                     ChainTraffic traffic, Consumer<Runnable> onSyncThread, LongSupplier cranks) {
        this.node = node;
        this.keeper = keeper;
        this.chain = chain;
        this.chainId = chain.genesis().chainId();
        this.transactions = transactions;
        this.traffic = traffic;
        this.onSyncThread = onSyncThread;
        this.cranks = cranks;
    }

    /** The mempool took a transaction (from a peer, the API or a block's leftovers): kept to serve, and announced. */
    void taken(Bytes32 id, byte[] encoded) {
        transactions.add(id, encoded);
        Transaction taken = Transaction.decode(encoded);
        if (orphansHeld > 0) {
            // none held, none to release: an orphan is held under the chain's lock in the same step as its
            // gap was found, so a parent taken after that step sees the count, and one taken before left no gap
            onSyncThread.accept(() -> releaseChildren(taken.sender(), taken.nonce()));
        }
        // relayed once the mempool took it, never before; block-relay-only peers hear of blocks alone;
        // openings and evidence in the lane reserved for them
        int type = reserved(taken) ? ChainNetwork.RESERVED_TX : ChainNetwork.TX;
        int told = node.announce(type, id.toArray(), peer -> !keeper.isBlockRelayOnly(peer));
        traffic.count(ChainTraffic.Direction.OUT, ChainTraffic.Kind.TX_INV, told, (long) told * Bytes32.LENGTH);
    }

    /** A peer's link went: what it announced and what it relayed into the orphans go with it. */
    void peerGone(DidKey gone) {
        feeWaiting.forget(gone);
        reservedWaiting.forget(gone);
        reconciliation.forget(gone);
        orphans.forget(gone);
        orphansHeld = orphans.size();
    }

    /** A crank, on the sync thread: orphans held too long go; peers that dropped announcements are asked again. */
    void crank() {
        orphans.expire(cranks.getAsLong());
        orphansHeld = orphans.size();
        Set<DidKey> linked = node.peers().stream().map(PeerInfo::peerId).collect(Collectors.toSet());
        for (DidKey peer : reconciliation.due(cranks.getAsLong(), linked, feeWaiting::size,
                WaitingTxAnnouncements.MAX_PER_PEER)) {
            askInventory(peer);
        }
        // ids set aside while a concurrent drain held the last free slot are fetched here at the latest: otherwise
        // a list left at or over half full with nothing in flight would never be fetched nor let an ask through
        fetchWaiting(false);
        fetchWaiting(true);
    }

    /**
     * Asks {@code peer} for the transactions it can serve and keeps those this node lacks waiting, as if announced
     * again (in the fee lane: an opening or evidence among them is still checked as one when fetched).
     */
    private void askInventory(DidKey peer) {
        traffic.count(ChainTraffic.Direction.OUT, ChainTraffic.Kind.TX_INVENTORY, 1, TxInventory.REQUEST.length);
        node.fetch(peer, ChainNetwork.TX_INVENTORY, TxInventory.REQUEST).whenComplete((bytes, failure) -> {
            if (bytes == null) {
                reconciliation.failed(peer);
                return;
            }
            traffic.count(ChainTraffic.Direction.IN, ChainTraffic.Kind.TX_INVENTORY, 1, bytes.length);
            List<Bytes32> ids;
            try {
                ids = TxInventory.decode(bytes);
            } catch (IllegalArgumentException e) {
                reconciliation.failed(peer);
                node.report(peer, Offence.MALFORMED, "asked for its transaction inventory, served " + e.getMessage());
                return;
            }
            int missing = 0;
            for (Bytes32 id : ids) {
                if (!transactions.holds(id)) {
                    missing++;
                    // past the list's bound the rest waits for the next round (TxReconciliation.answered)
                    feeWaiting.add(peer, id);
                }
            }
            reconciliation.answered(peer, missing);
            fetchWaiting(false);
        });
    }

    /** Announcements dropped so far (a peer's waiting list full, or forgotten after its fetch failed). */
    long droppedAnnouncements() {
        return droppedAnnouncements.get();
    }

    /** Fee-paying transaction fetches in flight. */
    int feeTransactionFetches() {
        return feeLane.inFlight();
    }

    /** Tells a peer why its transaction was refused, before any penalty. */
    private void rejectTransaction(DidKey to, Bytes32 id, ChainRejectCode code, String reason) {
        SyncMessage.Reject reject = SyncMessage.Reject.of(id, code, reason);
        byte[] body = SyncCodec.encode(reject);
        if (node.send(to, ChainNetwork.REJECT, body)) {
            traffic.count(ChainTraffic.Direction.OUT, ChainTraffic.Kind.REJECT, 1, body.length);
            traffic.reject(ChainTraffic.Direction.OUT, reject.code());
        }
    }

    /** The reject code of a refused submission: a mempool refusal's own, or a transaction rule's (invalid). */
    static Optional<ChainRejectCode> rejectCode(TxSubmission refused) {
        for (MempoolRefusal refusal : MempoolRefusal.values()) {
            if (refusal.name().equals(refused.reason())) {
                return ChainRejectCode.of(refusal);
            }
        }
        return Optional.of(ChainRejectCode.TX_INVALID);
    }

    /** What the mempool did with an admitted opening: refusals it gives before the rules run cost no replay. */
    static OpeningAdmission.Replay replayOf(TxSubmission submission) {
        if (submission.isAccepted()) {
            return OpeningAdmission.Replay.TAKEN;
        }
        return switch (String.valueOf(submission.reason())) {
            case "NONCE_GAP", "REPLACEMENT_UNDERPRICED", "SENDER_FULL", "ALREADY_PENDING" ->
                    OpeningAdmission.Replay.NOT_REPLAYED;
            default -> OpeningAdmission.Replay.FAILED;
        };
    }

    /** Whether a transaction travels in the lane reserved for openings and slashing evidence. */
    static boolean reserved(Transaction tx) {
        return tx.body() instanceof AuditOpen || tx.body() instanceof Slash;
    }

    /**
     * Fetches announced transactions this node does not hold, each in a slot of its lane: openings and evidence in
     * the reserved one, so a flood of fee-paying announcements from many peers can not keep them out.
     */
    void announced(DidKey from, List<Bytes32> wanted, boolean inReservedLane) {
        TxFetchLane lane = inReservedLane ? reservedLane : feeLane;
        WaitingTxAnnouncements waiting = inReservedLane ? reservedWaiting : feeWaiting;
        for (Bytes32 id : wanted) {
            if (transactions.holds(id)) {
                continue;
            }
            if (lane.take(from)) {
                fetchTransaction(from, id, inReservedLane);
            } else if (!waiting.add(from, id)) {
                // the peer's list is full: learnt again from its inventory once the list has room
                droppedAnnouncements.incrementAndGet();
                reconciliation.dropped(from);
            }
        }
        fetchWaiting(inReservedLane);       // slots that came back while these were set aside
    }

    /** Fetches a transaction a slot of its lane was taken for; when the slot comes back, a waiting id takes it. */
    private void fetchTransaction(DidKey from, Bytes32 id, boolean inReservedLane) {
        TxFetchLane lane = inReservedLane ? reservedLane : feeLane;
        node.fetch(from, inReservedLane ? ChainNetwork.RESERVED_TX : ChainNetwork.TX, id.toArray()).whenComplete((bytes, failure) -> {
            lane.release(from);
            if (bytes == null) {
                // not served (or the link went): what else it announced is forgotten, which keeps a failing peer's
                // completions from draining its list here one by one; its inventory is asked for them later (a
                // relay over its outbound budget refuses for a while, and the transport tells each id once)
                WaitingTxAnnouncements waiting = inReservedLane ? reservedWaiting : feeWaiting;
                droppedAnnouncements.addAndGet(1 + waiting.size(from));
                waiting.forget(from);
                reconciliation.dropped(from);
            } else {
                traffic.count(ChainTraffic.Direction.IN, ChainTraffic.Kind.TX_BODY, 1, bytes.length);
                onSyncThread.accept(() -> fetchedTransaction(from, id, bytes, inReservedLane));
            }
            fetchWaiting(inReservedLane);
        });
    }

    /** Gives free slots of a lane to the ids waiting for them, peer by peer while each peer's share allows. */
    private void fetchWaiting(boolean inReservedLane) {
        TxFetchLane lane = inReservedLane ? reservedLane : feeLane;
        WaitingTxAnnouncements waiting = inReservedLane ? reservedWaiting : feeWaiting;
        for (DidKey peer : waiting.peers()) {
            while (lane.take(peer)) {
                Optional<Bytes32> id = waiting.next(peer, transactions::holds);
                if (id.isEmpty()) {
                    lane.release(peer);
                    break;
                }
                fetchTransaction(peer, id.get(), inReservedLane);
            }
        }
    }

    private void fetchedTransaction(DidKey from, Bytes32 id, byte[] bytes, boolean inReservedLane) {
        Transaction tx;
        try {
            tx = Transaction.decode(bytes);
        } catch (RuntimeException e) {
            rejectTransaction(from, id, ChainRejectCode.TX_UNDECODABLE, "not a transaction: " + e.getMessage());
            node.report(from, Offence.MALFORMED, "asked for transaction " + id.hex() + ", served no transaction");
            return;
        }
        if (!tx.id(chainId).equals(id)) {
            rejectTransaction(from, id, ChainRejectCode.TX_NOT_ASKED, "another transaction than the one asked for");
            node.report(from, Offence.MALFORMED, "asked for transaction " + id.hex() + ", served another");
            return;
        }
        if (inReservedLane && !reserved(tx)) {
            // a fee-paying transaction passed off as an opening or evidence, to take the capacity kept for them
            rejectTransaction(from, id, ChainRejectCode.TX_NOT_RESERVED, "a " + tx.kind()
                    + " announced as an opening or evidence");
            node.report(from, Offence.MALFORMED, "announced transaction " + id.hex() + " in the reserved lane, a "
                    + tx.kind());
            return;
        }
        OpeningAdmission.Verdict admitted = tx.body() instanceof AuditOpen
                ? openings.admit(tx, chain::precheckOpening) : null;
        if (admitted != null && !admitted.admitted()) {
            // before its replay; no fault of the relay, whose tip (and so its audits) may differ from ours
            rejectTransaction(from, id, ChainRejectCode.TX_OPENING_NOT_ADMITTED, admitted.refusal());
            return;
        }
        // the mempool's own checks decide; a refusal is no fault of the relay (its tip may differ from ours)
        TxSubmission submission = chain.submitTx(bytes);
        if (admitted != null) {
            openings.replayed(tx, replayOf(submission));
        }
        if (submission.isAccepted()) {
            keeper.usefulTransaction(from);
            reconciliation.taken(from);
        } else if (!inReservedLane && "NONCE_GAP".equals(submission.reason())
                && orphans.hold(from, id, tx, bytes, cranks.getAsLong())) {
            orphansHeld = orphans.size();      // taken when the transaction before it is (releaseChildren)
        } else {
            if ("NONCE_GAP".equals(submission.reason()) && !orphans.holds(id)) {
                // neither taken nor held: learnt again from the peer's inventory once its gap can close
                reconciliation.lost(from);
            }
            rejectCode(submission).ifPresent(code -> rejectTransaction(from, id, code,
                    submission.reason() + ": " + submission.message()));
        }
    }

    /** The sender's transaction {@code nonce} was taken: the orphans right after it go to the mempool now. */
    private void releaseChildren(Bytes32 sender, long nonce) {
        for (OrphanTransactions.Orphan child : orphans.takeChildren(sender, nonce)) {
            // a child taken here is announced, and its own children released, by the taken listener
            if (chain.submitTx(child.bytes()).isAccepted()) {
                keeper.usefulTransaction(child.from());
                reconciliation.taken(child.from());
            }
        }
        orphansHeld = orphans.size();
    }

    /** After a block: orphans whose gap it closed are taken; those still short of a nonce wait on. */
    void blockTaken() {
        for (OrphanTransactions.Orphan orphan : orphans.all()) {
            TxSubmission submission = chain.submitTx(orphan.bytes());
            if (!"NONCE_GAP".equals(submission.reason())) {
                orphans.remove(orphan.id());
                if (submission.isAccepted()) {
                    keeper.usefulTransaction(orphan.from());
                    reconciliation.taken(orphan.from());
                }
            }
        }
        orphansHeld = orphans.size();
    }

    /** Transactions held for a nonce gap (at most {@value OrphanTransactions#MAX_ORPHANS}); for tests and metrics. */
    int orphanTransactions() {
        return orphansHeld;
    }
}
