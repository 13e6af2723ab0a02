package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncPeersTest {
    private static final PeerId LOUD = new PeerId("loud");
    private static final PeerId USEFUL = new PeerId("useful");
    private static final PeerId NEW = new PeerId("new");

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
}
