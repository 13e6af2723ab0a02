package org.pouw.p2p;

import org.pouw.p2p.peers.Offence;

/**
 * Why a handshake or a frame is refused, and what it costs the peer: {@code offence} is null where an honest peer
 * could send the same (another chain, an older version).
 */
record Refusal(RejectReason reason, Offence offence, String message) {
}
