package org.pouw.chain.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Asks for the running session's bodies while its window and the peers' shares allow (docs/network.md §3): from
 * every linked peer, the sync peer first among equals, then the others by their measured round trip (a nearer peer
 * answers sooner; the least busy still comes first); a body asked for already (announced) joins the window when
 * it comes. When no linked peer is left to ask for a body the session is given up, for another later.
 */
final class SessionBodyFetch {
    private final SyncSessions sessions;
    private final BlockRequests requests;
    private final PeerMessages<SyncMessage> peers;
    private final Set<PeerId> connected;
    private final SyncTicks ticks;
    private final PeerRoundTrips roundTrips;

    SessionBodyFetch(SyncSessions sessions, BlockRequests requests, PeerMessages<SyncMessage> peers,
                     Set<PeerId> connected, SyncTicks ticks, PeerRoundTrips roundTrips) {
        this.sessions = sessions;
        this.requests = requests;
        this.peers = peers;
        this.connected = connected;
        this.ticks = ticks;
        this.roundTrips = roundTrips;
    }

    void fetchMore() {
        SyncSession s = sessions.current();
        List<PeerId> sources = new ArrayList<>(List.of(s.peer));
        connected.stream().filter(peer -> !peer.equals(s.peer))
                .sorted(Comparator.comparingLong(roundTrips::nanosOrLast)).forEach(sources::add);
        while (true) {
            Optional<BodyWindow.Ask> ask = s.window.next(sources, requests.busy(s.window::holds));
            if (ask.isEmpty()) {
                break;
            }
            if (requests.contains(ask.get().hash())) {
                continue;   // announced and asked for already: that answer joins the window when it comes
            }
            requests.ask(ask.get().hash(), ask.get().peer(), ticks.now());
            peers.send(ask.get().peer(), new SyncMessage.GetBlock(ask.get().hash()));
        }
        if (s.window.stranded(sources)) {
            sessions.abort();
        }
    }

    /** Fetches more if the running session has a window of bodies; after a peer went or a request failed. */
    void fetchMoreIfWindow() {
        if (sessions.importingBatch()) {
            fetchMore();
        }
    }
}
