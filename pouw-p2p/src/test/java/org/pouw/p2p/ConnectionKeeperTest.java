package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.discovery.AddressBook;
import org.pouw.p2p.discovery.SignedAddress;
import org.pouw.p2p.peers.InMemoryPeerBook;
import org.pouw.p2p.policy.LinkPurpose;
import org.pouw.p2p.policy.PeerPolicy;
import org.pouw.p2p.wire.Addr;
import org.pouw.p2p.wire.Frame;

/** The connection keeper on real nodes over loopback: each node on its own 127.x.0.1, so each its own /16 group. */
class ConnectionKeeperTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final SettableInstantSource clock = new SettableInstantSource(Instant.parse("2026-12-06T00:00:00Z"));

    private static PeerPolicy policy(int full, int block) {
        return PeerPolicy.defaults().withSlots(full, block).withLocalAddresses(true, "");
    }

    private PeerNode node(P2pTestNodes nodes, String host) {
        return nodes.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), P2pTestNodes.CHAIN, host, 0)
                .withClock(clock));
    }

    /** Ticks the keeper until the condition holds. */
    private static void tickUntil(ConnectionKeeper keeper, BooleanSupplier done) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            keeper.tick();
            return done.getAsBoolean();
        });
    }

    private static List<String> bootstrap(List<PeerNode> peers, List<String> hosts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            out.add(hosts.get(i) + ":" + peers.get(i).port());
        }
        return out;
    }

    @Test
    void outboundSlotsFillFromDistinctGroupsAndTheBlockRelayPeerIsRedialedFirstAfterARestart() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            List<String> hosts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                hosts.add("127." + (20 + i) + ".0.1");
            }
            hosts.addAll(List.of("127.20.0.2", "127.20.0.3", "127.20.0.4"));  // three more in the first group
            List<PeerNode> peers = new ArrayList<>();
            hosts.forEach(host -> peers.add(node(nodes, host)));
            InMemoryPeerBook book = new InMemoryPeerBook();
            Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
            PeerPolicy policy = policy(3, 1).withBootstrap(bootstrap(peers, hosts));

            PeerNode victim = nodes.start(P2pConfig.defaults(keys, P2pTestNodes.CHAIN, "127.0.0.1", 0)
                    .withClock(clock));
            ConnectionKeeper keeper = ConnectionKeeper.manual(victim, book, policy, new SplittableRandom(3));
            tickUntil(keeper, () -> keeper.linkCounts().get(LinkPurpose.FULL_RELAY) == 3
                    && keeper.linkCounts().get(LinkPurpose.BLOCK_RELAY) == 1);

            List<KeptPeer> outbound = keeper.peers().stream()
                    .filter(p -> p.purpose() == LinkPurpose.FULL_RELAY || p.purpose() == LinkPurpose.BLOCK_RELAY)
                    .toList();
            assertThat(outbound).hasSize(4);
            assertThat(outbound.stream().map(KeptPeer::group).distinct()).as("one outbound peer per group")
                    .hasSize(4);
            KeptPeer anchor = outbound.stream().filter(p -> p.purpose() == LinkPurpose.BLOCK_RELAY).findFirst()
                    .orElseThrow();
            assertThat(book.anchors()).singleElement().satisfies(saved ->
                    assertThat(saved.peerId()).isEqualTo(anchor.peerId().toString()));

            keeper.close();
            victim.close();
            PeerNode restarted = nodes.start(P2pConfig.defaults(keys, P2pTestNodes.CHAIN, "127.0.0.1", 0)
                    .withClock(clock));
            ConnectionKeeper again = ConnectionKeeper.manual(restarted, book, policy(3, 1),
                    new SplittableRandom(4));
            again.tick();
            tickUntil(again, () -> again.linkCounts().get(LinkPurpose.BLOCK_RELAY) == 1);
            assertThat(again.peers()).filteredOn(p -> p.purpose() == LinkPurpose.BLOCK_RELAY).singleElement()
                    .satisfies(p -> assertThat(p.peerId()).as("the anchor, first").isEqualTo(anchor.peerId()));
            assertThat(again.addresses().triedCount()).as("tried entries kept").isGreaterThanOrEqualTo(4);
            again.close();
        }
    }

    @Test
    void signedAddressesTravelByGetAddrAndAddr() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode a = node(nodes, "127.31.0.1");
            PeerNode b = node(nodes, "127.32.0.1");
            PeerNode c = node(nodes, "127.33.0.1");
            ConnectionKeeper atA = ConnectionKeeper.manual(a, new InMemoryPeerBook(), policy(2, 0)
                    .withLocalAddresses(true, "127.31.0.1"), new SplittableRandom(1));
            ConnectionKeeper atB = ConnectionKeeper.manual(b, new InMemoryPeerBook(), policy(2, 0)
                    .withLocalAddresses(true, "127.32.0.1"), new SplittableRandom(2));
            ConnectionKeeper atC = ConnectionKeeper.manual(c, new InMemoryPeerBook(), policy(2, 0)
                    .withLocalAddresses(true, "127.33.0.1"), new SplittableRandom(3));

            // C dials B and tells it where C listens (signed by C); then A dials B and asks for addresses.
            atC.addManual("127.32.0.1", b.port()).get(10, TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> atB.addresses().tableOf("127.33.0.1", c.port()).isPresent());
            atA.addManual("127.32.0.1", b.port()).get(10, TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> atA.addresses().tableOf("127.33.0.1", c.port()).isPresent());
            assertThat(atA.addresses().tableOf("127.33.0.1", c.port())).contains("new");
            atA.close();
            atB.close();
            atC.close();
        }
    }

    @Test
    void anAddrWithAForgedRecordOrOverAThousandRecordsGetsItsSenderBanned() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode target = node(nodes, "127.41.0.1");
            ConnectionKeeper keeper = ConnectionKeeper.manual(target, new InMemoryPeerBook(), policy(2, 0),
                    new SplittableRandom(1));
            Ed25519.KeyPair someone = Ed25519.KeyPair.generate();
            SignedAddress genuine = SignedAddress.sign(someone, "45.1.2.3", 9000, clock.instant());

            PeerNode forger = node(nodes, "127.42.0.1");
            forger.connect("127.41.0.1", target.port()).get(10, TimeUnit.SECONDS);
            SignedAddress forged = new SignedAddress(genuine.peerId(), "45.9.9.9", 9000, genuine.timestamp(),
                    genuine.signature());
            forger.openLink(target.self()).orElseThrow().send(Frame.newBuilder()
                    .setAddr(Addr.newBuilder().addAddresses(forged.toWire())).build());
            await().atMost(PATIENCE).until(() -> target.bans().isBanned(forger.self().toString()));
            assertThat(keeper.addresses().tableOf("45.9.9.9", 9000)).isEmpty();

            // The forger's address (127.0.0.1, where every local dialer comes from) is banned with it; lift that.
            target.bans().unban("127.0.0.1");
            PeerNode flooder = node(nodes, "127.43.0.1");
            flooder.connect("127.41.0.1", target.port()).get(10, TimeUnit.SECONDS);
            Addr.Builder tooMany = Addr.newBuilder();
            for (int i = 0; i <= AddressBook.MAX_GOSSIP; i++) {
                tooMany.addAddresses(genuine.toWire());
            }
            flooder.openLink(target.self()).orElseThrow().send(Frame.newBuilder().setAddr(tooMany).build());
            await().atMost(PATIENCE).until(() -> target.bans().isBanned(flooder.self().toString()));
            keeper.close();
        }
    }

    @Test
    void unaskedAddressesBeyondTheTokenBucketAreDroppedUnread() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerNode target = node(nodes, "127.44.0.1");
            ConnectionKeeper keeper = ConnectionKeeper.manual(target, new InMemoryPeerBook(), policy(2, 0),
                    new SplittableRandom(1));
            PeerNode sender = node(nodes, "127.45.0.1");
            sender.connect("127.44.0.1", target.port()).get(10, TimeUnit.SECONDS);
            Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
            Addr.Builder unasked = Addr.newBuilder();
            for (int i = 0; i < 50; i++) {
                unasked.addAddresses(SignedAddress.sign(keys, "45." + i + ".0.1", 9000, clock.instant()).toWire());
            }
            sender.openLink(target.self()).orElseThrow().send(Frame.newBuilder().setAddr(unasked).build());

            await().atMost(PATIENCE).until(() -> keeper.addressesDropped() == 49);
            assertThat(keeper.addresses().newCount()).as("one token: one record read").isOne();
            assertThat(target.isConnected(sender.self())).as("no penalty for being over").isTrue();
            keeper.close();
        }
    }

    @Test
    void inboundLinksAreCappedPerIpAndRefusedWhenEveryInboundPeerIsProtected() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerPolicy policy = policy(2, 0).withMaxLinksPerIp(2);
            PeerNode target = nodes.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), P2pTestNodes.CHAIN,
                    "127.51.0.1", 0).withClock(clock).withLimits(policy.outboundReserve() + 3,
                    Duration.ofSeconds(10), 64L << 20));
            ConnectionKeeper keeper = ConnectionKeeper.manual(target, new InMemoryPeerBook(), policy,
                    new SplittableRandom(1));
            PeerNode first = node(nodes, "127.52.0.1");
            PeerNode second = node(nodes, "127.53.0.1");
            PeerNode third = node(nodes, "127.54.0.1");
            first.connect("127.51.0.1", target.port()).get(10, TimeUnit.SECONDS);
            second.connect("127.51.0.1", target.port()).get(10, TimeUnit.SECONDS);
            // The dialers' sockets all come from 127.0.0.1: the third from that IP is over max_links_per_ip.
            assertThatThrownBy(() -> third.connect("127.51.0.1", target.port()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(PeerRefusedException.class)
                    .hasMessageContaining("max_links_per_ip");

            keeper.close();
        }
    }

    @Test
    void withInboundSlotsFullAndEveryPeerProtectedANewcomerIsRefusedAndNobodyLeaves() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            PeerPolicy policy = policy(2, 0).withMaxLinksPerIp(10);
            PeerNode target = nodes.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), P2pTestNodes.CHAIN,
                    "127.55.0.1", 0).withClock(clock).withLimits(policy.outboundReserve() + 2,
                    Duration.ofSeconds(10), 64L << 20));
            ConnectionKeeper keeper = ConnectionKeeper.manual(target, new InMemoryPeerBook(), policy,
                    new SplittableRandom(1));
            PeerNode first = node(nodes, "127.56.0.1");
            PeerNode second = node(nodes, "127.57.0.1");
            PeerNode third = node(nodes, "127.58.0.1");
            first.connect("127.55.0.1", target.port()).get(10, TimeUnit.SECONDS);
            second.connect("127.55.0.1", target.port()).get(10, TimeUnit.SECONDS);

            assertThatThrownBy(() -> third.connect("127.55.0.1", target.port()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(PeerRefusedException.class)
                    .hasMessageContaining("protected");
            assertThat(target.isConnected(first.self()) && target.isConnected(second.self())).isTrue();
            assertThat(keeper.linkCounts().get(LinkPurpose.INBOUND)).isEqualTo(2);
            keeper.close();
        }
    }

    @Test
    void aStalledPeerIsReplacedAndAStaleTipAddsOneOutboundLinkUntilABlockArrives() throws Exception {
        try (P2pTestNodes nodes = new P2pTestNodes()) {
            List<String> hosts = List.of("127.61.0.1", "127.62.0.1", "127.63.0.1", "127.64.0.1", "127.65.0.1");
            List<PeerNode> peers = new ArrayList<>();
            hosts.forEach(host -> peers.add(node(nodes, host)));
            PeerNode victim = node(nodes, "127.60.0.1");
            PeerPolicy policy = policy(2, 0).withBootstrap(bootstrap(peers, hosts))
                    .withTimes(Duration.ofMinutes(2), Duration.ofMinutes(30));
            ConnectionKeeper keeper = ConnectionKeeper.manual(victim, new InMemoryPeerBook(), policy,
                    new SplittableRandom(5));
            tickUntil(keeper, () -> keeper.linkCounts().get(LinkPurpose.FULL_RELAY) == 2);

            DidKey stalling = keeper.peers().getFirst().peerId();
            keeper.stalled(stalling, "asked for 16 blocks, none came in 2 minutes");
            await().atMost(PATIENCE).until(() -> !victim.isConnected(stalling));
            tickUntil(keeper, () -> keeper.linkCounts().get(LinkPurpose.FULL_RELAY) == 2);

            clock.advance(Duration.ofMinutes(31));
            assertThat(keeper.isTipStale()).isTrue();
            tickUntil(keeper, () -> keeper.linkCounts().get(LinkPurpose.FULL_RELAY) == 3);
            Set<DidKey> withExtra = new HashSet<>();
            keeper.peers().forEach(p -> withExtra.add(p.peerId()));

            keeper.blockArrived();
            tickUntil(keeper, () -> keeper.linkCounts().get(LinkPurpose.FULL_RELAY) == 2);
            assertThat(keeper.isTipStale()).isFalse();
            Map<LinkPurpose, Integer> counts = keeper.linkCounts();
            assertThat(counts.get(LinkPurpose.INBOUND)).isZero();
            keeper.close();
        }
    }
}
