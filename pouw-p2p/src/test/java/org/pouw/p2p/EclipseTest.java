package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.discovery.AddressBook;
import org.pouw.p2p.discovery.SignedAddress;
import org.pouw.p2p.peers.AddressRecord;
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
            // Each honest address reached moved to tried, unless two of them hashed to one tried slot (about one
            // start in 360): the second then stays in new, as test-before-evict wants. What the flood must not do
            // is move any of them.
            Set<String> triedBefore = honestAddresses.stream().filter(a -> "tried".equals(tableOf(keeper, a)))
                    .collect(Collectors.toSet());
            assertThat(triedBefore).hasSizeGreaterThanOrEqualTo(honestAddresses.size() - 2);
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
            for (String address : triedBefore) {
                assertThat(tableOf(keeper, address)).as("the flood reaches only the new table: " + address)
                        .isEqualTo("tried");
            }

            // The restart.
            keeper.close();
            victim.close();
            // Each outbound pick takes the tried or the new table at even odds, so the flood, however large, leaves
            // the honest tried entries about half of what the restarted node picks from. Read as the restart reads
            // the book; a quarter of 400 picks fails by chance about once in 10^20.
            Set<String> honestHosts = honestAddresses.stream().map(a -> a.split(":")[0])
                    .collect(Collectors.toSet());
            AddressBook asRestarted = new AddressBook(book, clock, new SplittableRandom(13));
            int honestPicks = 0;
            for (int i = 0; i < 400; i++) {
                if (asRestarted.select(false).map(c -> honestHosts.contains(c.host())).orElse(false)) {
                    honestPicks++;
                }
            }
            assertThat(honestPicks).as("honest addresses among 400 picks after the flood").isGreaterThan(100);
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
            // Beyond the anchors, whom the eight full-relay slots go to is a draw (measured above, before the
            // restart's dials), so it is not asserted here: all eight from the new table happens about one restart
            // in 256.
            again.close();
        }
    }

    private static String tableOf(ConnectionKeeper keeper, String hostAndPort) {
        String[] hostPort = hostAndPort.split(":");
        return keeper.addresses().tableOf(hostPort[0], Integer.parseInt(hostPort[1])).orElse("unknown");
    }

    /** Ticks until done; on timeout, says what the keeper holds and how each dial of an honest address went. */
    private static void tickUntil(ConnectionKeeper keeper, SettableInstantSource clock, BooleanSupplier done) {
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
                clock.advance(STEP);
                keeper.tick();
                return done.getAsBoolean();
            });
        } catch (ConditionTimeoutException e) {
            StringBuilder state = new StringBuilder("links " + keeper.linkCounts() + "; "
                    + keeper.addresses().newCount() + " new, " + keeper.addresses().triedCount() + " tried");
            for (AddressRecord r : keeper.addresses().records()) {
                if (r.host().startsWith("127.24")) {
                    state.append("\n  ").append(r.host()).append(':').append(r.port()).append(r.tried() ? " tried"
                            : " new").append(", attempts ").append(r.attempts()).append(", last try ")
                            .append(r.lastTry()).append(", last success ").append(r.lastSuccess());
                }
            }
            throw new AssertionError(state.toString(), e);
        }
    }
}
