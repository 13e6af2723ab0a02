package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.port.ChainStore;
import org.pouw.chain.port.StoredBlock;
import org.pouw.core.SettableClock;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.ChainStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;

/**
 * {@code pouw chain init|status|verify} over a node's data folder and its SQLite database: a genesis put in place, a
 * few blocks mined by training and stored, the status read back, verification passing — and failing with exit 5 and
 * the bad block named once the store holds a block that re-uses its parent's winning step.
 */
class ChainCommandTest {
    private static final long T0 = 1_767_225_600;
    private static final Ed25519.KeyPair MINER = Ed25519.KeyPair.fromPrivateKey(new byte[] {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5});

    @TempDir
    Path folder;

    @Test
    void initStatusAndVerifyOverTheNodesStore() throws Exception {
        Path data = folder.resolve("node");
        ChainGenesis genesis = DemoGenesis.forMiner(Bytes32.of(MINER.publicKey()), T0);
        Path file = folder.resolve("genesis.txt");
        Files.writeString(file, GenesisFile.format(genesis));

        CliRun init = CliRun.of("chain", "init", "--data-dir", data.toString(), "--genesis", file.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains(genesis.chainId().hex());
        assertThat(CliRun.of("chain", "init", "--data-dir", data.toString(), "--genesis", file.toString()).exit())
                .as("the same genesis again is fine").isZero();

        List<Block> mined = mineInto(data, genesis, 3);

        CliRun status = CliRun.of("chain", "status", "--data-dir", data.toString(), "--json");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.lastJson().get("height").asLong()).isEqualTo(3);
        assertThat(status.lastJson().get("stored_blocks").asLong()).isEqualTo(3);
        assertThat(status.lastJson().get("tip").asString()).isEqualTo(mined.getLast().header().hash(genesis.chainId())
                .hex());
        CliRun verified = CliRun.of("chain", "verify", "--data-dir", data.toString());
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("3 blocks valid");
        CliRun prune = CliRun.of("chain", "prune", "--data-dir", data.toString(), "--json");
        assertThat(prune.exit()).as(prune.err()).isZero();
        assertThat(prune.lastJson().get("pruned_blocks").asLong()).as("3 blocks are all within maturity + R").isZero();
        assertThat(prune.lastJson().get("pruned_up_to").asLong()).isEqualTo(3 - 360 - 100);
        CliRun verifiedJson = CliRun.of("chain", "verify", "--data-dir", data.toString(), "--json");
        assertThat(verifiedJson.lastJson().get("replays_skipped").asLong()).isZero();

        Bytes32 bad = storeALyingBlock(data, genesis, mined.getLast());
        CliRun broken = CliRun.of("chain", "verify", "--data-dir", data.toString());
        assertThat(broken.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(broken.out()).contains("block 4 " + bad.hex()).contains("STALE_TIP");
    }

    @Test
    void aBadGenesisIsRefusedNamingTheSetting() throws Exception {
        ChainGenesis genesis = DemoGenesis.forMiner(Bytes32.of(MINER.publicKey()), T0);
        Path file = folder.resolve("genesis.txt");
        Files.writeString(file, GenesisFile.format(genesis).replace("spacing_s = 60", "spacing_s = soon"));
        CliRun init = CliRun.of("chain", "init", "--data-dir", folder.resolve("node").toString(), "--genesis",
                file.toString());
        assertThat(init.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(init.err()).contains("spacing_s");
        assertThat(folder.resolve("node").resolve(ChainCommand.GENESIS_FILE)).doesNotExist();
    }

    @Test
    void theDemoGenesisIsWrittenForAMinerAndAnotherGenesisIsNotAcceptedOverIt() throws Exception {
        Path data = folder.resolve("node");
        CliRun init = CliRun.of("chain", "init", "--data-dir", data.toString(), "--demo-miner",
                Bytes32.of(MINER.publicKey()).hex());
        assertThat(init.exit()).as(init.err()).isZero();
        ChainGenesis written = GenesisFile.parse(Files.readString(data.resolve(ChainCommand.GENESIS_FILE),
                StandardCharsets.UTF_8));
        assertThat(written.allocations().getFirst().key()).isEqualTo(Bytes32.of(MINER.publicKey()));

        Path other = folder.resolve("other.txt");
        Files.writeString(other, GenesisFile.format(DemoGenesis.forMiner(Bytes32.of(MINER.publicKey()), T0)));
        assertThat(CliRun.of("chain", "init", "--data-dir", data.toString(), "--genesis", other.toString()).exit())
                .isEqualTo(ExitCodes.REFUSED);
    }

    /** Mines {@code count} blocks of the demo chain's filler tasks and imports them into the node's SQLite store. */
    private static List<Block> mineInto(Path data, ChainGenesis genesis, int count) {
        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(data))) {
            BlockImporter node = BlockImporter.open(genesis, ChainStores.on(storage),
                    new SettableClock((T0 + 86_400) * 1_000));
            ChainMiner miner = new ChainMiner(MINER, List.of(DemoGenesis.data()), ThreadTeam.single());
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Block block = miner.mine(node, node.tip(), node.ancestorTimes(node.tip()).getLast() + 60, List.of(),
                        5_000);
                assertThat(node.importBlock(block).isRefused()).isFalse();
                blocks.add(block);
            }
            return blocks;
        }
    }

    /** A block on {@code parent} that claims the parent's own winning step again, written straight to the store. */
    private static Bytes32 storeALyingBlock(Path data, ChainGenesis genesis, Block parent) {
        BlockHeader h = parent.header();
        Bytes32 parentHash = h.hash(genesis.chainId());
        Block lying = new Block(BlockHeader.sign(MINER, genesis.chainId(), h.height() + 1, parentHash,
                h.timestamp() + 60, h.bits(), h.txRoot(), h.stateRoot(), h.taskId(), h.proof()), parent.opening(),
                List.of());
        Bytes32 hash = lying.header().hash(genesis.chainId());
        try (Storage storage = StorageFactory.open(StorageConfig.sqlite(data))) {
            ChainStore store = ChainStores.on(storage);
            store.importBlock(new StoredBlock(hash, parentHash, h.height() + 1, lying.encode()), Optional.empty());
        }
        return hash;
    }
}
