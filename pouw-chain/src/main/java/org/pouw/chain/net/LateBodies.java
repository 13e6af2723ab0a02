package org.pouw.chain.net;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.ml.wire.Bytes32;

/**
 * Bodies asked for and not served in time, at each tick ({@link BodyDeadline}). A body outside the session, or one
 * whose bytes started and fell behind the floor rate, is given up (a started transfer is abandoned, so the transport
 * drops it); a session's body that has not started is given up only when another linked peer may serve it, else it
 * is left to arrive and only the session's own stall limit ends the wait. A session's body given up is asked of
 * another peer.
 */
final class LateBodies {
    private final BlockRequests requests;
    private final SyncSessions sessions;
    private final PeerMessages<SyncMessage> peers;
    private final Set<PeerId> connected;
    private final SyncTicks ticks;

    LateBodies(BlockRequests requests, SyncSessions sessions, PeerMessages<SyncMessage> peers,
               Set<PeerId> connected, SyncTicks ticks) {
        this.requests = requests;
        this.sessions = sessions;
        this.peers = peers;
        this.connected = connected;
        this.ticks = ticks;
    }

    /** Gives up the late requests; whether there were any. */
    boolean giveUp() {
        List<Map.Entry<Bytes32, BlockRequests.Request>> late = requests.late(ticks.now(), (hash, request) ->
                !sessions.fetching(hash) || request.deadline().started()
                        || sessions.current().window.askableElsewhere(hash, request.peer(), connected));
        for (Map.Entry<Bytes32, BlockRequests.Request> request : late) {
            requests.remove(request.getKey());
            if (request.getValue().deadline().started()) {
                peers.send(request.getValue().peer(), new SyncMessage.AbandonBlock(request.getKey()));
            }
            if (sessions.fetching(request.getKey())) {
                sessions.current().window.failed(request.getKey(), request.getValue().peer());
            }
        }
        return !late.isEmpty();
    }
}
