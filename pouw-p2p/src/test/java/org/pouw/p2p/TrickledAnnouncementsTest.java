package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Announcements of a trickled type wait on each link and leave together ({@link PeerNode#trickle}), so a node that
 * relays transactions one by one sends one {@code inv} for many; other types are not held behind them.
 */
class TrickledAnnouncementsTest {
    /** Far longer than announcing a hundred ids takes, even on a loaded machine: they all queue before the flush. */
    private static final Duration WAIT = Duration.ofSeconds(3);

    private record Inv(int type, List<String> ids) {
    }

    @Test
    void idsAnnouncedOneByOneLeaveInOneInvAndAnUntrickledTypeGoesAtOnce() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            PeerNode b = nodes.start();
            a.trickle(2, WAIT);
            List<Inv> atB = new CopyOnWriteArrayList<>();
            b.onAnnounced(1, (from, ids) -> atB.add(new Inv(1, text(ids))));
            b.onAnnounced(2, (from, ids) -> atB.add(new Inv(2, text(ids))));
            a.connect("127.0.0.1", b.port()).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.isConnected(a.self()) && a.isConnected(b.self()));

            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sent.add("tx-" + i);
                assertThat(a.announce(2, utf8("tx-" + i))).isEqualTo(1);
            }
            assertThat(a.announce(1, utf8("block-1"))).isEqualTo(1);

            await().atMost(Duration.ofSeconds(30)).until(() -> atB.size() == 2);
            // the block's inv left at once, on the same stream as the trickled ids' flush, so it arrives first
            assertThat(atB).containsExactly(new Inv(1, List.of("block-1")), new Inv(2, sent));
            assertThat(a.announce(2, utf8("tx-7"))).as("b is known to have it").isZero();

            // the next trickled id starts a new wait and leaves alone
            assertThat(a.announce(2, utf8("tx-100"))).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> atB.size() == 3);
            assertThat(atB.get(2)).isEqualTo(new Inv(2, List.of("tx-100")));
            assertThat(b.score(a.self())).isZero();
        }
    }

    @Test
    void aTrickleMustWaitAboveZeroAndAtMostTenSeconds() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = nodes.start();
            assertThatThrownBy(() -> a.trickle(2, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wait");
            assertThatThrownBy(() -> a.trickle(2, Duration.ofSeconds(11))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wait");
        }
    }

    private static List<String> text(List<byte[]> ids) {
        return ids.stream().map(id -> new String(id, StandardCharsets.UTF_8)).toList();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
