package org.pouw.chain.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *       a validated block ({@link LockstepHeaders}); their bodies are fetched from several peers at once in a moving
 *       window ({@link BodyWindow}: a body not served in time, or served wrong, is asked of another peer) and
 *       imported in order; then the sync peer is asked again, until it has nothing new.
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
 * <p>Its parts: {@link BlockRequests} (bodies asked for, timed by {@link BodyDeadline}), {@link SyncSession} (the
 * session's state), {@link NewTipRelay}, {@link ServedFaults} and {@link SignerFaults} (what refused headers and
 * blocks cost their servers and signers), {@link ValidatedBlocks} (what an import validated).
 *
 * <p>Not thread-safe: a node calls it from one thread (or under its chain's lock).
 */
public final class ChainSync {
    /**
     * Ticks a peer may take to start serving a body before it is asked of another peer; once bytes flow, the time a
     * body may take scales with its declared size ({@link BodyDeadline}).
     */
    public static final int BODY_TIMEOUT_TICKS = BodyDeadline.FIRST_BYTES_TICKS;
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
    /** Peers a new tip is pushed to whole: those that delivered new tips most (Bitcoin's high-bandwidth relay). */
    public static final int WHOLE_BLOCK_PEERS = 3;

    private final SyncedChain chain;
    private final PeerMessages<SyncMessage> peers;
    private final PeerPenalties penalties;
    private final SignerFaults faults;
    private final LockstepHeaders lockstep;
    private final ChainLocator locator;
    private final SyncPeers progress = new SyncPeers();
    private final NewTipRelay relay;
    private final ServedFaults servedFaults;
    private final Set<PeerId> connected = new LinkedHashSet<>();
    /** Blocks asked for and not yet answered: of whom, and how their time runs. */
    private final BlockRequests requests = new BlockRequests();
    private SyncSession session;
    private long ticks;
    private long lastPoll;
    private long imports;

    /** What became of a block a peer served. */
    private enum Taken {
        VALID,
        /** This copy was bad, the block may not be: asked of another peer. */
        ASK_ELSEWHERE,
        /** Refused; the session it belonged to, if any, is over. */
        FAILED
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
        this.faults = new SignerFaults(evidence);
        this.lockstep = new LockstepHeaders(chain.genesis());
        this.locator = new ChainLocator(chain);
        this.relay = new NewTipRelay(chain, peers, progress);
        this.servedFaults = new ServedFaults(chain, peers, penalties, faults);
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
        List<Bytes32> lost = requests.dropAllOf(peer);
        if (session == null) {
            return;
        }
        if (session.peer.equals(peer)) {
            endSession(false);
        } else if (session.window != null) {
            lost.stream().filter(session.window::holds).forEach(session.window::lost);
            fetchMore();
        }
    }

    /**
     * The periodic crank: asks another peer for bodies not served in time, gives up a stalled session and polls a
     * peer when none runs.
     */
    public void tick() {
        ticks++;
        // a session's body that has not started and no other peer may serve is left to arrive: only the session's
        // own stall limit gives up on it; one that started and fell behind the floor rate is cut
        List<Map.Entry<Bytes32, BlockRequests.Request>> late = requests.late(ticks, (hash, request) ->
                !inSession(hash) || request.deadline().started()
                        || session.window.askableElsewhere(hash, request.peer(), connected));
        for (Map.Entry<Bytes32, BlockRequests.Request> request : late) {
            requests.remove(request.getKey());
            if (request.getValue().deadline().started()) {
                peers.send(request.getValue().peer(), new SyncMessage.AbandonBlock(request.getKey()));
            }
            if (inSession(request.getKey())) {
                session.window.failed(request.getKey(), request.getValue().peer());
            }
        }
        if (session != null) {
            if (ticks - session.idleSince > STALL_TICKS) {
                abortSession();     // the peer stalled: another is asked at the next poll
            } else if (!late.isEmpty() && session.window != null) {
                fetchMore();
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
            case SyncMessage.WholeBlock pushed -> pushed(from, pushed.encoded());
            case SyncMessage.BlockNotServed missing -> notServed(from, missing.hash());
            case SyncMessage.BodyProgress progress -> bodyProgress(from, progress);
            case SyncMessage.AbandonBlock ignored -> {
                // a local instruction to a transport, meaningless from a peer
            }
            case SyncMessage.Reject ignored -> {
                // information for the operator (the node counts it); nothing a peer says moves the sync
            }
        }
    }

    /**
     * Blocks this node took from elsewhere (its own miner, its API): validated, so relayed — the new tip whole to a
     * few peers, every hash announced to all.
     */
    public void blocksAdded(List<Bytes32> hashes) {
        for (Bytes32 hash : hashes) {
            lockstep.validated(hash);
        }
        relayValidated(hashes, null);
    }

    private void relayValidated(List<Bytes32> valid, PeerId from) {
        relay.relay(valid, from, connected, session != null && session.window != null);
    }

    /** A block pushed whole: checked and imported as a served body is, unless this node has it or judged it. */
    private void pushed(PeerId from, byte[] encoded) {
        Block block;
        try {
            block = Block.decode(encoded);
        } catch (EncodingException | IllegalArgumentException e) {
            peers.send(from, SyncMessage.Reject.of(Bytes32.of(new byte[Bytes32.LENGTH]),
                    ChainRejectCode.BLOCK_UNDECODABLE, "a pushed block: " + e.getMessage()));
            penalties.ban(from, "pushed bytes that are not a block: " + e.getMessage());
            return;
        }
        Bytes32 hash = block.header().hash(chain.genesis().chainId());
        if (chain.node(hash).isPresent() || chain.knownInvalid(hash)) {
            return;     // already judged: a push that crossed an announcement costs its sender nothing
        }
        requests.remove(hash);     // asked of someone already: this copy will do, a later answer is ignored
        if (inSession(hash)) {
            session.idleSince = ticks;
            session.window.arrived(hash, block, from);
            importInOrder();
        } else {
            take(from, block, hash, false);
        }
    }

    private void announced(PeerId from, List<Bytes32> hashes) {
        for (Bytes32 hash : hashes) {
            if (requests.size() >= MAX_ANNOUNCED_FETCHES + BodyWindow.AHEAD) {
                return;     // the rest comes with the next announcement or sync
            }
            if (chain.node(hash).isPresent() || chain.knownInvalid(hash) || requests.contains(hash)) {
                continue;
            }
            if (requests.from(from) >= MAX_FETCHES_PER_PEER) {
                return;
            }
            requests.ask(hash, from, ticks);
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
            servedFaults.headersRefused(from, headers, verdict);
            return;
        }
        if (verdict.taken().isEmpty()) {
            endSession(true);       // nothing this node lacks: the peer is on our chain, or behind it
            return;
        }
        session.window = new BodyWindow(verdict.taken());
        fetchMore();
    }

    /** Asks for the session's bodies while its window and the peers' shares allow. */
    private void fetchMore() {
        SyncSession s = session;
        List<PeerId> sources = new ArrayList<>(List.of(s.peer));     // the sync peer first among equals
        connected.stream().filter(peer -> !peer.equals(s.peer)).forEach(sources::add);
        while (true) {
            Optional<BodyWindow.Ask> ask = s.window.next(sources, requests.busy(s.window::holds));
            if (ask.isEmpty()) {
                break;
            }
            if (requests.contains(ask.get().hash())) {
                continue;   // announced and asked for already: that answer joins the window when it comes
            }
            requests.ask(ask.get().hash(), ask.get().peer(), ticks);
            peers.send(ask.get().peer(), new SyncMessage.GetBlock(ask.get().hash()));
        }
        if (s.window.stranded(sources)) {
            abortSession();     // no linked peer is left to ask for a body: another session, later
        }
    }

    private void body(PeerId from, Bytes32 hash, byte[] encoded) {
        if (requests.askedOf(hash, from) == null) {
            return;     // not asked of this peer (or already answered, or asked of another since)
        }
        requests.remove(hash);
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
        if (inSession(hash)) {
            session.idleSince = ticks;
            session.window.arrived(hash, block, from);
            importInOrder();
        } else {
            take(from, block, hash, false);
        }
    }

    /** Bytes of a body asked for are coming: its deadline follows them, and a session that waits on it is alive. */
    private void bodyProgress(PeerId from, SyncMessage.BodyProgress progress) {
        BlockRequests.Request request = requests.askedOf(progress.hash(), from);
        if (request == null) {
            return;
        }
        request.deadline().progress(progress.declared(), progress.received(), ticks);
        if (inSession(progress.hash()) && !request.deadline().late(ticks)) {
            session.idleSince = ticks;
        }
    }

    private boolean inSession(Bytes32 hash) {
        return session != null && session.fetching(hash);
    }

    private void served(PeerId from, Bytes32 hash, ChainRejectCode code, String what) {
        peers.send(from, SyncMessage.Reject.of(hash, code, what));
        if (session != null && session.peer.equals(from)) {
            abortSession();
        } else if (inSession(hash)) {
            session.window.failed(hash, from);
        }
        penalties.ban(from, "asked for block " + hash.hex() + ", served " + what);
        if (session != null && session.window != null) {
            fetchMore();
        }
    }

    private void notServed(PeerId from, Bytes32 hash) {
        if (requests.askedOf(hash, from) == null) {
            return;
        }
        requests.remove(hash);
        if (!inSession(hash)) {
            return;
        }
        if (session.peer.equals(from)) {
            abortSession();     // it sent the header and will not send the body: ask someone else next time
        } else {
            session.window.lacks(hash, from);   // behind the sync peer: no cost, not asked for this batch again
            fetchMore();
        }
    }

    private void importInOrder() {
        SyncSession s = session;
        BodyWindow window = s.window;
        for (Optional<BodyWindow.Arrival> next = window.nextInOrder(); next.isPresent();
             next = window.nextInOrder()) {
            BodyWindow.Arrival arrival = next.get();
            Taken taken = take(arrival.from(), arrival.block(), arrival.hash(), true);
            if (taken == Taken.FAILED) {
                return;     // take() ended the session
            }
            if (taken == Taken.ASK_ELSEWHERE) {
                break;
            }
            window.importedOne();
        }
        if (session != s) {
            return;
        }
        if (window.complete()) {
            askHeaders(s);      // the batch is in: ask for what follows, until the peer has nothing new
        } else {
            fetchMore();
        }
    }

    /**
     * Imports a block a peer served. A bad copy of a session's block served by a peer other than the sync peer is
     * asked of another peer; any other failure ends the session the block belonged to, or the sync peer's session.
     */
    private Taken take(PeerId from, Block block, Bytes32 hash, boolean ofSession) {
        ImportResult result = chain.importBlock(block);
        imports++;
        ServedBlockFault fault = ServedBlockFault.of(result, chain.knownInvalid(hash));
        if (fault == ServedBlockFault.NONE) {
            ValidatedBlocks valid = ValidatedBlocks.of(result);
            valid.hashes().forEach(lockstep::validated);
            if (valid.movedTip() > 0) {
                progress.delivered(from, valid.movedTip());
                if (ofSession) {
                    session.delivered += valid.movedTip();
                }
            }
            relayValidated(valid.hashes(), from);
            if (result.status() == ImportStatus.ORPHAN_HELD && session == null) {
                startSession(from);     // its ancestors: fetched header first, within the lockstep
            }
            return Taken.VALID;
        }
        servedFaults.blockRefused(from, hash, result);
        if (fault == ServedBlockFault.COPY && ofSession && !session.peer.equals(from)) {
            session.window.failed(hash, from);
            servedFaults.badCopy(from, hash, result);
            return Taken.ASK_ELSEWHERE;
        }
        lockstep.drop(hash);
        if (session != null && (ofSession || session.peer.equals(from))) {
            abortSession();
        }
        servedFaults.blockFailed(from, block, hash, result, fault);
        return Taken.FAILED;
    }

    // ------------------------------------------------------------------------------------------------ sessions

    private void startSession(PeerId peer) {
        session = new SyncSession(peer, ticks);
        lastPoll = ticks;
        askHeaders(session);
    }

    private void askHeaders(SyncSession s) {
        s.awaitingHeaders = true;
        s.window = null;
        s.idleSince = ticks;
        peers.send(s.peer, new SyncMessage.GetHeaders(locator.locator(), SyncCodec.MAX_HEADERS));
    }

    /** The session failed: its held headers not yet imported are dropped (another peer may serve them honestly). */
    private void abortSession() {
        SyncSession s = session;
        if (s.window != null) {
            for (Bytes32 hash : s.window.notImported()) {
                lockstep.drop(hash);
                requests.remove(hash);
            }
        }
        endSession(false);
        progress.sessionEnded(s.peer, false);
    }

    private void endSession(boolean answered) {
        SyncSession s = session;
        session = null;
        lastPoll = ticks;
        if (answered) {
            progress.sessionEnded(s.peer, s.delivered > 0);
        }
    }

    // ------------------------------------------------------------------------------------------------ views

    /** Blocks found invalid as signed, newest last (at most {@value SignerFaults#MAX}). */
    public List<SignerFault> signerFaults() {
        return faults.list();
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
