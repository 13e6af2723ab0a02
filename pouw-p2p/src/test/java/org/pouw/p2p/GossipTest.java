package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;

/** Typed payloads and announcements between connected nodes, and the byte budget that bounds them. */
class GossipTest {
    private record Received(DidKey from, String body) {
    }

    @Test
    void payloadsReachTheHandlerOfTheirTypeWithTheSendersId() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode hub = nodes.start();
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            List<Received> atA = new CopyOnWriteArrayList<>();
            List<Received> atB = new CopyOnWriteArrayList<>();
            a.onPayload(3, (from, body) -> atA.add(new Received(from, new String(body, StandardCharsets.UTF_8))));
            b.onPayload(3, (from, body) -> atB.add(new Received(from, new String(body, StandardCharsets.UTF_8))));
            a.connect("127.0.0.1", hub.port()).get(5, TimeUnit.SECONDS);
            b.connect("127.0.0.1", hub.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.peers().size() == 2);

            assertThat(hub.send(a.self(), 3, utf8("to a only"))).isTrue();
            assertThat(hub.broadcast(3, utf8("to all"))).isEqualTo(2);

            await().atMost(Duration.ofSeconds(5)).until(() -> atA.size() == 2 && atB.size() == 1);
            assertThat(atA).containsExactly(new Received(hub.self(), "to a only"), new Received(hub.self(), "to all"));
            assertThat(atB).containsExactly(new Received(hub.self(), "to all"));
        }
    }

    @Test
    void aTypeWithNoHandlerIsSkippedAndTheLinkStays() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            List<String> known = new CopyOnWriteArrayList<>();
            b.onPayload(1, (from, body) -> known.add(new String(body, StandardCharsets.UTF_8)));
            a.connect("127.0.0.1", b.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.isConnected(a.self()));

            a.send(b.self(), 999, utf8("from a newer version"));
            a.send(b.self(), 1, utf8("known"));

            await().atMost(Duration.ofSeconds(5)).until(() -> known.size() == 1);
            assertThat(b.isConnected(a.self())).isTrue();
            assertThat(b.score(a.self())).isZero();
        }
    }

    @Test
    void anAnnouncedIdReachesEachPeerOnceAndIsNotEchoedBack() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            List<String> announcedToB = new CopyOnWriteArrayList<>();
            b.onAnnounced(5, (from, ids) -> ids.forEach(id -> announcedToB.add(new String(id,
                    StandardCharsets.UTF_8))));
            a.connect("127.0.0.1", b.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.isConnected(a.self()));

            assertThat(a.announce(5, utf8("block-1"))).isEqualTo(1);
            assertThat(a.announce(5, utf8("block-1"))).as("b is known to have it").isZero();
            assertThat(a.announce(6, utf8("block-1"))).as("another type, another id").isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> announcedToB.size() == 1);

            assertThat(b.announce(5, utf8("block-1"))).as("a told b of it, so b does not tell a").isZero();
            assertThat(announcedToB).containsExactly("block-1");
        }
    }

    @Test
    void anAnnouncementWithAFilterTellsOnlyThePeersItAccepts() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            PeerNode c = nodes.start();
            List<String> heardByC = new CopyOnWriteArrayList<>();
            c.onAnnounced(5, (from, ids) -> ids.forEach(id -> heardByC.add(new String(id, StandardCharsets.UTF_8))));
            a.connect("127.0.0.1", b.port()).get(5, TimeUnit.SECONDS);
            a.connect("127.0.0.1", c.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.isConnected(a.self()) && c.isConnected(a.self()));

            assertThat(a.announce(5, utf8("tx-1"), peer -> !peer.equals(b.self()))).as("c only").isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> heardByC.size() == 1);
            assertThat(a.announce(5, utf8("tx-1"))).as("b was left out, so it is not known to have it").isEqualTo(1);
        }
    }

    @Test
    void aFrameOverTheLimitIsRefusedAtTheSenderAndPointsToTheBulkStream() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            a.connect("127.0.0.1", b.port()).get(5, TimeUnit.SECONDS);

            assertThatThrownBy(() -> a.send(b.self(), 1, new byte[a.config().maxFrameBytes()]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bulk stream");
        }
    }

    @Test
    void aPeerSpendingPastItsByteBudgetIsChargedForFloodingUntilBanned() throws Exception {
        SettableInstantSource clock = new SettableInstantSource(Instant.parse("2026-12-06T00:00:00Z"));
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            // 64 KiB/s, bucket of 256 KiB: four 64 KiB frames empty it while the clock stands still
            PeerNode strict = nodes.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), P2pTestNodes.CHAIN,
                    "127.0.0.1", 0).withRate(64 * 1024, 256 * 1024).withClock(clock));
            PeerNode flooder = nodes.start();
            List<Integer> delivered = new CopyOnWriteArrayList<>();
            strict.onPayload(1, (from, body) -> delivered.add(body.length));
            flooder.connect("127.0.0.1", strict.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> strict.isConnected(flooder.self()));

            byte[] body = new byte[60 * 1024];
            for (int i = 0; i < 4; i++) {
                flooder.send(strict.self(), 1, body);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 4);
            assertThat(strict.score(flooder.self())).isZero();

            clock.advance(Duration.ofSeconds(1));     // refills 64 KiB: one more frame fits, the next does not
            flooder.send(strict.self(), 1, body);
            flooder.send(strict.self(), 1, body);
            await().atMost(Duration.ofSeconds(5)).until(() -> strict.score(flooder.self()) == 10);
            assertThat(delivered).hasSize(5);

            for (int i = 0; i < 20 && strict.isConnected(flooder.self()); i++) {
                flooder.send(strict.self(), 1, body);
                Thread.sleep(20);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> strict.bans().isBanned(flooder.self().toString()));
            assertThat(strict.isConnected(flooder.self())).isFalse();
            assertThat(delivered).hasSize(5);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
