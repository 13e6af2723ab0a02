package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncPeersTest {
    private static final PeerId LOUD = new PeerId("loud");
    private static final PeerId USEFUL = new PeerId("useful");
    private static final PeerId NEW = new PeerId("new");
    private static final PeerId FAR = new PeerId("far");
    private static final PeerId NEAR = new PeerId("near");
    /** 90 ms to the far peer, 2 ms to the near one, nothing measured to the others. */
    private static final PeerRoundTrips MEASURED = peer -> peer.equals(FAR) ? OptionalLong.of(90_000_000)
            : peer.equals(NEAR) ? OptionalLong.of(2_000_000) : OptionalLong.empty();

    @Test
    void thePeerWhoseBlocksValidatedIsAskedBeforeOnesThatDeliveredNothing() {
        SyncPeers peers = new SyncPeers();
        Set<PeerId> connected = new LinkedHashSet<>(List.of(LOUD, USEFUL));
        peers.delivered(USEFUL, 12);
        peers.sessionEnded(LOUD, false);       // claimed a better chain, delivered nothing

        assertThat(peers.choose(connected)).contains(USEFUL);
        peers.sessionEnded(USEFUL, true);
        assertThat(peers.choose(connected)).contains(USEFUL);
    }

    @Test
    void peersThatDeliverNothingAreAskedInTurnAndANewPeerGetsItsChance() {
        SyncPeers peers = new SyncPeers();
        Set<PeerId> connected = new LinkedHashSet<>(List.of(LOUD, USEFUL));
        peers.sessionEnded(LOUD, false);
        peers.sessionEnded(USEFUL, false);
        PeerId first = peers.choose(connected).orElseThrow();
        PeerId second = peers.choose(connected).orElseThrow();
        assertThat(first).isNotEqualTo(second);

        connected.add(NEW);
        assertThat(peers.choose(connected)).contains(NEW);
    }

    @Test
    void ofPeersWithEqualProgressTheNearerIsAskedFirstAndAnUnmeasuredOneLast() {
        SyncPeers peers = new SyncPeers(MEASURED);
        Set<PeerId> connected = new LinkedHashSet<>(List.of(FAR, NEW, NEAR));   // "far" first by link and by name

        assertThat(peers.choose(connected)).contains(NEAR);
        peers.delivered(FAR, 3);
        peers.delivered(NEAR, 3);
        assertThat(peers.choose(connected)).contains(NEAR);
        assertThat(peers.choose(new LinkedHashSet<>(List.of(FAR, NEW)))).contains(FAR);
    }

    @Test
    void aRoundTripNeverRanksAPeerAboveOneThatDeliveredMoreNorChangesTheTurnsOfThoseThatDeliveredNothing() {
        SyncPeers peers = new SyncPeers(MEASURED);
        Set<PeerId> connected = new LinkedHashSet<>(List.of(NEAR, FAR));
        peers.delivered(FAR, 4);
        peers.delivered(NEAR, 3);
        assertThat(peers.choose(connected)).contains(FAR);

        peers.sessionEnded(FAR, false);
        peers.sessionEnded(NEAR, false);
        PeerId first = peers.choose(connected).orElseThrow();
        PeerId second = peers.choose(connected).orElseThrow();
        assertThat(first).as("in turn, not the nearer each time").isNotEqualTo(second);
    }
}
