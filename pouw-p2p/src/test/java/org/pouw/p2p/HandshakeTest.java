package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;

/** Two real servers on localhost, TLS 1.3 and the signed handshake between them. */
class HandshakeTest {
    @Test
    void twoNodesConnectAndKnowEachOtherByDidKey() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), P2pTestNodes.CHAIN,
                    "127.0.0.1", 0).withCapabilities(List.of("full-relay", "bulk")));
            b.setBest(42, new byte[] {9, 9, 9});

            assertThat(a.connect("127.0.0.1", b.port()).get(5, TimeUnit.SECONDS)).isEqualTo(b.self());

            await().atMost(Duration.ofSeconds(5)).until(() -> b.isConnected(a.self()));
            PeerInfo seenByA = a.peers().getFirst();
            assertThat(seenByA.peerId()).isEqualTo(b.self());
            assertThat(seenByA.outbound()).isTrue();
            assertThat(seenByA.bestHeight()).isEqualTo(42);
            assertThat(seenByA.bestHash()).containsExactly(9, 9, 9);
            assertThat(seenByA.capabilities()).containsExactly("full-relay", "bulk");
            assertThat(seenByA.listenAddress()).isEqualTo("127.0.0.1:" + b.port());
            PeerInfo seenByB = b.peers().getFirst();
            assertThat(seenByB.peerId()).isEqualTo(a.self());
            assertThat(seenByB.outbound()).isFalse();
        }
    }

    @Test
    void pingMeasuresARoundTrip() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            a.connect("127.0.0.1", b.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.isConnected(a.self()));

            Duration fromA = a.ping(b.self()).get(5, TimeUnit.SECONDS);
            Duration fromB = b.ping(a.self()).get(5, TimeUnit.SECONDS);

            assertThat(fromA).isPositive();
            assertThat(fromB).isPositive();
            assertThat(a.peers().getFirst().lastRtt()).isEqualTo(fromA);
        }
    }

    @Test
    void aPeerOfAnotherChainIdIsRefusedWithThatReason() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode listener = nodes.start();
            ChainIdentity other = new ChainIdentity("another-chain".getBytes(StandardCharsets.UTF_8),
                    P2pTestNodes.CHAIN.genesisHash());
            PeerNode stranger = nodes.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), other, "127.0.0.1", 0));

            assertRefused(stranger, listener, RejectReason.WRONG_CHAIN);
            assertThat(listener.peers()).isEmpty();
            assertThat(listener.score(stranger.self())).as("another network is no offence").isZero();
        }
    }

    @Test
    void aPeerOfAnotherGenesisIsRefusedWithThatReason() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode listener = nodes.start();
            ChainIdentity fork = new ChainIdentity(P2pTestNodes.CHAIN.chainId(), new byte[] {8, 7, 6, 5});
            PeerNode stranger = nodes.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), fork, "127.0.0.1", 0));

            assertRefused(stranger, listener, RejectReason.WRONG_GENESIS);
            assertThat(listener.peers()).isEmpty();
        }
    }

    @Test
    void aSecondLinkOfTheSamePeerIsNotMadeAndTheDialIsAnsweredWithTheLinkedPeer() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            a.connect("127.0.0.1", b.port()).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> b.isConnected(a.self()));

            // refused DUPLICATE on the wire, but the caller asked for a link to b and there is one
            assertThat(a.connect("127.0.0.1", b.port()).get(30, TimeUnit.SECONDS)).isEqualTo(b.self());
            assertThat(b.connect("127.0.0.1", a.port()).get(30, TimeUnit.SECONDS)).as("the other way round")
                    .isEqualTo(a.self());
            assertThat(a.isConnected(b.self())).as("the first link stays").isTrue();
            assertThat(a.peers()).hasSize(1);
            assertThat(b.peers()).hasSize(1);
        }
    }

    @Test
    void aNodeRefusesToConnectToItself() {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            assertRefused(a, a, RejectReason.SELF_CONNECTION);
        }
    }

    static void assertRefused(PeerNode dialer, PeerNode listener, RejectReason reason) {
        assertThatThrownBy(() -> dialer.connect("127.0.0.1", listener.port()).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PeerRefusedException.class)
                .satisfies(e -> assertThat(((PeerRefusedException) e).reason()).isEqualTo(reason));
    }
}
