package org.pouw.chain.net;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pouw.chain.block.Block;
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
 * <p>Its parts: {@link BlockRequests} (bodies asked for, timed by {@link BodyDeadline}), {@link SyncSessions} (the
 * session's lifecycle) with {@link SyncSession} (its state), the session's steps — {@link SessionHeaders} (the sync
 * peer's answer), {@link SessionBodyFetch} (asking for bodies), {@link SessionImport} (importing them in order),
 * {@link LateBodies} (giving up those not served in time) — and {@link ServedBlockImport} (any served block's import
 * and what follows from it), {@link NewTipRelay}, {@link ServedFaults} and {@link SignerFaults} (what refused headers
 * and blocks cost their servers and signers), {@link ValidatedBlocks} (what an import validated). Time is
 * {@link SyncTicks}, the crank's count.
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
    private final SyncPeers progress;
    private final Set<PeerId> connected = new LinkedHashSet<>();
    /** Blocks asked for and not yet answered: of whom, and how their time runs. */
    private final BlockRequests requests = new BlockRequests();
    private final SyncTicks ticks = new SyncTicks();
    private final SyncSessions sessions;
    private final SessionBodyFetch bodies;
    private final SessionHeaders sessionHeaders;
    private final ServedBlockImport served;
    private final SessionImport sessionImport;
    private final LateBodies lateBodies;
    /** The transport's measured round trips; set by the node, none in the simulation. */
    private volatile PeerRoundTrips roundTrips = PeerRoundTrips.NONE;

    public ChainSync(SyncedChain chain, PeerMessages<SyncMessage> peers, PeerPenalties penalties) {
        this(chain, peers, penalties, FaultEvidence.NONE);
    }

    /** A sync that hands the signed header of every signer at fault to {@code evidence}. */
    public ChainSync(SyncedChain chain, PeerMessages<SyncMessage> peers, PeerPenalties penalties,
                     FaultEvidence evidence) {
        this(chain, peers, penalties, evidence, BlockPushTargets.MOST_DELIVERED);
    }

    /** A sync that pushes each new tip whole to the peers {@code pushTargets} choose (the others hear its hash). */
    public ChainSync(SyncedChain chain, PeerMessages<SyncMessage> peers, PeerPenalties penalties,
                     FaultEvidence evidence, BlockPushTargets pushTargets) {
        this.chain = chain;
        this.peers = peers;
        this.penalties = penalties;
        this.faults = new SignerFaults(evidence);
        this.progress = new SyncPeers(peer -> roundTrips.nanos(peer));
        this.lockstep = new LockstepHeaders(chain.genesis());
        ChainLocator locator = new ChainLocator(chain);
        this.locator = locator;
        ServedFaults servedFaults = new ServedFaults(chain, peers, penalties, faults);
        this.sessions = new SyncSessions(peers, locator, lockstep, requests, progress, ticks);
        this.bodies = new SessionBodyFetch(sessions, requests, peers, connected, ticks,
                peer -> roundTrips.nanos(peer));
        this.sessionHeaders = new SessionHeaders(chain, sessions, lockstep, servedFaults, bodies, ticks);
        this.served = new ServedBlockImport(chain, lockstep, progress, sessions,
                new NewTipRelay(chain, peers, progress, pushTargets), servedFaults, connected);
        this.sessionImport = new SessionImport(sessions, served, bodies, ticks);
        this.lateBodies = new LateBodies(requests, sessions, peers, connected, ticks);
    }

    /**
     * The round trips the transport measures: nearer peers are asked for bodies first among equally busy ones, and
     * chosen as the sync peer first among peers of equal validated progress.
     */
    public void useRoundTrips(PeerRoundTrips measured) {
        this.roundTrips = measured;
    }

    // ------------------------------------------------------------------------------------------------ peers

    /** A peer's link came up: the first one starts the initial sync. */
    public void peerConnected(PeerId peer) {
        connected.add(peer);
        if (!sessions.running()) {
            sessions.start(peer);
        }
    }

    public void peerDisconnected(PeerId peer) {
        connected.remove(peer);
        List<Bytes32> lost = requests.dropAllOf(peer);
        if (!sessions.running()) {
            return;
        }
        if (sessions.isWith(peer)) {
            sessions.end(false);
        } else if (sessions.importingBatch()) {
            BodyWindow window = sessions.current().window;
            lost.stream().filter(window::holds).forEach(window::lost);
            bodies.fetchMore();
        }
    }

    /**
     * The periodic crank: asks another peer for bodies not served in time, gives up a stalled session and polls a
     * peer when none runs.
     */
    public void tick() {
        ticks.advance();
        boolean late = lateBodies.giveUp();
        SyncSession session = sessions.current();
        if (session != null) {
            if (ticks.now() - session.idleSince > STALL_TICKS) {
                stalled(session.peer);
            } else if (late) {
                bodies.fetchMoreIfWindow();
            }
            return;
        }
        if (sessions.pollDue()) {
            progress.choose(connected).ifPresent(sessions::start);
        }
    }

    /**
     * The session's peer left a request unanswered for {@link #STALL_TICKS} ticks, mid-headers or mid-bodies: its
     * session and held headers go, its link is ended here (not left to the keeper's pings, which a peer that answers
     * pings and nothing else passes; the keeper fills the slot), and the sync moves on in the same tick to the peer
     * with the best validated progress among the others. A slow peer is not banned: the link ends, nothing more.
     */
    private void stalled(PeerId staller) {
        sessions.abort();
        penalties.disconnect(staller, "stalled mid-sync: no answer for " + STALL_TICKS + " ticks");
        Set<PeerId> others = new LinkedHashSet<>(connected);
        others.remove(staller);
        progress.choose(others).ifPresent(sessions::start);
    }

    // ------------------------------------------------------------------------------------------------ messages

    public void receive(PeerId from, SyncMessage message) {
        switch (message) {
            case SyncMessage.BlockInv inv -> announced(from, inv.hashes());
            case SyncMessage.GetHeaders request -> peers.send(from, new SyncMessage.Headers(
                    locator.headersAfter(request.locator(), request.max())));
            case SyncMessage.Headers answer -> sessionHeaders.answer(from, answer.headers());
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
        served.relayValidated(hashes, null);
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
        if (sessions.fetching(hash)) {
            sessionImport.arrived(hash, block, from);
        } else {
            served.take(from, block, hash, false);
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
            requests.ask(hash, from, ticks.now());
            peers.send(from, new SyncMessage.GetBlock(hash));
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
        if (sessions.fetching(hash)) {
            sessionImport.arrived(hash, block, from);
        } else {
            served.take(from, block, hash, false);
        }
    }

    /** Bytes of a body asked for are coming: its deadline follows them, and a session that waits on it is alive. */
    private void bodyProgress(PeerId from, SyncMessage.BodyProgress progress) {
        BlockRequests.Request request = requests.askedOf(progress.hash(), from);
        if (request == null) {
            return;
        }
        request.deadline().progress(progress.declared(), progress.received(), ticks.now());
        if (sessions.fetching(progress.hash()) && !request.deadline().late(ticks.now())) {
            sessions.current().idleSince = ticks.now();
        }
    }

    private void served(PeerId from, Bytes32 hash, ChainRejectCode code, String what) {
        peers.send(from, SyncMessage.Reject.of(hash, code, what));
        if (sessions.isWith(from)) {
            sessions.abort();
        } else if (sessions.fetching(hash)) {
            sessions.current().window.failed(hash, from);
        }
        penalties.ban(from, "asked for block " + hash.hex() + ", served " + what);
        bodies.fetchMoreIfWindow();
    }

    private void notServed(PeerId from, Bytes32 hash) {
        if (requests.askedOf(hash, from) == null) {
            return;
        }
        requests.remove(hash);
        if (!sessions.fetching(hash)) {
            return;
        }
        if (sessions.isWith(from)) {
            sessions.abort();     // it sent the header and will not send the body: ask someone else next time
        } else {
            sessions.current().window.lacks(hash, from);   // behind the sync peer: no cost, not asked again
            bodies.fetchMore();
        }
    }

    // ------------------------------------------------------------------------------------------------ views

    /** Blocks found invalid as signed, newest last (at most {@value SignerFaults#MAX}). */
    public List<SignerFault> signerFaults() {
        return faults.list();
    }

    /** Blocks this sync handed to the import (valid or not): what a fake chain costs the node is counted here. */
    public long imports() {
        return served.imports();
    }

    public int headersHeld() {
        return lockstep.size();
    }

    public boolean syncing() {
        return sessions.running();
    }

    public SyncPeers progress() {
        return progress;
    }
}
