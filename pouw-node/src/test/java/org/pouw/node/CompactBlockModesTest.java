package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.net.CompactBlock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainService;
import org.pouw.node.net.ChainNetwork;
import org.pouw.p2p.ChainIdentity;
import org.pouw.p2p.P2pConfig;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.InMemoryPeerBook;
import org.pouw.p2p.peers.Offence;

/**
 * BIP 152's two modes over the real transport between nodes on real SQLite (docs/network.md §4, "Compact blocks"):
 * a peer that has chosen nobody yet, or chooses nobody ({@code p2p.compact_high_bandwidth_peers} 0), hears a new
 * tip's hash and asks for its compact block (low-bandwidth); once a peer has given a node a new tip first, the node
 * asks it to push (high-bandwidth) and the next tip comes unannounced. An announcer that never serves the block it
 * announced costs the receiver a fallback to another announcer, and is charged.
 */
class CompactBlockModesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final HttpChainFixture chain = new HttpChainFixture();
    private final List<RunningNode> nodes = new ArrayList<>();
    private final List<PeerNode> raws = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        raws.forEach(PeerNode::close);
        nodes.forEach(RunningNode::close);
    }

    private RunningNode start(String name, Integer bootstrapPort, Map<String, String> more) {
        Path data = dir.resolve(name);
        chain.writeGenesis(data);
        Map<String, String> settings = new HashMap<>(Map.of("chain.enabled", "true", "p2p.enabled", "true",
                "p2p.listen_port", "0", "p2p.allow_local_addresses", "true"));
        if (bootstrapPort != null) {
            settings.put("p2p.bootstrap", "127.0.0.1:" + bootstrapPort);
        }
        settings.putAll(more);
        RunningNode node = new RunningNode(data, settings, HttpChainFixture.clock());
        nodes.add(node);
        return node;
    }

    private static ChainService chainOf(RunningNode node) {
        return node.node.chain().orElseThrow();
    }

    private static ChainNetwork networkOf(RunningNode node) {
        return node.node.chainNetwork().orElseThrow();
    }

    private static double metric(RunningNode node, String series) {
        String page = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
        return page.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElse(0);
    }

    private static double in(RunningNode node, String type) {
        return metric(node, "pouw_chain_net_messages_total{direction=\"in\",type=\"" + type + "\"}");
    }

    private static double out(RunningNode node, String type) {
        return metric(node, "pouw_chain_net_messages_total{direction=\"out\",type=\"" + type + "\"}");
    }

    private static long height(RunningNode node) {
        return chainOf(node).tip().height();
    }

    private static void linked(RunningNode a, RunningNode b) {
        await().atMost(PATIENCE).until(() -> !networkOf(b).peers().isEmpty() && !networkOf(a).peers().isEmpty());
    }

    private static void post(RunningNode node, Block block) {
        assertThat(chainOf(node).submitBlock(block.encode()).isRefused()).isFalse();
    }

    @Test
    void aPeerAsksForTheFirstTipThenChoosesItsDelivererAndIsPushedTheNext() {
        RunningNode a = start("a", null, Map.of());
        RunningNode b = start("b", networkOf(a).port(), Map.of());
        linked(a, b);
        List<Block> blocks = chain.mine(HttpChainFixture.ALICE, chain.genesisNode(), 4);

        post(a, blocks.get(0));
        await().atMost(PATIENCE).until(() -> height(b) == 1);
        // a gave b its new tip first: b asks a to push (send_compact), and a pushes to b from then on
        await().atMost(PATIENCE).until(() -> networkOf(a).pushingCompactBlocksTo().contains(networkOf(b).self()));
        assertThat(networkOf(b).highBandwidthPeers()).containsExactly(networkOf(a).self());
        assertThat(in(b, "whole_block")).as("nobody had asked a to push before").isZero();
        double asked = out(b, "get_compact_block");

        // A node pushes a new tip only while no catch-up session is importing a batch (NewTipRelay), and then only to
        // the links its sync knows of: on an idle machine all of this ran within the first second, before the
        // once-a-second crank had told a's sync of b, and no tip was pushed (ChainNetwork now tells the sync of new
        // links before a block is relayed). Three tips follow: at least one is pushed, every one not asked for was.
        for (int next = 1; next <= 3; next++) {
            post(a, blocks.get(next));
            long expected = next + 1;
            await().atMost(PATIENCE).until(() -> height(b) == expected);
        }
        await().atMost(PATIENCE).until(() -> in(b, "whole_block") >= 1);
        double pushed = in(b, "whole_block");
        double askedAfter = out(b, "get_compact_block") - asked;
        assertThat(pushed).as("tips pushed unannounced").isGreaterThanOrEqualTo(1);
        assertThat(askedAfter).as("tips asked for once b chose a").isLessThanOrEqualTo(3 - pushed);
        assertThat(networkOf(b).score(networkOf(a).self())).isZero();
    }

    @Test
    void aPeerThatChoosesNoHighBandwidthPeerAsksForEveryTip() {
        RunningNode a = start("a", null, Map.of());
        RunningNode c = start("c", networkOf(a).port(), Map.of("p2p.compact_high_bandwidth_peers", "0"));
        linked(a, c);
        List<Block> blocks = chain.mine(HttpChainFixture.ALICE, chain.genesisNode(), 2);

        post(a, blocks.get(0));
        await().atMost(PATIENCE).until(() -> height(c) == 1);
        post(a, blocks.get(1));
        await().atMost(PATIENCE).until(() -> height(c) == 2);

        assertThat(networkOf(a).pushingCompactBlocksTo()).isEmpty();
        assertThat(in(c, "whole_block")).as("never pushed").isZero();
        // each tip announced, then asked for as a compact block and rebuilt (a tip can come whole instead only when
        // a poll of a happened to fetch its header in the moment between a taking it and announcing it)
        assertThat(out(c, "get_compact_block")).isGreaterThanOrEqualTo(1);
        assertThat(metric(c, "pouw_chain_net_compact_blocks_total{outcome=\"rebuilt\"}")).isGreaterThanOrEqualTo(1);
        assertThat(in(c, "compact_block")).isEqualTo(out(c, "get_compact_block"));
    }

    /** A raw peer (the transport alone) linked to {@code node}. */
    private PeerNode rawPeer(RunningNode node) throws Exception {
        byte[] chainId = chain.genesisNode().hash().toArray();
        PeerNode raw = PeerNode.start(P2pConfig.defaults(Ed25519.KeyPair.generate(),
                new ChainIdentity(chainId, chainId), "127.0.0.1", 0), new InMemoryPeerBook());
        raws.add(raw);
        raw.connect("127.0.0.1", networkOf(node).port()).get(30, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> raw.peers().size() == 1);
        return raw;
    }

    @Test
    void anAnnouncerThatNeverServesCostsOnlyAFallbackToAnotherAnnouncerAndIsCharged() throws Exception {
        RunningNode b = start("b", null, Map.of());
        Block block = chain.mine(HttpChainFixture.ALICE, chain.genesisNode(), 1).getFirst();
        Bytes32 hash = chain.hash(block);
        PeerNode liar = rawPeer(b);
        PeerNode honest = rawPeer(b);
        CountDownLatch asked = new CountDownLatch(1);
        liar.serve(ChainNetwork.COMPACT_BLOCK_BY_HASH, (by, id) -> {
            asked.countDown();
            try {
                // the ask stays unanswered until the honest peer's announcement has come; then nothing is served
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        });
        honest.serve(ChainNetwork.BLOCK, (by, id) -> Bytes32.of(id).equals(hash)
                ? Optional.of(block.encode()) : Optional.empty());
        honest.serve(ChainNetwork.COMPACT_BLOCK_BY_HASH, (by, id) -> Bytes32.of(id).equals(hash)
                ? Optional.of(CompactBlock.of(block, chain.genesis.chainId(), 7, tx -> false).encode())
                : Optional.empty());

        liar.announce(ChainNetwork.BLOCK, hash.toArray());
        assertThat(asked.await(60, TimeUnit.SECONDS)).as("b asked the announcer for the compact block").isTrue();
        honest.announce(ChainNetwork.BLOCK, hash.toArray());
        await().atMost(PATIENCE).until(() -> in(b, "block_inv") >= 2);
        release.countDown();

        // the block comes from the honest announcer (whole, as the fallback; or, should the liar's ask have been
        // given up before the honest announcement was read, asked of it in turn): no stall
        await().atMost(PATIENCE).until(() -> height(b) == 1);
        assertThat(chainOf(b).tip().hash()).isEqualTo(hash);
        assertThat(metric(b, "pouw_chain_net_compact_blocks_total{outcome=\"not_served\"}")).isEqualTo(1);
        assertThat(networkOf(b).score(liar.self())).as("the announcer charged, once")
                .isEqualTo(Offence.NOT_SERVED.points());
        assertThat(networkOf(b).banned(liar.self())).isFalse();
        assertThat(networkOf(b).score(honest.self())).isZero();
    }
}
