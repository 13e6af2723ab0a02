package org.pouw.chain.net;

import org.pouw.ml.wire.Bytes32;

/**
 * The lifecycle of the header-first session (docs/network.md §3): at most one at a time, with one peer. It starts
 * when the first peer links, when an orphan needs its ancestors, or at a poll; asks its peer for headers after this
 * node's locator, and again after each batch of bodies is in; ends when the peer has nothing new; and is aborted
 * when the peer fails or stalls, dropping the held headers it had not imported (another peer may serve them honestly).
 */
final class SyncSessions {
    private final PeerMessages<SyncMessage> peers;
    private final ChainLocator locator;
    private final LockstepHeaders lockstep;
    private final BlockRequests requests;
    private final SyncPeers progress;
    private final SyncTicks ticks;
    private SyncSession session;
    private long lastPoll;

    SyncSessions(PeerMessages<SyncMessage> peers, ChainLocator locator, LockstepHeaders lockstep,
                 BlockRequests requests, SyncPeers progress, SyncTicks ticks) {
        this.peers = peers;
        this.locator = locator;
        this.lockstep = lockstep;
        this.requests = requests;
        this.progress = progress;
        this.ticks = ticks;
    }

    /** The running session, or null. */
    SyncSession current() {
        return session;
    }

    boolean running() {
        return session != null;
    }

    /** Whether a session is importing a batch of bodies (a node catching up has no news for its peers). */
    boolean importingBatch() {
        return session != null && session.window != null;
    }

    /** Whether {@code hash} is one of the bodies the running session is fetching. */
    boolean fetching(Bytes32 hash) {
        return session != null && session.fetching(hash);
    }

    boolean isWith(PeerId peer) {
        return session != null && session.peer.equals(peer);
    }

    /** Whether it is time to poll a peer, no session running: the catch-up for announcements missed. */
    boolean pollDue() {
        return session == null && ticks.now() - lastPoll >= ChainSync.POLL_TICKS;
    }

    void start(PeerId peer) {
        session = new SyncSession(peer, ticks.now());
        lastPoll = ticks.now();
        askHeaders(session);
    }

    void askHeaders(SyncSession s) {
        s.awaitingHeaders = true;
        s.window = null;
        s.idleSince = ticks.now();
        peers.send(s.peer, new SyncMessage.GetHeaders(locator.locator(), SyncCodec.MAX_HEADERS));
    }

    /** The session failed: its held headers not yet imported are dropped, and its peer is not credited. */
    void abort() {
        SyncSession s = session;
        if (s.window != null) {
            for (Bytes32 hash : s.window.notImported()) {
                lockstep.drop(hash);
                requests.remove(hash);
            }
        }
        end(false);
        progress.sessionEnded(s.peer, false);
    }

    /** The session is over; {@code answered}: its peer answered to the end, credited if it delivered new tips. */
    void end(boolean answered) {
        SyncSession s = session;
        session = null;
        lastPoll = ticks.now();
        if (answered) {
            progress.sessionEnded(s.peer, s.delivered > 0);
        }
    }
}
