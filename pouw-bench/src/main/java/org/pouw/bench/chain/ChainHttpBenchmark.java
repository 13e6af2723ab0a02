package org.pouw.bench.chain;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pouw.bench.Median;
import org.pouw.bench.Sitting;
import org.pouw.chain.block.Block;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.client.PouwClient;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.PouwNode;
import org.pouw.node.chain.ChainGenesisFile;
import org.pouw.node.config.ConfigLoader;

/**
 * What the node adds to a block's import (docs/api.md, "The chain"): mines a chain of the demo chain's blocks, then,
 * each round on a fresh SQLite data folder, starts a node with the chain enabled and posts the blocks one by one with
 * pouw-client ({@code POST /v1/chain/blocks}: base64 in JSON, the import under the service's lock, the block and tip
 * stored, the {@code chain.block} event appended), then restarts the node on the same folder (every stored block
 * validated again). Prints the medians per block — compare {@link BlockImportBenchmark}'s in-process import — and of
 * the restart.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.chain.ChainHttpBenchmark \
 *     [--blocks 30] [--rounds 5]
 * </pre>
 */
public final class ChainHttpBenchmark {
    private static final long T0 = 1_767_225_600;

    private ChainHttpBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int blocks = 30;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--blocks" -> blocks = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Sitting.print(ChainHttpBenchmark.class, args, "blocks " + blocks + ", rounds " + rounds);
        Ed25519.KeyPair key = Ed25519.KeyPair.generate();
        ChainGenesis genesis = DemoGenesis.forMiner(Bytes32.of(key.publicKey()), T0);
        List<byte[]> chain = mine(genesis, key, blocks);
        double[] perBlock = new double[rounds];
        double[] restart = new double[rounds];
        for (int round = -3; round < rounds; round++) {   // three rounds to warm the JIT up, not counted
            Path dir = Files.createTempDirectory("pouw-chain-http-bench");
            Files.writeString(dir.resolve(ChainGenesisFile.FILE_NAME), GenesisFile.format(genesis),
                    StandardCharsets.UTF_8);
            long posted;
            try (PouwNode node = start(dir); PouwClient client = new PouwClient(URI.create(node.url()), key,
                    Duration.ofSeconds(60), clock())) {
                long t0 = System.nanoTime();
                for (byte[] block : chain) {
                    if (!client.chain().submitBlock(block).status().equals("imported")) {
                        throw new IllegalStateException("a mined block was not imported");
                    }
                }
                posted = System.nanoTime() - t0;
            }
            long t1 = System.nanoTime();
            try (PouwNode node = start(dir)) {
                if (node.chain().orElseThrow().read(view -> view.tip().height()) != chain.size()) {
                    throw new IllegalStateException("the restarted node lost blocks");
                }
            }
            long restarted = System.nanoTime() - t1;
            delete(dir);
            if (round >= 0) {
                perBlock[round] = posted / 1e6 / chain.size();
                restart[round] = restarted / 1e6;
            }
            System.out.printf(Locale.ROOT, "round %d: %.2f ms per posted block, restart %.0f ms (load %.2f)%n", round,
                    posted / 1e6 / chain.size(), restarted / 1e6, Sitting.load());
        }
        System.out.printf(Locale.ROOT, "%d demo-chain blocks posted over HTTP to a node on SQLite: %.2f ms per block "
                + "(median of %d rounds)%n", chain.size(), Median.upper(perBlock), rounds);
        System.out.printf(Locale.ROOT, "node restart with them stored (every block validated again): %.0f ms%n",
                Median.upper(restart));
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static PouwNode start(Path dir) {
        return PouwNode.start(ConfigLoader.load(null, Map.of(), Map.of("data_dir", dir.toString(), "http.port", "0",
                "http.host", "127.0.0.1", "pouw_mode", "remote", "gate.enabled", "false", "chain.enabled", "true",
                "market.reaper_interval_ms", "3600000")), clock());
    }

    /** A year after genesis: every mined timestamp is in the past. */
    private static SettableClock clock() {
        return new SettableClock((T0 + 365 * 86_400L) * 1_000);
    }

    private static List<byte[]> mine(ChainGenesis genesis, Ed25519.KeyPair key, int count) {
        BlockImporter node = BlockImporter.open(genesis, new InMemoryChainStore(), clock());
        ChainMiner miner = new ChainMiner(key, List.of(DemoGenesis.data()), ThreadTeam.single());
        List<byte[]> chain = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Block block = miner.mine(node, node.tip(), node.ancestorTimes(node.tip()).getLast() + 60, List.of(),
                    5_000);
            node.importBlock(block);
            chain.add(block.encode());
        }
        return chain;
    }
}
