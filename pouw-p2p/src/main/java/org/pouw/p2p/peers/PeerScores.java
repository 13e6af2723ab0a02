package org.pouw.p2p.peers;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Misbehaviour points per peer (by its peer id). Points only add up while the peer stays; the score is forgotten
 * with the peer once it is banned or leaves, so a long-lived honest peer does not creep towards a ban.
 */
public final class PeerScores {
    public static final int BAN_THRESHOLD = 100;

    private final ConcurrentMap<String, Integer> scores = new ConcurrentHashMap<>();

    /** Adds the offence's points; true when the peer has now reached the ban threshold. */
    public boolean record(String peerId, Offence offence) {
        int score = scores.merge(peerId, offence.points(), Integer::sum);
        return score >= BAN_THRESHOLD;
    }

    public int score(String peerId) {
        return scores.getOrDefault(peerId, 0);
    }

    public void forget(String peerId) {
        scores.remove(peerId);
    }
}
