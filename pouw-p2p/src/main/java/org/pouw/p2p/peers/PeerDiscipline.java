package org.pouw.p2p.peers;

import java.time.Duration;
import java.time.InstantSource;

/**
 * The node's memory of how peers behaved: misbehaviour points, bans (by peer id and by address, persisted through
 * the {@link PeerBook}), and each peer's inbound byte budget. Deciding which links to end is the node's part.
 */
public final class PeerDiscipline {
    private final PeerScores scores = new PeerScores();
    private final BanList bans;
    private final ByteBudgets budgets;
    private final Duration banDuration;

    public PeerDiscipline(PeerBook book, InstantSource clock, long bytesPerSecond, long burstBytes,
            Duration banDuration) {
        this.bans = new BanList(book, clock);
        this.budgets = new ByteBudgets(bytesPerSecond, burstBytes, clock);
        this.banDuration = banDuration;
    }

    /** Adds the offence's points; true when the peer has reached the ban threshold. */
    public boolean charge(String peerId, Offence offence) {
        return scores.record(peerId, offence);
    }

    /** Bans the peer id and, if known, its address; its score and budget start afresh should it ever return. */
    public void ban(String peerId, String address, Offence offence, String why) {
        scores.forget(peerId);
        budgets.forget(peerId);
        bans.ban(peerId, banDuration, offence + ": " + why);
        if (!address.isEmpty()) {
            bans.ban(address, banDuration, offence + " by " + peerId + ": " + why);
        }
    }

    public boolean isBanned(String subject) {
        return bans.isBanned(subject);
    }

    public boolean trySpend(String peerId, long bytes) {
        return budgets.trySpend(peerId, bytes);
    }

    public int score(String peerId) {
        return scores.score(peerId);
    }

    public BanList bans() {
        return bans;
    }
}
