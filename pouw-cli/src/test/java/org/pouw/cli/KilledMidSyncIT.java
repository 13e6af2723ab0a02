package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.cli.mine.FastChain;
import org.pouw.core.Clock;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.ChainStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 20 item 6, with real processes: a {@code pouw node} syncing a chain from a peer is killed with SIGKILL while
 * it syncs — twice, each time at a height read over HTTP strictly between where it was and the peer's tip, so while
 * it imports blocks one after the other — and restarted on the same data folder. After each kill the stored chain is
 * checked as the crash left it, by {@code pouw chain verify} (every stored block validated again from genesis, its
 * parent stored and valid, the stored tip a valid stored block) and by reading the store itself (every block's parent
 * stored, the tip stored and at least as high as the node had shown); after the restarts the node reaches the peer's
 * tip. The chain is mined in this test into the source's database before the source starts, which validates all of it
 * again. Logs are kept in {@code target/killed-mid-sync-it/}.
 */
@RunsAlone
class KilledMidSyncIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    /**
     * Enough blocks that each kill lands mid-sync (a kill every 36 blocks or more, 108 left after the second: about half
     * a second of sync at this machine's quiet rate, against an HTTP poll every 5 ms), few enough that mining and
     * validating them again three times stays near a minute of the CI's budget (300 took 122 s of it).
     */
    private static final int BLOCKS = 180;
    private static final long SPACING = 2;
    private static final int KILLS = 2;

    @TempDir
    Path dir;

    private ChainProcesses chain;

    @BeforeEach
    void processes() {
        chain = new ChainProcesses(dir, "killed-mid-sync-it");
    }

    @AfterEach
    void stop() throws Exception {
        chain.close();
    }

    @Test
    void aNodeKilledMidSyncKeepsAWholeChainAndConvergesOnThePeersTip() throws Exception {
        Ed25519.KeyPair alice = FastChain.key(1);
        // blocks SPACING apart, the last a minute in the past: none is from the future, the target stays put
        ChainGenesis genesis = FastChain.genesis(System.currentTimeMillis() / 1_000 - BLOCKS * SPACING - 60,
                SPACING, 320, 248, alice, FastChain.key(2), FastChain.key(3));
        chain.init(genesis, List.of("source", "syncing"));
        Bytes32 tip = mineInto(dir.resolve("source"), genesis, alice);
        chain.startNode("source", List.of());
        assertThat(chain.head("source")).isEqualTo(tip.hex());

        // not awaited: the test polls its height from the moment it serves
        Process syncing = chain.launchNode("syncing", List.of(chain.peerAddress("source")));
        long shown = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            // kill at a height past the last one by a fifth of the chain, the node still short of the tip
            long past = shown + BLOCKS / (KILLS + 3);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            long height = chain.height("syncing");
            while (height < past && System.nanoTime() < deadline) {
                Thread.sleep(5);
                height = chain.height("syncing");
            }
            assertThat(height).as("kill %d: the node synced past %d", kill, past).isGreaterThanOrEqualTo(past);
            syncing.destroyForcibly();      // SIGKILL
            assertThat(syncing.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(height).as("kill %d came before the tip: mid-sync", kill).isLessThan(BLOCKS);
            shown = height;

            assertWholeChainStored(genesis, dir.resolve("syncing"), shown);
            syncing = chain.launchNode("syncing", List.of(chain.peerAddress("source")));
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> chain.head("syncing").equals(tip.hex()));

        syncing.destroyForcibly();
        assertThat(syncing.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertWholeChainStored(genesis, dir.resolve("syncing"), BLOCKS);
    }

    /**
     * The chain a crash left in {@code data}: {@code pouw chain verify} passes (every stored block valid from genesis
     * on), every stored block's parent is stored (or is genesis), and the stored tip is a stored block at least as
     * high as the node had shown over HTTP before it was killed.
     */
    private void assertWholeChainStored(ChainGenesis genesis, Path data, long shown) throws Exception {
        CliProcess.Result verify = CliProcess.run(dir, "chain", "verify", "--data-dir", data.getFileName().toString(),
                "--json");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        JsonNode report = JSON.readTree(verify.out().strip().lines().toList().getLast());
        assertThat(report.path("passed").asBoolean()).as(verify.out()).isTrue();
        assertThat(report.path("tip_height").asLong()).as(verify.out()).isGreaterThanOrEqualTo(shown);

        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(data))) {
            ChainStore store = ChainStores.on(storage);
            List<StoredBlock> blocks = store.blocksInHeightOrder();
            Set<Bytes32> stored = new HashSet<>();
            Map<Bytes32, Long> heights = new HashMap<>();
            for (StoredBlock block : blocks) {
                assertThat(block.height() == 1 || stored.contains(block.parent()))
                        .as("the parent of block %d %s is stored", block.height(), block.hash()).isTrue();
                assertThat(block.height() > 1 || block.parent().equals(genesis.chainId()))
                        .as("block 1 stands on genesis").isTrue();
                stored.add(block.hash());
                heights.put(block.hash(), block.height());
            }
            Bytes32 storedTip = store.tip().orElseThrow();
            assertThat(heights).as("the stored tip is a stored block").containsKey(storedTip);
            assertThat(heights.get(storedTip)).isGreaterThanOrEqualTo(shown)
                    .isEqualTo(report.path("tip_height").asLong());
            assertThat(store.blockCount()).isEqualTo(blocks.size());
        }
    }

    /** Mines {@link #BLOCKS} blocks, the miner opening its audits, into {@code data}'s database; returns the tip. */
    private static Bytes32 mineInto(Path data, ChainGenesis genesis, Ed25519.KeyPair key) {
        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(data))) {
            BlockImporter node = BlockImporter.open(genesis, ChainStores.on(storage), Clock.system());
            ChainMiner miner = new ChainMiner(key, List.of(DemoGenesis.data()), ThreadTeam.single());
            for (int i = 0; i < BLOCKS; i++) {
                BlockNode parent = node.tip();
                Block block = miner.mine(node, parent, node.ancestorTimes(parent).getLast() + SPACING,
                        () -> miner.openings(node, parent, 4), 5_000);
                assertThat(block).as("block %d mined", i + 1).isNotNull();
                assertThat(node.importBlock(block).isRefused()).as("block %d taken", i + 1).isFalse();
            }
            return node.tip().hash();
        }
    }
}
