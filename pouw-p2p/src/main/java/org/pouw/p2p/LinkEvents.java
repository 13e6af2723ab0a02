package org.pouw.p2p;

import java.util.Optional;
import org.pouw.p2p.wire.Frame;

/**
 * What a {@link PeerNode} tells the one who keeps its connections ({@link ConnectionKeeper}): links arriving,
 * coming up and closing, and the discovery frames. A node with nobody attached admits every link up to
 * {@code max_links} and ignores discovery frames, as the bare transport always did.
 */
interface LinkEvents {
    LinkEvents NONE = new LinkEvents() {
    };

    /**
     * An inbound link is about to count: refuse it (per-IP cap, inbound slots full and nobody to evict), or make
     * room by ending another link, or let it in. Called under the node's registry lock.
     */
    default Optional<Refusal> admitInbound(PeerLink link) {
        return Optional.empty();
    }

    /** The handshake finished; the link carries frames now. */
    default void up(PeerLink link) {
    }

    default void closed(PeerLink link) {
    }

    /** A {@code get_addr} or {@code addr} frame on an open link. */
    default void addressFrame(PeerLink link, Frame frame) {
    }
}
