package org.pouw.p2p;

import java.util.Arrays;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.identity.HandshakeTranscript.Role;

/**
 * Which of two links to the same peer stays when both nodes dialed each other at once. Each side sees both links
 * (one it dialed, one it accepted) come up in its own order, so "the first one wins" can keep a different link on
 * each side and end with none. Instead both sides keep **the link dialed by the lower peer id** (public keys
 * compared as unsigned bytes): a rule of the two keys alone, so both reach the same answer whatever the timing.
 */
final class DialTieBreak {
    private DialTieBreak() {
    }

    /** True when {@code newcomer} should replace {@code incumbent}, both links of the same peer seen by {@code self}. */
    static boolean replaces(DidKey self, PeerLink newcomer, PeerLink incumbent) {
        return dialedByLower(self, newcomer) && !dialedByLower(self, incumbent);
    }

    /** True when the link was dialed by the lower of the two peer ids. */
    static boolean dialedByLower(DidKey self, PeerLink link) {
        DidKey peer = link.peerId();
        DidKey dialer = link.role() == Role.DIALER ? self : peer;
        DidKey other = link.role() == Role.DIALER ? peer : self;
        return lower(dialer, other);
    }

    static boolean lower(DidKey a, DidKey b) {
        return Arrays.compareUnsigned(a.publicKey(), b.publicKey()) < 0;
    }
}
