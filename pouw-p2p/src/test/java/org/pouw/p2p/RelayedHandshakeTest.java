package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.wire.Frame;

/**
 * A man in the middle between two honest nodes: the dialer A reaches the relay M believing it reaches B, M dials B
 * and passes the frames across. Whatever M does with them, no link comes up, and B bans M, not A.
 */
class RelayedHandshakeTest {
    @Test
    void aRelayPassingFramesUnchangedIsRefusedByTheListener() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            try (RelayingPeer relay = new RelayingPeer(b.port(), UnaryOperator.identity())) {
                // B reads A's hello over a TLS session whose certificate is M's: the claimed id is not the key
                assertRefused(a, relay.port(), RejectReason.IDENTITY_MISMATCH);

                assertThat(b.peers()).isEmpty();
                assertThat(a.peers()).isEmpty();
                assertThat(b.bans().isBanned(relay.peerId().toString())).isTrue();
                assertThat(b.bans().isBanned("127.0.0.77")).isTrue();
                assertThat(b.bans().isBanned(a.self().toString())).as("the victim is not blamed").isFalse();
            }
            assertThat(a.connect("127.0.0.1", b.port()).get(5, TimeUnit.SECONDS)).isEqualTo(b.self());
        }
    }

    @Test
    void aRelayClaimingItsOwnIdInBothHellosCannotSignForTheListener() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            DidKey[] relayId = new DidKey[1];
            UnaryOperator<byte[]> claimRelayId = bytes -> rewriteHelloPeerId(bytes, relayId[0]);
            try (RelayingPeer relay = new RelayingPeer(b.port(), claimRelayId)) {
                relayId[0] = relay.peerId();
                // each hello now names M, the key of each TLS session, so both pass; but B's auth signature is by
                // B's key over B's view of the session, and A checks it against M's key and A's view
                assertRefused(a, relay.port(), RejectReason.BAD_SIGNATURE);

                await().atMost(Duration.ofSeconds(5)).until(() -> b.peers().isEmpty());
                assertThat(a.peers()).isEmpty();
                assertThat(a.bans().isBanned(relay.peerId().toString())).isTrue();
            }
        }
    }

    private static byte[] rewriteHelloPeerId(byte[] bytes, DidKey id) {
        try {
            Frame frame = Frame.parseFrom(bytes);
            if (!frame.hasHello()) {
                return bytes;
            }
            return frame.toBuilder().setHello(frame.getHello().toBuilder().setPeerId(id.toString())).build()
                    .toByteArray();
        } catch (InvalidProtocolBufferException e) {
            return bytes;
        }
    }

    private static void assertRefused(PeerNode dialer, int port, RejectReason reason) {
        assertThatThrownBy(() -> dialer.connect("127.0.0.1", port).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PeerRefusedException.class)
                .satisfies(e -> assertThat(((PeerRefusedException) e).reason()).isEqualTo(reason));
    }
}
