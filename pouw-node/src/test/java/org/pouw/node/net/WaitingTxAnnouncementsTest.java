package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * Announced transaction ids set aside while a peer's fetch slots are taken ({@link WaitingTxAnnouncements}): fetched
 * later in the order announced, skipping what arrived meanwhile, bounded per peer, forgotten with the peer.
 */
class WaitingTxAnnouncementsTest {
    private static final DidKey PEER = new DidKey(Ed25519.KeyPair.generate().publicKey());
    private static final DidKey OTHER = new DidKey(Ed25519.KeyPair.generate().publicKey());

    private final WaitingTxAnnouncements waiting = new WaitingTxAnnouncements();

    private static Bytes32 id(int n) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) (n >> 24);
        bytes[1] = (byte) (n >> 16);
        bytes[2] = (byte) (n >> 8);
        bytes[3] = (byte) n;
        return Bytes32.of(bytes);
    }

    @Test
    void idsComeBackInTheOrderAnnouncedSkippingThoseHeldMeanwhile() {
        for (int i = 0; i < 5; i++) {
            assertThat(waiting.add(PEER, id(i))).isTrue();
        }
        waiting.add(PEER, id(2));       // announced again: kept once
        Set<Bytes32> held = Set.of(id(1), id(3));
        assertThat(waiting.next(PEER, held::contains)).contains(id(0));
        assertThat(waiting.next(PEER, held::contains)).contains(id(2));
        assertThat(waiting.next(PEER, held::contains)).contains(id(4));
        assertThat(waiting.next(PEER, held::contains)).isEmpty();
        assertThat(waiting.peers()).isEmpty();
        assertThat(waiting.size()).isZero();
    }

    @Test
    void aPeerHoldsABoundedShareAndItsIdsGoWithIt() {
        for (int i = 0; i < WaitingTxAnnouncements.MAX_PER_PEER; i++) {
            assertThat(waiting.add(PEER, id(i))).isTrue();
        }
        assertThat(waiting.add(PEER, id(WaitingTxAnnouncements.MAX_PER_PEER))).as("over its share").isFalse();
        assertThat(waiting.add(OTHER, id(WaitingTxAnnouncements.MAX_PER_PEER))).as("another peer's own share")
                .isTrue();
        assertThat(waiting.size()).isEqualTo(WaitingTxAnnouncements.MAX_PER_PEER + 1);
        waiting.forget(PEER);
        assertThat(waiting.peers()).containsExactly(OTHER);
        assertThat(waiting.next(PEER, id -> false)).isEmpty();
    }
}
