package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.net.BlockPart;
import org.pouw.crypto.Ed25519;
import org.pouw.node.net.ChainNetwork;
import org.pouw.p2p.ChainIdentity;
import org.pouw.p2p.P2pConfig;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.InMemoryPeerBook;

/**
 * Blocks pushed in parts over the real transport (docs/network.md §4): a node on real SQLite takes a real block a
 * peer pushed as {@code block_part} payloads, and bans a peer whose parts contradict each other.
 */
class PushedBlockPartsTest {
    @TempDir
    Path dir;
    private final HttpChainFixture chain = new HttpChainFixture();
    private RunningNode node;
    private PeerNode peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private ChainNetwork start() throws Exception {
        Path data = dir.resolve("node");
        chain.writeGenesis(data);
        node = new RunningNode(data, Map.of("chain.enabled", "true", "p2p.enabled", "true", "p2p.listen_port", "0",
                "p2p.allow_local_addresses", "true"), HttpChainFixture.clock());
        ChainNetwork network = node.node.chainNetwork().orElseThrow();
        byte[] chainId = chain.genesisNode().hash().toArray();
        peer = PeerNode.start(P2pConfig.defaults(Ed25519.KeyPair.generate(), new ChainIdentity(chainId, chainId),
                "127.0.0.1", 0), new InMemoryPeerBook());
        peer.connect("127.0.0.1", network.port()).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> !peer.peers().isEmpty());
        return network;
    }

    @Test
    void aBlockPushedInPartsIsTaken() throws Exception {
        ChainNetwork network = start();
        Block block = chain.mine(HttpChainFixture.ALICE, chain.genesisNode(), 1).getFirst();
        List<BlockPart> parts = BlockPart.split(chain.hash(block), block.encode());
        for (BlockPart part : parts) {
            assertThat(peer.send(network.self(), ChainNetwork.BLOCK_PART, part.encode())).isTrue();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> node.get("/v1/chain/head").json().path("height")
                .asLong() == 1);
        assertThat(node.get("/v1/chain/head").json().path("hash").asString()).isEqualTo(chain.hash(block).hex());
        assertThat(network.score(peer.self())).isZero();
    }

    @Test
    void partsThatContradictEachOtherBanTheirSender() throws Exception {
        ChainNetwork network = start();
        byte[] fake = new byte[2 * BlockPart.PART_BYTES + 100];
        org.pouw.ml.wire.Bytes32 hash = org.pouw.ml.wire.Bytes32.fromHex("3c".repeat(32));
        List<BlockPart> parts = BlockPart.split(hash, fake);
        byte[] other = parts.get(0).data();
        other[0] = 1;
        peer.send(network.self(), ChainNetwork.BLOCK_PART, parts.get(0).encode());
        peer.send(network.self(), ChainNetwork.BLOCK_PART, new BlockPart(hash, fake.length, 0, other).encode());

        await().atMost(Duration.ofSeconds(60)).until(() -> network.banned(peer.self()));
        assertThat(node.get("/v1/chain/head").json().path("height").asLong()).isZero();
    }
}
