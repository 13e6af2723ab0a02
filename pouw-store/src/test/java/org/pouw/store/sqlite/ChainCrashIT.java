package org.pouw.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainVerification;
import org.pouw.chain.port.ChainStore;
import org.pouw.core.port.Storage;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.store.ChainStores;
import org.pouw.store.support.MinedChain;
import org.pouw.store.support.SqliteTestDatabase;

/**
 * Issue 19: block import survives kill -9. A child JVM imports mined blocks into a real SQLite file and is killed
 * with SIGKILL mid-way; the reopened store holds every block it acknowledged, `chain verify` accepts it (every
 * winner replayed), and a restarted node imports the rest.
 */
class ChainCrashIT {
    private static final int BLOCKS = 40;
    private static final int KILL_AFTER = 12;

    @TempDir
    Path folder;

    @Test
    void aKilledImporterLeavesAStoreThatVerifiesAndImportsOn() throws Exception {
        MinedChain mined = new MinedChain(2);
        List<Block> chain = mined.mine(MinedChain.ALICE, mined.genesis().chainId(), BLOCKS);
        Path blocksFile = folder.resolve("blocks.bin");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(blocksFile))) {
            for (Block block : chain) {
                byte[] encoded = block.encode();
                out.writeInt(encoded.length);
                out.write(encoded);
            }
        }
        Path data = Files.createDirectories(folder.resolve("node"));

        long acknowledged = runAndKill(data, blocksFile);

        assertThat(acknowledged).as("the victim imported blocks before it was killed").isGreaterThanOrEqualTo(KILL_AFTER);
        try (Storage storage = new SqliteTestDatabase(data).open()) {
            ChainStore store = ChainStores.on(storage);
            ChainVerification.Report report = ChainVerification.run(mined.genesis(), store, MinedChain.clock(),
                ThreadTeam.single());
            assertThat(report.passed()).as(report.toString()).isTrue();
            assertThat((long) report.blocksValid()).isGreaterThanOrEqualTo(acknowledged);
            assertThat(report.tipHeight()).isEqualTo(report.blocksValid());

            BlockImporter restarted = MinedChain.restore(mined.genesis(), store);
            chain.forEach(restarted::importBlock);
            assertThat(restarted.tip().height()).isEqualTo(BLOCKS);
            assertThat(store.tip()).contains(mined.hash(chain.getLast()));
            assertThat(ChainVerification.run(mined.genesis(), store,
                    MinedChain.clock(), ThreadTeam.single()).blocksValid()).isEqualTo(BLOCKS);
        }
    }

    /** Starts the victim, waits for its {@value #KILL_AFTER}th acknowledged import, kills it; the last height seen. */
    private static long runAndKill(Path data, Path blocksFile) throws Exception {
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChainCrashVictim.class.getName(), data.toString(),
                blocksFile.toString()).redirectErrorStream(true).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < KILL_AFTER && (line = out.readLine()) != null) {
                if (line.startsWith("imported ")) {
                    acknowledged = Long.parseLong(line.substring("imported ".length()));
                }
            }
            victim.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no final checkpoint
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return acknowledged;
    }
}
