package org.pouw.bench.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.pouw.bench.Median;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.PouwNode;
import org.pouw.node.chain.ChainGenesisFile;
import org.pouw.node.config.ConfigLoader;

/**
 * Propagation of blocks larger than one link frame through whole nodes, with and without compact blocks (issue 20;
 * docs/network.md §4, "Compact blocks"). Starts {@code --nodes} whole nodes in this process (SQLite, the chain, the
 * TLS transport on loopback; node i bootstraps to node i − 1) with {@code p2p.compact_blocks} as {@code --compact}
 * says. Each round gives every node's mempool the same {@code --txs} transfers carrying 80 bytes of data each (as
 * gossip would have, untimed), mines a valid block of them on an in-memory miner node (untimed), offers it to the first
 * node and times until every node's tip is that block. With compact blocks the tip is pushed to the few as its header
 * and 6-byte short ids and rebuilt from each mempool; without, pushed in 224 KiB parts (blocks up to 2 MiB) or only
 * announced and fetched whole.
 *
 * <p>Prints medians over {@code --rounds}: the time to the last node, and the chain protocol's block bytes (compact
 * blocks, their transactions, pushed blocks and parts, fetched bodies) received per node per block.
 *
 * <pre>
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.net.CompactBlockBenchmark \
 *     [--nodes 5] [--txs 1100] [--rounds 5] [--compact true|false]
 * </pre>
 */
public final class CompactBlockBenchmark {
    private static final long T0 = 1_767_225_600;
    private static final int SENDERS = 44;
    private static final List<String> BLOCK_BYTE_TYPES = List.of("compact_block", "block_txn", "whole_block",
            "block_body");

