package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;

/**
 * The choice of high-bandwidth peers ({@link HighBandwidthPeers}, BIP 152): the last {@code max} peers that gave this
 * node a new tip first, each told when it comes in and when it leaves; 0 keeps every peer low-bandwidth.
 */
class HighBandwidthPeersTest {
    private static DidKey peer() {
        return new DidKey(Ed25519.KeyPair.generate().publicKey());
    }

    @Test
    void theLastPeersToDeliverFirstAreChosenAndTheOneThatDeliveredLeastLatelyMakesRoom() {
        HighBandwidthPeers peers = new HighBandwidthPeers(2);
        DidKey a = peer();
        DidKey b = peer();
        DidKey c = peer();

        assertThat(peers.deliveredFirst(a)).containsExactly(new HighBandwidthPeers.Change(a, true));
        assertThat(peers.deliveredFirst(b)).containsExactly(new HighBandwidthPeers.Change(b, true));
        assertThat(peers.deliveredFirst(a)).as("already chosen: moved to the newest place, nobody told").isEmpty();
        assertThat(peers.chosen()).containsExactly(b, a);

        assertThat(peers.deliveredFirst(c)).containsExactly(new HighBandwidthPeers.Change(b, false),
                new HighBandwidthPeers.Change(c, true));
        assertThat(peers.chosen()).containsExactly(a, c);
    }

    @Test
    void aPeerThatGoesLeavesItsPlaceAndNoneMeansEveryPeerAnnouncesFirst() {
        HighBandwidthPeers peers = new HighBandwidthPeers(3);
        DidKey a = peer();
        peers.deliveredFirst(a);
        peers.forget(a);
        assertThat(peers.chosen()).isEmpty();

        HighBandwidthPeers none = new HighBandwidthPeers(0);
        assertThat(none.deliveredFirst(a)).isEmpty();
        assertThat(none.chosen()).isEmpty();
        assertThatThrownBy(() -> new HighBandwidthPeers(-1)).hasMessageContaining("max must be >= 0");
    }
}
