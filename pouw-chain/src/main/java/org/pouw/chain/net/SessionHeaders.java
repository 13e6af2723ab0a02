package org.pouw.chain.net;

import java.util.List;
import org.pouw.chain.block.BlockHeader;

/**
 * The sync peer's {@code headers} answer (docs/network.md §3): taken only within ACT of a validated block
 * ({@link LockstepHeaders}); an empty answer, or one with nothing this node lacks, ends the session; a refused one
 * ends it too and costs its server ({@link ServedFaults}); otherwise their bodies are fetched in a moving window.
 * Headers nobody asked for are ignored (the transport's byte budget bounds what they cost).
 */
final class SessionHeaders {
    private final SyncedChain chain;
    private final SyncSessions sessions;
    private final LockstepHeaders lockstep;
    private final ServedFaults servedFaults;
    private final SessionBodyFetch bodies;
    private final SyncTicks ticks;

    SessionHeaders(SyncedChain chain, SyncSessions sessions, LockstepHeaders lockstep, ServedFaults servedFaults,
                   SessionBodyFetch bodies, SyncTicks ticks) {
        this.chain = chain;
        this.sessions = sessions;
        this.lockstep = lockstep;
        this.servedFaults = servedFaults;
        this.bodies = bodies;
        this.ticks = ticks;
    }

    void answer(PeerId from, List<BlockHeader> headers) {
        SyncSession session = sessions.current();
        if (session == null || !session.peer.equals(from) || !session.awaitingHeaders) {
            return;
        }
        session.awaitingHeaders = false;
        session.idleSince = ticks.now();
        if (headers.isEmpty()) {
            sessions.end(true);
            return;
        }
        LockstepHeaders.Verdict verdict = lockstep.offer(chain, headers);
        if (verdict.refused()) {
            verdict.taken().forEach(lockstep::drop);
            sessions.end(true);
            servedFaults.headersRefused(from, headers, verdict);
            return;
        }
        if (verdict.taken().isEmpty()) {
            sessions.end(true);       // nothing this node lacks: the peer is on our chain, or behind it
            return;
        }
        session.window = new BodyWindow(verdict.taken());
        bodies.fetchMore();
    }
}
