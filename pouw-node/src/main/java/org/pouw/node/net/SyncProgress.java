package org.pouw.node.net;

import java.util.List;
import org.pouw.p2p.PeerInfo;

/**
 * How far this node's chain is from its peers' (issue 20 §5, the initial-sync progress bar): its validated height
 * against the highest height a connected peer stated in its {@code hello}. That statement is a peer's unchecked claim,
 * so this figure is for the operator's eyes only — the sync itself never uses it (docs/network.md §3) — and it is
 * never below this node's own height plus the headers it took ahead of their bodies. Peers state heights when they
 * link, so a node that fell behind on a long-standing link learns the new target from the headers it takes.
 *
 * @param height       this node's validated tip height
 * @param targetHeight the highest of {@code height + headersHeld} and the heights peers stated when they linked
 * @param syncing      whether a header-first session is running
 * @param headersHeld  headers taken ahead of their bodies (at most ACT past a validated block)
 * @param peers        connected peers
 */
public record SyncProgress(long height, long targetHeight, boolean syncing, int headersHeld, int peers) {
    public SyncProgress {
        if (height < 0 || targetHeight < height) {
            throw new IllegalArgumentException("height must be >= 0 and target_height >= height, got " + height
                    + " and " + targetHeight);
        }
    }

    static SyncProgress of(long height, List<PeerInfo> peers, boolean syncing, int headersHeld) {
        // the headers taken ahead of their bodies are checked (signer staked, ticket under target): a floor
        long target = height + headersHeld;
        for (PeerInfo peer : peers) {
            target = Math.max(target, peer.bestHeight());
        }
        return new SyncProgress(height, target, syncing, headersHeld, peers.size());
    }

    /** The share of the target reached, 0 to 1; 1 at the target (and for a chain of only genesis). */
    public double fraction() {
        return targetHeight == 0 ? 1.0 : (double) height / targetHeight;
    }

    /** Caught up with every height a peer stated. */
    public boolean caughtUp() {
        return height >= targetHeight;
    }
}
