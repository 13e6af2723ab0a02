package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.discovery.SignedAddress;
import org.pouw.p2p.peers.InMemoryPeerBook;
import org.pouw.p2p.policy.LinkPurpose;
import org.pouw.p2p.policy.PeerPolicy;

/**
 * An eclipse attempt from hundreds of /16 groups, built with real nodes (issue 20's hostile-peer test). Loopback
 * gives 256 /16 groups (127.0/16 to 127.255/16): ten honest nodes listen in 127.240 to 127.249, and twelve attacker
 * nodes listen on every loopback address at once, so each of the attacker's 2,760 signed addresses in 230 groups
 * (127.1 to 127.230) really answers, with an attacker's key.
 *
 * <p>The victim ran for a while among the honest nodes (they are its tried entries, two of them its block-relay
 * anchors). Then the attacker floods its address manager from 230 source groups and waits for a restart, the moment
 * a node picks all its outbound peers afresh. After the restart the victim still has honest outbound peers: the
 * anchors come back first, the flood reached only the "new" table, and the outbound peers are of distinct groups.
 */
class EclipseTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /**
     * How far the node's clock moves each round of the keeper. A dial that failed (a slow handshake on a loaded
     * machine) is tried again only rarely for ten minutes by the node's clock, so a clock that stood still would
     * leave its slot waiting on chance; with this step the ten minutes pass in 120 rounds.
     */
    private static final Duration STEP = Duration.ofSeconds(5);

    @Test
    void aFloodFromHundredsOfGroupsAndARestartLeaveTheNodeWithHonestOutboundPeers() throws Exception {
        SettableInstantSource clock = new SettableInstantSource(Instant.parse("2026-12-06T00:00:00Z"));
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            List<String> honestAddresses = new ArrayList<>();
            List<DidKey> honest = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String host = "127." + (240 + i) + ".0.1";
                PeerNode node = nodes.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), P2pTestNodes.CHAIN, host,
                        0).withClock(clock));
                honestAddresses.add(host + ":" + node.port());
                honest.add(node.self());
            }
            List<Ed25519.KeyPair> attackerKeys = new ArrayList<>();
            List<PeerNode> attackers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
                attackerKeys.add(keys);
                attackers.add(nodes.start(P2pConfig.defaults(keys, P2pTestNodes.CHAIN, "0.0.0.0", 0)
                        .withClock(clock)));
            }

            InMemoryPeerBook book = new InMemoryPeerBook();
            Ed25519.KeyPair victimKeys = Ed25519.KeyPair.generate();
            // The clock moves now, so pongs and blocks are given long enough that no honest link is cut as stalled
            // and no extra link is added for a stale tip while the slots fill: neither is what this test checks.
            PeerPolicy policy = PeerPolicy.defaults().withLocalAddresses(true, "").withBootstrap(honestAddresses)
                    .withTimes(Duration.ofDays(1), Duration.ofDays(30));
            PeerNode victim = nodes.start(P2pConfig.defaults(victimKeys, P2pTestNodes.CHAIN, "127.0.0.1", 0)
                    .withClock(clock));
            ConnectionKeeper keeper = ConnectionKeeper.manual(victim, book, policy, new SplittableRandom(11));
            tickUntil(keeper, clock, () -> keeper.linkCounts().get(LinkPurpose.FULL_RELAY) == 8
                    && keeper.linkCounts().get(LinkPurpose.BLOCK_RELAY) == 2);
            Set<DidKey> anchors = keeper.peers().stream().filter(p -> p.purpose() == LinkPurpose.BLOCK_RELAY)
                    .map(KeptPeer::peerId).collect(Collectors.toSet());
            assertThat(honest).containsAll(anchors);
            clock.advance(Duration.ofHours(1));

            // The flood: 2,760 addresses in 230 groups, told from 230 source groups.
            int admitted = 0;
            for (int group = 1; group <= 230; group++) {
                for (int a = 0; a < attackers.size(); a++) {
                    SignedAddress address = SignedAddress.sign(attackerKeys.get(a), "127." + group + ".0.1",
                            attackers.get(a).port(), clock.instant());
                    if (keeper.addresses().add(address, "127." + group + ".7.7")) {
                        admitted++;
                    }
                }
            }
            assertThat(admitted).isGreaterThan(2_000);
            for (String address : honestAddresses) {
                String[] hostPort = address.split(":");
                assertThat(keeper.addresses().tableOf(hostPort[0], Integer.parseInt(hostPort[1])))
                        .as("the flood reaches only the new table").contains("tried");
            }

            // The restart.
            keeper.close();
            victim.close();
            PeerNode restarted = nodes.start(P2pConfig.defaults(victimKeys, P2pTestNodes.CHAIN, "127.0.0.1", 0)
                    .withClock(clock));
            ConnectionKeeper again = ConnectionKeeper.manual(restarted, book, policy, new SplittableRandom(12));
            tickUntil(again, clock, () -> again.linkCounts().get(LinkPurpose.FULL_RELAY) == 8
                    && again.linkCounts().get(LinkPurpose.BLOCK_RELAY) == 2);

            List<KeptPeer> outbound = again.peers().stream().filter(p -> p.purpose() == LinkPurpose.FULL_RELAY
                    || p.purpose() == LinkPurpose.BLOCK_RELAY).toList();
            assertThat(outbound).hasSize(10);
            assertThat(outbound.stream().map(KeptPeer::group).distinct()).as("distinct groups").hasSize(10);
            assertThat(outbound.stream().filter(p -> p.purpose() == LinkPurpose.BLOCK_RELAY).map(KeptPeer::peerId))
                    .as("the anchors kept").containsExactlyInAnyOrderElementsOf(anchors);
            assertThat(outbound.stream().filter(p -> p.purpose() == LinkPurpose.FULL_RELAY)
                    .map(KeptPeer::peerId).filter(honest::contains))
                    .as("honest full-relay peers too, not only the anchors").isNotEmpty();
            again.close();
        }
    }

    private static void tickUntil(ConnectionKeeper keeper, SettableInstantSource clock,
            java.util.function.BooleanSupplier done) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            clock.advance(STEP);
            keeper.tick();
            return done.getAsBoolean();
        });
    }
}
