package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.identity.HandshakeTranscript.Role;

/**
 * Two real nodes on loopback dialing each other at the same moment end with exactly one connection, the one the
 * lower peer id dialed, seen alike from both sides (docs/p2p.md §1).
 */
class SimultaneousDialTest {
    private static final int ROUNDS = 6;

    @Test
    void twoNodesDialingEachOtherAtOnceKeepExactlyTheLinkDialedByTheLowerPeerId() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            try (P2pTestNodes nodes = new P2pTestNodes()) {
                PeerNode a = nodes.start();
                PeerNode b = nodes.start();
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<CompletableFuture<DidKey>> fromA = CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(go);
                    return a.connect("127.0.0.1", b.port());
                });
                CompletableFuture<CompletableFuture<DidKey>> fromB = CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(go);
                    return b.connect("127.0.0.1", a.port());
                });
                go.countDown();
                settle(fromA.get(10, TimeUnit.SECONDS));
                settle(fromB.get(10, TimeUnit.SECONDS));

                assertOneLinkDialedByTheLower(a, b);
            }
        }
    }

    @Test
    void theLowerPeerDialingAnExistingLinkOfTheHigherOneReplacesItAndTheHigherOneIsRefused() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode first = nodes.start();
            PeerNode second = nodes.start();
            PeerNode lower = DialTieBreak.lower(first.self(), second.self()) ? first : second;
            PeerNode higher = lower == first ? second : first;

            higher.connect("127.0.0.1", lower.port()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> lower.isConnected(higher.self()));
            assertThat(higher.peers().getFirst().outbound()).isTrue();

            assertThat(lower.connect("127.0.0.1", higher.port()).get(10, TimeUnit.SECONDS)).isEqualTo(higher.self());
            assertOneLinkDialedByTheLower(first, second);

            // the higher one dialing again is the duplicate now, and changes nothing
            settle(higher.connect("127.0.0.1", lower.port()));
            assertOneLinkDialedByTheLower(first, second);
        }
    }

    /** Waits until each node has one link, up, to the other, dialed by the lower id; and it stays so. */
    private static void assertOneLinkDialedByTheLower(PeerNode a, PeerNode b) {
        PeerNode lower = DialTieBreak.lower(a.self(), b.self()) ? a : b;
        PeerNode higher = lower == a ? b : a;
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertSoleLink(lower, higher.self(), Role.DIALER);
            assertSoleLink(higher, lower.self(), Role.LISTENER);
        });
        assertThat(lower.peers()).singleElement().satisfies(p -> assertThat(p.outbound()).isTrue());
        assertThat(higher.peers()).singleElement().satisfies(p -> assertThat(p.outbound()).isFalse());
        assertThat(lower.score(higher.self())).as("a tie-break is no offence").isZero();
        assertThat(higher.score(lower.self())).isZero();
    }

    private static void assertSoleLink(PeerNode node, DidKey peer, Role role) {
        List<PeerLink> links = node.links();
        assertThat(links).hasSize(1);
        PeerLink link = links.getFirst();
        assertThat(link.isUp()).isTrue();
        assertThat(link.peerId()).isEqualTo(peer);
        assertThat(link.role()).isEqualTo(role);
    }

    /** A dial either links or is refused as the duplicate; anything else fails the test. */
    private static void settle(CompletableFuture<DidKey> dial) throws Exception {
        try {
            dial.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PeerRefusedException.class);
            assertThat(((PeerRefusedException) e.getCause()).reason()).isEqualTo(RejectReason.DUPLICATE);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
