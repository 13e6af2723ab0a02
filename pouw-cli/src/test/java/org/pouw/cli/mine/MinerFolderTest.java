package org.pouw.cli.mine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;

/**
 * The miner's folder (docs/chain.md §11 "Crash recovery"): records written whole under their names, a write a kill cut
 * short (its hidden partial file) deleted on opening and never listed, and over a real miner's records, a file cut
 * short or with a byte changed named by its path and not used, while a miner restarted on the intact folder continues.
 */
class MinerFolderTest {
    private static final String NAME = "segment-3-" + "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void aRecordIsReplacedWholeAndAPartialWriteIsNeverListedAndIsDeletedOnOpening() throws Exception {
        Path folder = dir.resolve("alice.key.miner");
        MinerFolder store = MinerFolder.open(folder);
        store.put(NAME, new byte[] {1, 2, 3});
        store.put(NAME, new byte[] {4, 5});
        assertThat(store.read(NAME)).containsExactly(4, 5);
        // what a kill -9 in the middle of a write leaves: the partial file, the record's name untouched
        Files.write(folder.resolve("." + NAME + ".partial"), new byte[] {9});
        assertThat(store.names()).containsExactly(NAME);
        assertThat(MinerFolder.open(folder).names()).containsExactly(NAME);
        assertThat(Files.list(folder).map(path -> path.getFileName().toString())).containsExactly(NAME);
        assertThat(store.where(NAME)).isEqualTo(folder.resolve(NAME).toString());
        store.remove(NAME);
        store.remove(NAME);
        assertThat(store.names()).isEmpty();
        assertThatThrownBy(() -> store.put("../key", new byte[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../key");
    }

    @Test
    void aMinersFileCutShortOrChangedIsNamedByItsPathAndTheRestartedMinerContinues() throws Exception {
        Ed25519.KeyPair alice = FastChain.key(1);
        ChainGenesis genesis = FastChain.genesis(1_767_225_600L, 2, 320, 248, alice, FastChain.key(2),
                FastChain.key(3));
        BlockImporter node = BlockImporter.open(genesis, new InMemoryChainStore(),
                new SettableClock((1_767_225_600L + 86_400) * 1_000));
        Path folder = dir.resolve("alice.key.miner");
        try (ThreadTeam team = ThreadTeam.single()) {
            ChainMiner first = new ChainMiner(alice, List.of(DemoGenesis.data()), team, MinerFolder.open(folder));
            mine(node, first, 2);
            List<String> records = MinerFolder.open(folder).names();
            assertThat(records).anyMatch(name -> name.startsWith("segment-1-"))
                    .anyMatch(name -> name.startsWith("end-2-"));

            ChainMiner restarted = new ChainMiner(alice, List.of(DemoGenesis.data()), team, MinerFolder.open(folder));
            assertThat(restarted.restoreProblems()).isEmpty();
            mine(node, restarted, 3);       // block 3 continues block 2's segment, in the same epoch

            Path cut = folder.resolve(records.stream().filter(name -> name.startsWith("segment-1-")).findFirst()
                    .orElseThrow());
            byte[] whole = Files.readAllBytes(cut);
            Files.write(cut, Arrays.copyOf(whole, whole.length - 7));
            Path changed = folder.resolve(records.stream().filter(name -> name.startsWith("end-2-")).findFirst()
                    .orElseThrow());
            byte[] bytes = Files.readAllBytes(changed);
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(changed, bytes);
            assertThat(new ChainMiner(alice, List.of(DemoGenesis.data()), team, MinerFolder.open(folder))
                    .restoreProblems()).hasSize(2)
                    .anySatisfy(problem -> assertThat(problem).startsWith(cut.toString()).contains("cut short"))
                    .anySatisfy(problem -> assertThat(problem).startsWith(changed.toString())
                            .contains("checksum does not match"));
        }
    }

    private static void mine(BlockImporter node, ChainMiner miner, long height) {
        while (node.tip().height() < height) {
            BlockNode parent = node.tip();
            var block = miner.mine(node, parent, node.ancestorTimes(parent).getLast() + 2,
                    () -> miner.openings(node, parent, 4), 5_000);
            assertThat(block).isNotNull();
            var imported = node.importBlock(block);
            assertThat(imported.isRefused()).as(imported.toString()).isFalse();
        }
    }
}
