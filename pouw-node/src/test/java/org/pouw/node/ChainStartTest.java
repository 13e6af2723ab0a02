package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.port.StoredBlock;
import org.pouw.core.SettableClock;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainGenesisFile;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.ConfigLoader;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.ChainStores;

/**
 * When a node serves the chain and when it refuses to start: off by default (every chain path 404
 * {@code chain_disabled}); on, it needs a readable genesis and a database whose blocks still validate; on the demo
 * genesis it serves the demo data and takes its miner's blocks.
 */
class ChainStartTest {
    @TempDir
    Path dir;

    private final SettableClock clock = HttpChainFixture.clock();

    @Test
    void withoutTheChainEveryChainPathIsChainDisabled() {
        try (RunningNode node = new RunningNode(dir, Map.of(), clock)) {
            List<String> paths = node.node.routes().stream().filter(route -> route.path().startsWith("/v1/chain/"))
                    .map(route -> route.method() + " " + route.path()).toList();
            assertThat(paths).hasSize(15);
            for (String path : List.of("/v1/chain/head", "/v1/chain/genesis", "/v1/chain/blocks/1",
                    "/v1/chain/blocks?from=1", "/v1/chain/headers", "/v1/chain/mempool", "/v1/chain/tasks",
                    "/v1/chain/accounts/" + Ed25519.KeyPair.generate().did())) {
                RunningNode.Reply reply = node.get(path);
                assertThat(reply.status()).as(path).isEqualTo(404);
                assertThat(reply.code()).as(path).isEqualTo("chain_disabled");
            }
            assertThat(node.post("/v1/chain/blocks", "{\"block\":\"AA==\"}", null).code()).isEqualTo("chain_disabled");
            assertThat(node.post("/v1/chain/reorg/accept", "{}", null).code()).isEqualTo("chain_disabled");
            assertThat(node.node.chain()).isEmpty();
        }
    }

    private NodeConfig chainConfig() {
        return ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.toString(), "http.port", "0",
                "gate.enabled", "false", "pouw_mode", "remote", "chain.enabled", "true"));
    }

    @Test
    void aMissingGenesisStopsTheStartNamingTheFileAndWhatToRun() {
        assertThatThrownBy(() -> PouwNode.start(chainConfig(), clock)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ChainGenesisFile.FILE_NAME).hasMessageContaining("pouw chain init");
    }

    @Test
    void anUnreadableGenesisStopsTheStartNamingTheSetting() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ChainGenesisFile.FILE_NAME), "format = pouw-genesis-v2\ntimestamp = soon\n");
        assertThatThrownBy(() -> PouwNode.start(chainConfig(), clock)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ChainGenesisFile.FILE_NAME).hasMessageContaining("timestamp");
        // The refused start closed what it opened: the same folder starts once the chain is off.
        try (RunningNode node = new RunningNode(dir, Map.of(), clock)) {
            assertThat(node.get("/healthz").status()).isEqualTo(200);
        }
    }

    @Test
    void aStoredBlockThatNoLongerValidatesStopsTheStart() {
        HttpChainFixture chain = new HttpChainFixture();
        chain.writeGenesis(dir);
        try (Storage storage = StorageOpening.open(chainConfig())) {
            Bytes32 hash = Bytes32.of(Blake3.hash("tampered".getBytes(StandardCharsets.UTF_8)));
            ChainStores.on(storage).importBlock(new StoredBlock(hash, chain.genesis.chainId(), 1,
                    "not a block".getBytes(StandardCharsets.UTF_8)), Optional.of(hash));
        }
        assertThatThrownBy(() -> PouwNode.start(chainConfig(), clock)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot restore the chain").hasMessageContaining("pouw chain verify");
    }

    /** The chain {@code pouw chain init --demo-miner} writes: its data served at start, its miner's blocks taken. */
    @Test
    void theDemoChainServesItsDataAndTakesItsMinersBlocks() {
        Ed25519.KeyPair miner = HttpChainFixture.key(7);
        ChainGenesis demo = DemoGenesis.forMiner(Bytes32.of(miner.publicKey()), HttpChainFixture.T0);
        HttpChainFixture chain = new HttpChainFixture(demo);
        try (RunningNode node = chain.startNode(dir, clock)) {
            RunningNode.Reply data = node.get("/v1/chain/datasets/" + DemoGenesis.dataset().id().hash().hex());
            assertThat(data.status()).isEqualTo(200);
            assertThat(DatasetCodec.decode(data.bytes()).root()).isEqualTo(DemoGenesis.data().root());

            List<Block> blocks = chain.mine(miner, chain.genesisNode(), 2);
            for (Block block : blocks) {
                assertThat(node.post("/v1/chain/blocks", HttpChainFixture.blockBody(block), null).status())
                        .isEqualTo(200);
            }
            assertThat(node.get("/v1/chain/head").json().path("height").asLong()).isEqualTo(2);
            assertThat(Base64.getDecoder().decode(node.get("/v1/chain/genesis").json().path("genesis").asString()))
                    .isEqualTo(demo.encode());
        }
    }
}
