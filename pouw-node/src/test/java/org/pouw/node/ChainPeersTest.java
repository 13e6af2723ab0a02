package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.node.net.ChainNetwork;

/**
 * Three in-process nodes on real SQLite files, joined by the real peer-to-peer transport on loopback sockets
 * (TLS 1.3, the did:key handshake, gRPC streams): a node that starts late syncs header first from its bootstrap
 * peer, a block posted to one node reaches a node two hops away, and so does a transaction.
 */
class ChainPeersTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private final HttpChainFixture chain = new HttpChainFixture();
    private final SettableClock clock = HttpChainFixture.clock();
    private final List<RunningNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(RunningNode::close);
    }

    private RunningNode start(String name, RunningNode bootstrap) {
        Path data = dir.resolve(name);
        chain.writeGenesis(data);
        Map<String, String> settings = new HashMap<>();
        settings.put("chain.enabled", "true");
        settings.put("p2p.enabled", "true");
        settings.put("p2p.listen_port", "0");
        settings.put("p2p.allow_local_addresses", "true");
        if (bootstrap != null) {
            settings.put("p2p.bootstrap", "127.0.0.1:" + network(bootstrap).port());
        }
        RunningNode node = new RunningNode(data, settings, clock);
        nodes.add(node);
        return node;
    }

    private static ChainNetwork network(RunningNode node) {
        return node.node.chainNetwork().orElseThrow();
    }

    private static long height(RunningNode node) {
        return node.get("/v1/chain/head").json().path("height").asLong();
    }

    /** A sample's value in a Prometheus scrape (0 when absent). */
    private static double counter(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip())).orElse(0.0);
    }

    private static String head(RunningNode node) {
        return node.get("/v1/chain/head").json().path("hash").asString();
    }

    @Test
    void aLateNodeSyncsAndBlocksAndTransactionsReachANodeTwoHopsAway() {
        RunningNode a = start("a", null);
        List<Block> blocks = chain.mine(HttpChainFixture.ALICE, chain.genesisNode(), 4);
        for (Block block : blocks.subList(0, 3)) {
            assertThat(a.post("/v1/chain/blocks", HttpChainFixture.blockBody(block), null).status()).isEqualTo(200);
        }

        RunningNode b = start("b", a);
        RunningNode c = start("c", b);
        await().atMost(PATIENCE).until(() -> height(b) == 3 && height(c) == 3);
        assertThat(head(c)).isEqualTo(head(a));
        assertThat(network(b).peers()).hasSize(2);
        // the initial-sync figure: b's target is the height a stated when they linked, and b reached it (the figure
        // is refreshed once a second, and before b's first crank it is the empty chain's, trivially caught up)
        await().atMost(PATIENCE).until(() -> {
            tools.jackson.databind.JsonNode figure = b.get("/v1/net/status").json().path("sync");
            return figure.path("caught_up").asBoolean() && figure.path("height").asLong() == 3;
        });
        tools.jackson.databind.JsonNode sync = b.get("/v1/net/status").json().path("sync");
        assertThat(sync.path("height").asLong()).isEqualTo(3);
        assertThat(sync.path("target_height").asLong()).isEqualTo(3);
        assertThat(sync.path("progress").asDouble()).isEqualTo(1.0);

        // mined elsewhere and posted to a: announced once validated, fetched by b, validated, announced to c
        assertThat(a.post("/v1/chain/blocks", HttpChainFixture.blockBody(blocks.get(3)), null).status())
                .isEqualTo(200);
        await().atMost(PATIENCE).until(() -> height(c) == 4);
        assertThat(head(c)).isEqualTo(head(a));

        // a transaction taken by c's mempool is relayed to a through b
        Transaction transfer = chain.transfer(HttpChainFixture.CAROL, 0, 10, HttpChainFixture.BOB, 500);
        assertThat(c.post("/v1/chain/txs", HttpChainFixture.txBody(transfer), null).status()).isEqualTo(202);
        String encoded = java.util.Base64.getEncoder().encodeToString(transfer.encode());
        await().atMost(PATIENCE).until(() -> a.get("/v1/chain/mempool").json().path("txs").toString()
                .contains(encoded));

        // the connection keepers heard of the useful relays: the inbound eviction protects such peers
        java.util.function.Function<RunningNode, List<org.pouw.p2p.KeptPeer>> kept =
                node -> node.node.network().orElseThrow().keeper().peers();
        await().atMost(PATIENCE).until(() -> kept.apply(a).stream()
                .anyMatch(peer -> peer.lastTxAt().getEpochSecond() != 0));
        assertThat(kept.apply(c)).as("c took block 4 from b").anyMatch(peer -> peer.lastBlockAt().getEpochSecond() != 0);

        // the chain's own traffic is counted by message type: c synced headers and block bodies from b
        String metrics = new String(c.get("/v1/pouw/metrics").bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(counter(metrics, "pouw_chain_net_messages_total{direction=\"in\",type=\"headers\"}")).isPositive();
        // the blocks' bytes came in a catch-up session's bodies, or (since the low-bandwidth mode, when c heard an
        // announcement first: once on an idle CI machine) as compact blocks asked for, or pushed whole
        double blockBytes = 0;
        for (String type : List.of("block_body", "compact_block", "block_txn", "whole_block")) {
            blockBytes += counter(metrics, "pouw_chain_net_bytes_total{direction=\"in\",type=\"" + type + "\"}");
        }
        assertThat(blockBytes).as("bytes of blocks c took from b").isGreaterThan(1_000);
        assertThat(counter(metrics, "pouw_chain_net_messages_total{direction=\"out\",type=\"get_headers\"}"))
                .isPositive();
        assertThat(metrics).contains("pouw_chain_net_rejects_total{code=\"block_step_refused\",direction=\"in\"}");
        // block 4 was a new tip at a: pushed whole to b if b had asked a to push (BIP 152's high-bandwidth mode),
        // otherwise announced and asked for as a compact block (low-bandwidth); either way not a catch-up fetch
        String metricsB = new String(b.get("/v1/pouw/metrics").bytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(counter(metricsB, "pouw_chain_net_messages_total{direction=\"in\",type=\"whole_block\"}")
                + counter(metricsB, "pouw_chain_net_messages_total{direction=\"in\",type=\"compact_block\"}"))
                .as("block 4 pushed or asked for as a compact block").isPositive();

        // nobody was punished along the way
        for (RunningNode node : nodes) {
            assertThat(network(node).signerFaults()).isEmpty();
            network(node).peers().forEach(peer -> assertThat(network(node).score(peer.peerId())).isZero());
        }
    }

    @Test
    void aBlockOfAnotherChainNeverConnectsItsNode() {
        RunningNode a = start("a", null);
        HttpChainFixture other = new HttpChainFixture(HttpChainFixture.genesis(101));
        Path data = dir.resolve("other");
        other.writeGenesis(data);
        Map<String, String> settings = new HashMap<>(Map.of("chain.enabled", "true", "p2p.enabled", "true",
                "p2p.listen_port", "0", "p2p.allow_local_addresses", "true", "p2p.bootstrap", "127.0.0.1:" + network(a).port()));
        RunningNode stranger = new RunningNode(data, settings, clock);
        nodes.add(stranger);
        Block foreign = other.mine(HttpChainFixture.ALICE, other.genesisNode(), 1).getFirst();
        assertThat(stranger.post("/v1/chain/blocks", HttpChainFixture.blockBody(foreign), null).status())
                .isEqualTo(200);

        // the handshake refuses another chain id (WRONG_CHAIN): no link, so its blocks never reach a
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> network(a).peers().isEmpty());
        assertThat(height(a)).isZero();
        assertThat(height(stranger)).isEqualTo(1);
    }
}
