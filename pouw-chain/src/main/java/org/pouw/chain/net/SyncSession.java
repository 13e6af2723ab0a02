package org.pouw.chain.net;

/**
 * A header-first session: headers from one peer, their bodies from any that have them (docs/network.md §3). Plain
 * state, driven by {@link ChainSync}.
 */
final class SyncSession {
    final PeerId peer;
    boolean awaitingHeaders = true;
    /** The bodies of the headers taken last; null while headers are awaited. */
    BodyWindow window;
    /** Blocks of this session that moved the tip. */
    int delivered;
    /** The tick of the last answer, or of the last bytes of a body that keeps its pace. */
    long idleSince;

    SyncSession(PeerId peer, long now) {
        this.peer = peer;
        this.idleSince = now;
    }

    /** Whether {@code hash} is one of the bodies this session is fetching. */
    boolean fetching(org.pouw.ml.wire.Bytes32 hash) {
        return window != null && window.holds(hash);
    }
}
