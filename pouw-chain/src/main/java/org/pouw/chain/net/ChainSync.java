package org.pouw.chain.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.importing.ImportResult;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * One node's block sync and propagation over any transport (docs/network.md §3–4), driven by what arrives and by a
 * periodic {@link #tick}:
 *
 * <ul>
 *   <li><b>Sync, header first and in lockstep.</b> One peer at a time, chosen by validated progress
 *       ({@link SyncPeers}), is asked for headers after this node's locator; the headers are taken only within ACT of
 *       a validated block ({@link LockstepHeaders}); their bodies are fetched from that peer, at most
 *       {@link #BODY_WINDOW} at once, and imported in order; then the peer is asked again, until it has nothing new.
 *       The first body that fails ends the session and drops the branch's held headers, so a fake header chain costs
 *       this node one replay, not one per header.</li>
 *   <li><b>Propagation of validated blocks only.</b> A block is announced ({@link SyncMessage.BlockInv}) after the
 *       full import took it, never before; announced blocks are fetched from the announcer and imported; a block
 *       whose parent is unknown starts a session with its sender, which fetches the missing ancestors (bounded by
 *       the lockstep and the importer's orphan pool).</li>
 *   <li><b>Faults.</b> A block invalid as signed is the signer's fault ({@link SignerFault}); the peer that served
 *       it is disconnected and not banned. A copy that is not the block its hash names disconnects its server too.
 *       Bytes that are not the block asked for ban the peer.</li>
 * </ul>
 *
 * <p>Not thread-safe: a node calls it from one thread (or under its chain's lock).
 */
public final class ChainSync {
    /** Block bodies fetched at once from the sync peer. */
    public static final int BODY_WINDOW = 8;
    /** Announced blocks fetched at once, from all peers together; more wait for the next announcement or sync. */
    public static final int MAX_ANNOUNCED_FETCHES = 32;
    /**
     * Announced blocks fetched at once from one peer: a peer that announces and never serves holds no more than
     * this many of the slots above, so it can not stop the node from fetching what honest peers announce.
     */
    public static final int MAX_FETCHES_PER_PEER = 4;
    /** Ticks a sync peer may leave a request unanswered before the session is given up. */
    public static final int STALL_TICKS = 30;
    /** Ticks between two polls of a peer when no session runs: the catch-up for announcements missed. */
    public static final int POLL_TICKS = 5;
    /** Signer faults remembered for the operator. */
    static final int MAX_FAULTS = 256;

    private final SyncedChain chain;
    private final PeerMessages<SyncMessage> peers;
    private final PeerPenalties penalties;
    private final FaultEvidence evidence;
    private final LockstepHeaders lockstep;
    private final ChainLocator locator;
    private final SyncPeers progress = new SyncPeers();
    private final Set<PeerId> connected = new LinkedHashSet<>();
    /** Blocks asked for and not yet answered, by whom they were asked of. */
    private final Map<Bytes32, PeerId> inFlight = new HashMap<>();
    private final List<SignerFault> faults = new ArrayList<>();
    private Session session;
    private long ticks;
    private long lastPoll;
    private long imports;

    /** A header-first session with one peer. */
    private static final class Session {
        final PeerId peer;
        boolean awaitingHeaders = true;
        List<Bytes32> batch = List.of();
        final Map<Bytes32, Block> arrived = new HashMap<>();
        int requested;
        int imported;
        int delivered;
        long idleSince;

        Session(PeerId peer, long now) {
            this.peer = peer;
            this.idleSince = now;
        }
    }

    public ChainSync(SyncedChain chain, PeerMessages<SyncMessage> peers, PeerPenalties penalties) {
        this(chain, peers, penalties, FaultEvidence.NONE);
    }

    /** A sync that hands the signed header of every signer at fault to {@code evidence}. */
    public ChainSync(SyncedChain chain, PeerMessages<SyncMessage> peers, PeerPenalties penalties,
                     FaultEvidence evidence) {
        this.chain = chain;
        this.peers = peers;
        this.penalties = penalties;
        this.evidence = evidence;
        this.lockstep = new LockstepHeaders(chain.genesis());
        this.locator = new ChainLocator(chain);
    }

    // ------------------------------------------------------------------------------------------------ peers

    /** A peer's link came up: the first one starts the initial sync. */
    public void peerConnected(PeerId peer) {
        connected.add(peer);
        if (session == null) {
            startSession(peer);
        }
    }

    public void peerDisconnected(PeerId peer) {
        connected.remove(peer);
        inFlight.values().removeIf(peer::equals);
        if (session != null && session.peer.equals(peer)) {
            endSession(false);
        }
    }

    /** The periodic crank: gives up a stalled session and polls a peer when none runs. */
    public void tick() {
        ticks++;
        if (session != null) {
            if (ticks - session.idleSince > STALL_TICKS) {
                abortSession();     // the peer stalled: another is asked at the next poll
            }
            return;
        }
        if (ticks - lastPoll >= POLL_TICKS) {
            progress.choose(connected).ifPresent(this::startSession);
        }
    }

    // ------------------------------------------------------------------------------------------------ messages

    public void receive(PeerId from, SyncMessage message) {
        switch (message) {
            case SyncMessage.BlockInv inv -> announced(from, inv.hashes());
            case SyncMessage.GetHeaders request -> peers.send(from, new SyncMessage.Headers(
                    locator.headersAfter(request.locator(), request.max())));
            case SyncMessage.Headers answer -> headers(from, answer.headers());
            case SyncMessage.GetBlock request -> peers.send(from, chain.block(request.hash())
                    .<SyncMessage>map(block -> new SyncMessage.BlockBody(request.hash(), block.encode()))
                    .orElseGet(() -> new SyncMessage.BlockNotServed(request.hash())));
            case SyncMessage.BlockBody body -> body(from, body.hash(), body.encoded());
            case SyncMessage.BlockNotServed missing -> notServed(from, missing.hash());
            case SyncMessage.Reject ignored -> {
                // information for the operator (the node counts it); nothing a peer says moves the sync
            }
        }
    }

    /** Blocks this node took from elsewhere (its own miner, its API): validated, so announced to every peer. */
    public void blocksAdded(List<Bytes32> hashes) {
        for (Bytes32 hash : hashes) {
            lockstep.validated(hash);
        }
        if (!hashes.isEmpty()) {
            peers.broadcast(new SyncMessage.BlockInv(hashes));
        }
    }

    private void announced(PeerId from, List<Bytes32> hashes) {
        for (Bytes32 hash : hashes) {
            if (inFlight.size() >= MAX_ANNOUNCED_FETCHES + BODY_WINDOW) {
                return;     // the rest comes with the next announcement or sync
            }
            if (chain.node(hash).isPresent() || chain.knownInvalid(hash) || inFlight.containsKey(hash)) {
                continue;
            }
            if (inFlight.values().stream().filter(from::equals).count() >= MAX_FETCHES_PER_PEER) {
                return;
            }
            inFlight.put(hash, from);
            peers.send(from, new SyncMessage.GetBlock(hash));
        }
    }

    private void headers(PeerId from, List<BlockHeader> headers) {
        if (session == null || !session.peer.equals(from) || !session.awaitingHeaders) {
            return;     // unsolicited: ignored (the transport's byte budget bounds what it costs)
        }
        session.awaitingHeaders = false;
        session.idleSince = ticks;
        if (headers.isEmpty()) {
            endSession(true);
            return;
        }
        LockstepHeaders.Verdict verdict = lockstep.offer(chain, headers);
        if (verdict.refused()) {
            verdict.taken().forEach(lockstep::drop);
            endSession(true);
            peers.send(from, SyncMessage.Reject.of(verdict.refusedHeader(),
                    ChainRejectCode.of(verdict.refusal()), verdict.detail()));
            if (verdict.refusal() == LockstepHeaders.Refusal.BAD_HEADER) {
                // a defect found without a replay may show from the signed header alone: slashing evidence
                headers.stream().filter(h -> h.hash(chain.genesis().chainId()).equals(verdict.refusedHeader()))
                        .findFirst().ifPresent(h -> evidence.signerAtFault(h, verdict.detail()));
            }
            penalties.disconnect(from, "served headers refused (" + verdict.refusal() + "): " + verdict.detail());
            return;
        }
        if (verdict.taken().isEmpty()) {
            endSession(true);       // nothing this node lacks: the peer is on our chain, or behind it
            return;
        }
        session.batch = verdict.taken();
        fetchMore();
    }

    private void fetchMore() {
        Session s = session;
        while (s.requested < s.batch.size() && s.requested - s.imported < BODY_WINDOW) {
            Bytes32 hash = s.batch.get(s.requested++);
            inFlight.put(hash, s.peer);
            peers.send(s.peer, new SyncMessage.GetBlock(hash));
        }
    }

    private void body(PeerId from, Bytes32 hash, byte[] encoded) {
        if (!from.equals(inFlight.get(hash))) {
            return;     // not asked of this peer (or already answered)
        }
        inFlight.remove(hash);
        Block block;
        try {
            block = Block.decode(encoded);
        } catch (EncodingException | IllegalArgumentException e) {
            served(from, hash, ChainRejectCode.BLOCK_UNDECODABLE, "bytes that are not a block: " + e.getMessage());
            return;
        }
        if (!block.header().hash(chain.genesis().chainId()).equals(hash)) {
            served(from, hash, ChainRejectCode.BLOCK_NOT_ASKED, "a block whose hash is not the one asked for");
            return;
        }
        if (session != null && session.peer.equals(from) && session.batch.contains(hash)) {
            session.idleSince = ticks;
            session.arrived.put(hash, block);
            importInOrder();
        } else {
            take(from, block, hash);
        }
    }

    private void served(PeerId from, Bytes32 hash, ChainRejectCode code, String what) {
        if (session != null && session.peer.equals(from)) {
            abortSession();
        }
        peers.send(from, SyncMessage.Reject.of(hash, code, what));
        penalties.ban(from, "asked for block " + hash.hex() + ", served " + what);
    }

    private void notServed(PeerId from, Bytes32 hash) {
        if (!from.equals(inFlight.get(hash))) {
            return;
        }
        inFlight.remove(hash);
        if (session != null && session.peer.equals(from) && session.batch.contains(hash)) {
            abortSession();     // it sent the header and will not send the body: ask someone else next time
        }
    }

    private void importInOrder() {
        Session s = session;
        while (s.imported < s.batch.size()) {
            Bytes32 hash = s.batch.get(s.imported);
            Block block = s.arrived.remove(hash);
            if (block == null) {
                break;
            }
            s.imported++;
            if (!take(s.peer, block, hash)) {
                return;     // take() ended the session
            }
        }
        if (session != s) {
            return;
        }
        if (s.imported == s.batch.size()) {
            askHeaders(s);      // the batch is in: ask for what follows, until the peer has nothing new
        } else {
            fetchMore();
        }
    }

    /** Imports a block a peer served; false when it failed (then the session with that peer, if any, is over). */
    private boolean take(PeerId from, Block block, Bytes32 hash) {
        ImportResult result = chain.importBlock(block);
        imports++;
        ServedBlockFault fault = ServedBlockFault.of(result, chain.knownInvalid(hash));
        if (fault == ServedBlockFault.NONE) {
            List<Bytes32> valid = new ArrayList<>();
            int moved = collect(result, valid);
            valid.forEach(lockstep::validated);
            if (moved > 0) {
                progress.delivered(from, moved);
                if (session != null && session.peer.equals(from)) {
                    session.delivered += moved;
                }
            }
            if (!valid.isEmpty()) {
                peers.broadcast(new SyncMessage.BlockInv(valid));
            }
            if (result.status() == ImportStatus.ORPHAN_HELD && session == null) {
                startSession(from);     // its ancestors: fetched header first, within the lockstep
            }
            return true;
        }
        lockstep.drop(hash);
        if (session != null && session.peer.equals(from)) {
            abortSession();
        }
        ChainRejectCode.of(result.refusal()).ifPresent(code -> peers.send(from,
                SyncMessage.Reject.of(hash, code, result.detail())));
        switch (fault) {
            case SIGNER -> {
                if (faults.size() == MAX_FAULTS) {
                    faults.removeFirst();
                }
                faults.add(new SignerFault(block.header().miner(), hash, block.header().height(),
                        result.toString(), from));
                evidence.signerAtFault(block.header(), result.toString());
                penalties.disconnect(from, "served block " + hash.hex() + ", invalid as signed: " + result);
            }
            case COPY -> penalties.disconnect(from, "served a copy of block " + hash.hex()
                    + " that is not the block its hash names: " + result);
            default -> {
                // a timestamp ahead of this node's clock: asked again by a later sync, nobody punished
            }
        }
        return false;
    }

    /** Adds the valid hashes of a result and its connected orphans; returns how many moved the tip. */
    private static int collect(ImportResult result, List<Bytes32> valid) {
        int moved = 0;
        if (result.status() == ImportStatus.ACCEPTED || result.status() == ImportStatus.SIDE_BRANCH) {
            valid.add(result.hash());
            moved += result.status() == ImportStatus.ACCEPTED ? 1 : 0;
        }
        for (ImportResult connected : result.connected()) {
            moved += collect(connected, valid);
        }
        return moved;
    }

    // ------------------------------------------------------------------------------------------------ sessions

    private void startSession(PeerId peer) {
        session = new Session(peer, ticks);
        lastPoll = ticks;
        askHeaders(session);
    }

    private void askHeaders(Session s) {
        s.awaitingHeaders = true;
        s.batch = List.of();
        s.arrived.clear();
        s.requested = 0;
        s.imported = 0;
        s.idleSince = ticks;
        peers.send(s.peer, new SyncMessage.GetHeaders(locator.locator(), SyncCodec.MAX_HEADERS));
    }

    /** The session failed: its held headers not yet imported are dropped (another peer may serve them honestly). */
    private void abortSession() {
        Session s = session;
        for (int i = s.imported; i < s.batch.size(); i++) {
            lockstep.drop(s.batch.get(i));
            inFlight.remove(s.batch.get(i));
        }
        endSession(false);
        progress.sessionEnded(s.peer, false);
    }

    private void endSession(boolean answered) {
        Session s = session;
        session = null;
        lastPoll = ticks;
        if (answered) {
            progress.sessionEnded(s.peer, s.delivered > 0);
        }
    }

    // ------------------------------------------------------------------------------------------------ views

    /** Blocks found invalid as signed, newest last (at most {@value #MAX_FAULTS}). */
    public List<SignerFault> signerFaults() {
        return List.copyOf(faults);
    }

    /** Blocks this sync handed to the import (valid or not): what a fake chain costs the node is counted here. */
    public long imports() {
        return imports;
    }

    public int headersHeld() {
        return lockstep.size();
    }

    public boolean syncing() {
        return session != null;
    }

    public SyncPeers progress() {
        return progress;
    }
}
