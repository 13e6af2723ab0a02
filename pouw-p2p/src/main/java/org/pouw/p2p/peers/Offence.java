package org.pouw.p2p.peers;

/**
 * What a peer can do wrong at this layer, and what it costs. A peer reaching {@link PeerScores#BAN_THRESHOLD} is
 * disconnected and banned. Bytes that cannot be a frame, a forged handshake and a message over the size limits
 * cost the whole budget at once: no honest implementation sends them. Floods and unsolicited answers cost little
 * each, since an honest peer under load or a late answer can produce one now and then.
 */
public enum Offence {
    MALFORMED(100),
    BAD_HANDSHAKE(100),
    OVERSIZED(100),
    PROTOCOL_VIOLATION(50),
    FLOODING(10),
    UNSOLICITED(5),
    /**
     * An object announced and then not served when asked, or not in time (a compact block asked of its announcer):
     * little each, since an honest peer can fail one now and then (a link that slows, a budget spent).
     */
    NOT_SERVED(5);

    private final int points;

    Offence(int points) {
        this.points = points;
    }

    public int points() {
        return points;
    }
}
