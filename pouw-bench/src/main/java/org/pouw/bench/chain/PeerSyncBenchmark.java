package org.pouw.bench.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.pouw.bench.Median;
import org.pouw.chain.block.Block;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.core.Clock;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.PouwNode;
import org.pouw.node.chain.ChainGenesisFile;
import org.pouw.node.chain.ChainService;
import org.pouw.node.config.ConfigLoader;

/**
 * Initial sync over the real transport (issue 20's "sync of N blocks from one peer and from three", docs/network.md):
 * mines a chain of the demo chain's blocks (its one miner opening its audits, so a chain longer than the audit
 * maturity can be mined: 1,440 blocks are a day at the chain's spacing, the catch-up bound's case), posts it to as
 * many source nodes as the largest of {@code --peers}, then in each round, for each count of {@code --peers} in turn (so the counts are alternated in one sitting), starts a
 * fresh node (SQLite, TLS peer links on loopback) that bootstraps to that many sources and syncs header first, and
 * times its start, then from its start until its tip is the sources'. Prints the median over rounds of blocks per second and megabytes of block bodies per second, beside the
 * median time of a plain import of the same blocks into an in-memory importer in this thread: the goal is a sync
 * bounded by validation, not by the network. A node validates each block once more at its import into the database
 * and announces it, so the sync also pays for storing blocks the plain import does not.
 *
 * <pre>
 * ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.chain.PeerSyncBenchmark \
 *     [--blocks 100] [--rounds 3] [--peers 1,3]
 * </pre>
 */
public final class PeerSyncBenchmark {
    private static final long T0 = 1_767_225_600;
    /** As many audit openings as the miner puts in one block (each replays at most a few windows of steps). */
    private static final int OPENINGS_PER_BLOCK = 4;

    private PeerSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int blocks = 100;
        int rounds = 3;
        List<Integer> peerCounts = List.of(1);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--blocks" -> blocks = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--peers" -> peerCounts = Stream.of(args[++i].split(",")).map(Integer::parseInt).toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Ed25519.KeyPair key = Ed25519.KeyPair.generate();
        ChainGenesis genesis = DemoGenesis.forMiner(Bytes32.of(key.publicKey()), T0);
        List<Block> chain = mine(genesis, key, blocks);
        long bytes = chain.stream().mapToLong(block -> block.encode().length).sum();
        Path root = Files.createTempDirectory("pouw-peer-sync");
        int peers = peerCounts.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<PouwNode> sources = new ArrayList<>();
        try {
            List<String> addresses = new ArrayList<>();
            Bytes32 tip = null;
            for (int s = 0; s < peers; s++) {
                PouwNode source = start(root.resolve("source-" + s), genesis, null);
                sources.add(source);
                ChainService served = source.chain().orElseThrow();
                for (Block block : chain) {
                    if (served.submitBlock(block.encode()).reason() != null) {
                        throw new IllegalStateException("a mined block was refused by a source node");
                    }
                }
                tip = served.tip().hash();
                addresses.add("127.0.0.1:" + source.network().orElseThrow().port());
            }
            double[][] syncSeconds = new double[peerCounts.size()][rounds];
            double[] startSeconds = new double[rounds * peerCounts.size()];
            double[] importSeconds = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                importSeconds[round] = plainImport(genesis, chain);
                for (int c = 0; c < peerCounts.size(); c++) {
                    String bootstrap = String.join(",", addresses.subList(0, peerCounts.get(c)));
                    long started = System.nanoTime();
                    try (PouwNode fresh = start(root.resolve("fresh-" + round + "-" + c), genesis, bootstrap)) {
                        long up = System.nanoTime();
                        startSeconds[round * peerCounts.size() + c] = (up - started) / 1e9;
                        ChainService synced = fresh.chain().orElseThrow();
                        while (!synced.tip().hash().equals(tip)) {
                            Thread.sleep(20);
                            if (System.nanoTime() - started > 1_800_000_000_000L) {
                                throw new IllegalStateException("no sync in 30 minutes");
                            }
                        }
                        syncSeconds[c][round] = (System.nanoTime() - up) / 1e9;
                        System.out.printf(Locale.ROOT, "round %d, %d peer(s): %.2f s, %.1f blocks/s%n", round + 1,
                                peerCounts.get(c), syncSeconds[c][round], blocks / syncSeconds[c][round]);
                    }
                }
            }
            double plain = Median.upper(importSeconds);
            System.out.printf(Locale.ROOT, "%d blocks of the demo chain, %.2f MB of bodies, medians of %d rounds%n",
                    blocks, bytes / 1e6, rounds);
            System.out.printf(Locale.ROOT, "node start (golden steps, database, TLS server): %.1f s%n",
                    Median.upper(startSeconds));
            for (int c = 0; c < peerCounts.size(); c++) {
                double sync = Median.upper(syncSeconds[c]);
                System.out.printf(Locale.ROOT, "sync from %d peer(s) after the start: %.2f s, %.1f blocks/s, %.2f MB/s%n",
                        peerCounts.get(c), sync, blocks / sync, bytes / 1e6 / sync);
            }
            System.out.printf(Locale.ROOT, "plain import of the same blocks:          %.1f s, %.1f blocks/s%n",
                    plain, blocks / plain);
        } finally {
            for (PouwNode source : sources) {
                source.close();
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static List<Block> mine(ChainGenesis genesis, Ed25519.KeyPair key, int count) {
        BlockImporter node = BlockImporter.open(genesis, new InMemoryChainStore(), clock());
        ChainMiner miner = new ChainMiner(key, List.of(DemoGenesis.data()), ThreadTeam.single());
        List<Block> chain = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BlockNode parent = node.tip();
            // The miner answers its audits as `pouw mine` does: an audit still unopened at maturity (360 blocks on
            // the demo chain) slashes the whole stake, and with no other miner the chain stopped at block 361.
            Block block = miner.mine(node, parent, node.ancestorTimes(parent).getLast() + 60,
                    () -> miner.openings(node, parent, OPENINGS_PER_BLOCK), 5_000);
            if (block == null || node.importBlock(block).isRefused()) {
                throw new IllegalStateException("the miner's own chain stopped at block " + (i + 1));
            }
            chain.add(block);
        }
        return chain;
    }

    private static double plainImport(ChainGenesis genesis, List<Block> chain) {
        BlockImporter node = BlockImporter.open(genesis, new InMemoryChainStore(), clock());
        long started = System.nanoTime();
        for (Block block : chain) {
            if (node.importBytes(block.encode()).isRefused()) {
                throw new IllegalStateException("a mined block did not import");
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static PouwNode start(Path dataDir, ChainGenesis genesis, String bootstrap) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(ChainGenesisFile.FILE_NAME), GenesisFile.format(genesis),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>(Map.of("data_dir", dataDir.toString(), "http.port", "0",
                "pouw_mode", "remote", "gate.enabled", "false", "chain.enabled", "true", "p2p.enabled", "true",
                "p2p.listen_port", "0", "p2p.allow_local_addresses", "true"));
        if (bootstrap != null) {
            settings.put("p2p.bootstrap", bootstrap);
        }
        return PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system());
    }

    /** The demo chain's blocks are a minute apart from its genesis: a year on, every one is in the past. */
    private static SettableClock clock() {
        return new SettableClock((T0 + 365 * 86_400L) * 1_000);
    }
}