    private CompactBlockBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = 5;
        int txs = 1_100;
        int rounds = 5;
        boolean compact = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--txs" -> txs = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--compact" -> compact = Boolean.parseBoolean(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (nodes < 2 || rounds < 1 || txs < 1 || txs > 2_000 || Math.ceilDiv(txs, SENDERS) > 64) {
            throw new IllegalArgumentException("--nodes >= 2, --rounds >= 1, --txs 1 to 2,000");
        }
        Ed25519.KeyPair miner = Ed25519.KeyPair.generate();
        List<Ed25519.KeyPair> senders = new ArrayList<>();
        List<GenesisAccount> accounts = new ArrayList<>(List.of(
                new GenesisAccount(Bytes32.of(miner.publicKey()), 1_000, 100_000)));
        for (int i = 0; i < SENDERS; i++) {
            senders.add(Ed25519.KeyPair.generate());
            accounts.add(new GenesisAccount(Bytes32.of(senders.get(i).publicKey()), 1_000_000_000L, 0));
        }
        // the node tests' easy target, so a block's winning step is found in a few training steps
        ChainGenesis genesis = new ChainGenesis(T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, 100, new ChainParameters(10, 100),
                new BlockParameters(50_000, 100_000, 2_000), new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                accounts, TaskParameters.DEFAULTS, List.of(DemoGenesis.dataset()));
        BlockImporter minerNode = BlockImporter.open(genesis, new InMemoryChainStore(), Clock.system());
        ChainMiner chainMiner = new ChainMiner(miner, List.of(DemoGenesis.data()), ThreadTeam.single());
        Bytes32 sink = Bytes32.of(Ed25519.KeyPair.generate().publicKey());

        Path root = Files.createTempDirectory("pouw-compact-blocks");
        List<PouwNode> started = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < nodes; i++) {
                Integer bootstrap = i == 0 ? null : started.get(i - 1).network().orElseThrow().port();
                started.add(start(root.resolve("node-" + i), genesis, bootstrap, compact));
            }
            Polling.until(() -> started.stream().allMatch(n -> !n.network().orElseThrow().node().peers().isEmpty()),
                    120);
            double[] seconds = new double[rounds];
            double[] bytesPerNode = new double[rounds];
            int blockBytes = 0;
            BlockNode at = minerNode.node(genesis.chainId()).orElseThrow();
            for (int round = 0; round < rounds; round++) {
                List<Transaction> batch = new ArrayList<>();
                for (int k = 0; k < txs; k++) {
                    byte[] data = new byte[Transaction.MAX_DATA];
                    data[0] = (byte) k;
                    batch.add(Transaction.sign(senders.get(k % SENDERS), genesis.chainId(),
                            (long) round * Math.ceilDiv(txs, SENDERS) + k / SENDERS, 1, data, new Transfer(sink, 1)));
                }
                // each transaction to every node before the next, so the nodes' announcements find it held
                for (Transaction tx : batch) {
                    byte[] encoded = tx.encode();
                    for (PouwNode node : started) {
                        node.chain().orElseThrow().submitTx(encoded);
                    }
                }
                Block block = chainMiner.mine(minerNode, at, minerNode.ancestorTimes(at).getLast() + 60, batch,
                        20_000);
                if (block == null) {
                    throw new IllegalStateException("no winning step in 20,000");
                }
                minerNode.importBlock(block);
                Bytes32 hash = block.header().hash(genesis.chainId());
                at = minerNode.node(hash).orElseThrow();
                byte[] encoded = block.encode();
                blockBytes = encoded.length;
                double before = blockBytesIn(http, started);

                long begun = System.nanoTime();
                var submission = started.getFirst().chain().orElseThrow().submitBlock(encoded);
                if (submission.isRefused()) {
                    throw new IllegalStateException("the first node refused the block: " + submission.reason());
                }
                Polling.until(() -> started.stream().allMatch(n -> n.chain().orElseThrow().tip().hash().equals(hash)),
                        120);
                seconds[round] = (System.nanoTime() - begun) / 1e9;
                Thread.sleep(200);      // let late messages (announcements answered after the tip moved) land
                bytesPerNode[round] = (blockBytesIn(http, started) - before) / (nodes - 1);
            }
            System.out.printf(Locale.ROOT, "%d nodes, compact blocks %s, %d transfers a block (%,d bytes), medians of"
                    + " %d rounds, %d cores%n", nodes, compact ? "on" : "off", txs, blockBytes, rounds,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "block at every node: %.0f ms (rounds: %s)%n", Median.upper(seconds) * 1_000,
                    Arrays.toString(Arrays.stream(seconds).mapToLong(s -> Math.round(s * 1_000)).toArray()));
            System.out.printf(Locale.ROOT, "block bytes received per node: %,.0f%n", Median.upper(bytesPerNode));
        } finally {
            for (PouwNode node : started) {
                node.close();
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The chain protocol's block bytes received, summed over the nodes, from their Prometheus pages. */
    private static double blockBytesIn(HttpClient http, List<PouwNode> nodes) throws Exception {
        double sum = 0;
        for (PouwNode node : nodes) {
            String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                    + "/v1/pouw/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : page.lines().toList()) {
                for (String type : BLOCK_BYTE_TYPES) {
                    if (line.startsWith("pouw_chain_net_bytes_total{direction=\"in\",type=\"" + type + "\"}")) {
                        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            }
        }
        return sum;
    }

    private static PouwNode start(Path dataDir, ChainGenesis genesis, Integer bootstrapPort, boolean compact) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(ChainGenesisFile.FILE_NAME), GenesisFile.format(genesis),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>(Map.of("data_dir", dataDir.toString(), "http.port", "0",
                "pouw_mode", "remote", "gate.enabled", "false", "chain.enabled", "true", "p2p.enabled", "true",
                "p2p.listen_port", "0", "p2p.allow_local_addresses", "true",
                "p2p.compact_blocks", String.valueOf(compact)));
        if (bootstrapPort != null) {
            settings.put("p2p.bootstrap", "127.0.0.1:" + bootstrapPort);
        }
        return PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system());
    }
}
