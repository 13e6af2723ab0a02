package org.pouw.bench.net;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pouw.bench.Sitting;
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
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Transaction;
import org.pouw.client.chain.BlockSubmitted;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.chain.ChainGenesisFile;
import tools.jackson.databind.JsonNode;

/**
 * Block propagation across real node processes (issue 20's performance section: "block propagation across 5 real
 * processes (p50/p99), with and without a bulk transfer in flight"). Starts {@code --nodes} {@code pouw node start}
 * processes through the project's launcher ({@code --launcher}, each its own data directory, ports and log), linked in
 * a {@code --topology} of {@code line} (node i's one outbound slot dialed to node i − 1, the first dials nobody) or
 * {@code ring} (the first dials the last as well): one full-relay outbound link a node and no block-relay ones, so
 * the connection keepers cannot shortcut the shape. The links the nodes report ({@code GET /v1/net/peers}) are checked
 * against the shape before anything is timed, and hop counts are taken from them.
 *
 * <p>Blocks are mined beforehand in this process on an in-memory copy of the chain (untimed: the node under test only
 * relays and validates), then offered one at a time to the first node over HTTP ({@code POST /v1/chain/blocks}),
 * each after the last reached every node and {@code --gap-ms} more. Each node's arrival time is its own
 * {@code chain.block} event's {@code at_ms} (BlockArrivals): a block's propagation delay to a node is that minus the
 * first node's. Prints p50 and p99 (nearest rank) by hop count and to the last node.
 *
 * <p>With {@code --bulk-mb} above 0 a second phase follows with a bulk transfer in flight: {@code --bulk-datasets}
 * datasets of about that many megabytes each ({@code --bulk-features} float features a record) are uploaded to the
 * nodes at even places of the line (untimed), a block posting a task on each (escrow 1, so none enters the miners'
 * draw and the blocks stay on the filler task that every node holds) is offered, and every other node then fetches
 * the datasets from its peers by {@code get_blob} ranges over the bulk stream (docs/network.md §4, "Blobs"; within
 * each serving peer's bulk byte budget) while the phase's blocks propagate over the same links. Each block of that
 * phase says whether blob bytes moved during its propagation; the figures count only those that did.
 *
 * <p>Bandwidth per node (link frames and bulk objects, in and out, from each node's metrics): over {@code
 * --idle-seconds} before the first block, and over each phase.
 *
 * <pre>
 * ./mvnw -B -q -pl pouw-bench,pouw-cli -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.net.BlockPropagationBenchmark \
 *     [--nodes 5] [--topology line|ring] [--blocks 30] [--warmup 3] [--gap-ms 500] [--bulk-mb 32]
 *     [--bulk-datasets 4] [--bulk-features 1000] [--idle-seconds 10] [--launcher ./pouw] [--heap 1g]
 * </pre>
 */
public final class BlockPropagationBenchmark {
    private static final long T0 = 1_767_225_600;
    private static final int PATIENCE_SECONDS = 180;

    private final Map<String, String> options;
    private final int nodeCount;
    private final boolean ring;
    private final List<LaunchedNode> nodes = new ArrayList<>();
    private int[] hops;
    private Bytes32 chainId;

    private BlockPropagationBenchmark(Map<String, String> options) {
        this.options = options;
        this.nodeCount = Integer.parseInt(options.get("nodes"));
        this.ring = switch (options.get("topology")) {
            case "line" -> false;
            case "ring" -> true;
            default -> throw new IllegalArgumentException("--topology must be line or ring, got "
                    + options.get("topology"));
        };
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("nodes", "5", "topology", "line", "blocks", "30",
                "warmup", "3", "gap-ms", "500", "bulk-mb", "0", "bulk-datasets", "4", "bulk-features", "1000"));
        options.putAll(Map.of("idle-seconds", "10", "launcher", "./pouw", "heap", "1g"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!options.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            options.put(name, args[i + 1]);
        }
        if (Integer.parseInt(options.get("nodes")) < 2 || Integer.parseInt(options.get("blocks")) < 1
                || Integer.parseInt(options.get("warmup")) < 0 || Integer.parseInt(options.get("bulk-mb")) < 0) {
            throw new IllegalArgumentException("--nodes >= 2, --blocks >= 1, --warmup >= 0, --bulk-mb >= 0");
        }
        Sitting.print(BlockPropagationBenchmark.class, args, new TreeMap<>(options).toString());
        new BlockPropagationBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        int blocks = Integer.parseInt(options.get("blocks"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int bulkMb = Integer.parseInt(options.get("bulk-mb"));
        int features = Integer.parseInt(options.get("bulk-features"));
        int datasets = Integer.parseInt(options.get("bulk-datasets"));

        Ed25519.KeyPair miner = Ed25519.KeyPair.generate();
        Ed25519.KeyPair poster = Ed25519.KeyPair.generate();
        // the node tests' easy target, so a block's winning step is found in a few training steps
        ChainGenesis genesis = new ChainGenesis(T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, 100, new ChainParameters(10, 100),
                new BlockParameters(50_000, 100_000, 2_000), new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                List.of(new GenesisAccount(Bytes32.of(miner.publicKey()), 1_000, 100_000),
                        new GenesisAccount(Bytes32.of(poster.publicKey()), 1_000_000_000L, 0)),
                TaskParameters.DEFAULTS, List.of(DemoGenesis.dataset()));

        chainId = genesis.chainId();
        // every block mined before any node starts: a run times the network and the nodes' validation only
        BlockImporter minerNode = BlockImporter.open(genesis, new InMemoryChainStore(), Clock.system());
        ChainMiner chainMiner = new ChainMiner(miner, List.of(DemoGenesis.data()), ThreadTeam.single());
        Chained chain = new Chained(minerNode, chainMiner, minerNode.node(genesis.chainId()).orElseThrow());
        List<Block> quiet = chain.mine(warmup + blocks, List.of());
        List<Dataset> bulk = new ArrayList<>();
        Block taskBlock = null;
        List<Block> underBulk = List.of();
        if (bulkMb > 0) {
            int records = Math.max(80, (int) ((long) bulkMb * 1_000_000 / (4L * features)));
            long height = chain.at.height() + 1;
            List<Transaction> posts = new ArrayList<>();
            for (int k = 0; k < datasets; k++) {
                Dataset data = DemoGenesis.blobs(records, features, 2, 0.3, 41 + k);
                bulk.add(data);
                posts.add(Transaction.sign(poster, genesis.chainId(), k, 1, new byte[0], new PayForTask(
                        new TrainingTask(MlpArchitecture.of(features, List.of(8), Activation.RELU, 2),
                                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 8),
                                data.root(), Bytes32.fromHex("e1".repeat(32)), 7, 1_000_000,
                                TargetMetric.accuracyAtLeast(0.5), 1),
                        data.size(), features, 2, height + 100, height + 130, height + 160)));
            }
            taskBlock = chain.mine(1, posts).getFirst();
            underBulk = chain.mine(blocks, List.of());
        }
        int blockBytes = quiet.getLast().encode().length;

        Path root = Files.createTempDirectory("pouw-block-propagation");
        boolean finished = false;
        try {
            startNodes(root, genesis);
            try (BlockArrivals arrivals = new BlockArrivals(nodes)) {
                System.out.printf(Locale.ROOT, "%d node processes in a %s (%s); the last quiet block %,d bytes (no "
                        + "transfers: the winner's step and any audit openings due); each block offered to n0 once "
                        + "the last reached all + %s ms%n", nodeCount, ring ? "ring" : "line", linksText(),
                        blockBytes, options.get("gap-ms"));
                int idleSeconds = Integer.parseInt(options.get("idle-seconds"));
                if (idleSeconds > 0) {
                    List<Map<String, Double>> before = snapshot();
                    long begun = System.nanoTime();
                    Thread.sleep(idleSeconds * 1_000L);
                    printBandwidth("idle, " + idleSeconds + " s", before, snapshot(), System.nanoTime() - begun);
                }
                offer(arrivals, quiet.subList(0, warmup), null);
                Phase first = offer(arrivals, quiet.subList(warmup, quiet.size()), null);
                printPhase("no bulk transfer", first, first.blocks);
                if (!bulk.isEmpty()) {
                    long bulkBytes = uploadToHolders(bulk);
                    offer(arrivals, List.of(taskBlock), null);
                    Phase second = offer(arrivals, underBulk, "blob_range");
                    printPhase("with a bulk transfer in flight (" + bulk.size() + " datasets, " + String.format(
                            Locale.ROOT, "%,d", bulkBytes) + " bytes, fetched by get_blob)", second,
                            second.bulkBlocks);
                    System.out.printf(Locale.ROOT, "blocks with blob bytes moving during their propagation: %d of %d;"
                            + " the last dataset held by %d of %d nodes at the end%n", second.bulkBlocks.size(),
                            second.blocks.size(), holders(bulk.getLast()), nodeCount);
                }
            }
            finished = true;
        } finally {
            nodes.forEach(LaunchedNode::close);
            if (finished) {
                LaunchedNode.deleteTree(root);
            } else {
                System.out.println("the nodes' data directories and logs are kept in " + root);
            }
        }
    }

    /** Mines blocks one after another on the in-memory chain, each including the miner's due openings. */
    private static final class Chained {
        private final BlockImporter importer;
        private final ChainMiner miner;
        private BlockNode at;

        Chained(BlockImporter importer, ChainMiner miner, BlockNode at) {
            this.importer = importer;
            this.miner = miner;
            this.at = at;
        }

        List<Block> mine(int count, List<Transaction> first) {
            List<Block> mined = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                BlockNode parent = at;
                List<Transaction> extra = i == 0 ? first : List.of();
                Block block = miner.mine(importer, parent, importer.ancestorTimes(parent).getLast() + 60, () -> {
                    List<Transaction> txs = new ArrayList<>(extra);
                    txs.addAll(miner.openings(importer, parent, 4));
                    return txs;
                }, 20_000);
                if (block == null) {
                    throw new IllegalStateException("no winning step in 20,000");
                }
                var result = importer.importBlock(block);
                at = importer.node(block.header().hash(importer.chainId())).orElseThrow(() ->
                        new IllegalStateException("the miner's own chain refused its block: " + result));
                mined.add(block);
            }
            return mined;
        }
    }

    private void startNodes(Path root, ChainGenesis genesis) throws Exception {
        String launcher = options.get("launcher");
        for (int i = 0; i < nodeCount; i++) {
            LaunchedNode node = new LaunchedNode("n" + i, root.resolve("n" + i));
            Files.createDirectories(node.dataDir);
            Files.writeString(node.dataDir.resolve(ChainGenesisFile.FILE_NAME), GenesisFile.format(genesis),
                    StandardCharsets.UTF_8);
            nodes.add(node);
        }
        for (int i = 0; i < nodeCount; i++) {
            List<String> settings = new ArrayList<>(List.of("p2p.block_relay_outbound=0"));
            Integer dials = i > 0 ? Integer.valueOf(i - 1) : ring ? Integer.valueOf(nodeCount - 1) : null;
            settings.add("p2p.full_relay_outbound=" + (dials == null ? 0 : 1));
            if (dials != null) {
                settings.add("p2p.bootstrap=127.0.0.1:" + nodes.get(dials).p2pPort);
            }
            nodes.get(i).start(launcher, options.get("heap"), settings);
        }
        // the launcher builds the CLI first when a source changed since its last build: minutes on a loaded machine
        Polling.until(() -> nodes.stream().allMatch(LaunchedNode::healthy), 900);
        Polling.until(this::shapeFormed, PATIENCE_SECONDS);
    }

    /** Whether the relaying links the nodes report are exactly the shape's; if so the hop counts are taken. */
    private boolean shapeFormed() {
        try {
            Set<String> expected = new TreeSet<>();
            for (int i = 1; i < nodeCount; i++) {
                expected.add(edge(i - 1, i));
            }
            if (ring && nodeCount > 2) {
                expected.add(edge(0, nodeCount - 1));
            }
            Map<String, Integer> byPeerId = new HashMap<>();
            for (int i = 0; i < nodeCount; i++) {
                byPeerId.put(nodes.get(i).admin().net().status().path("peer_id").asString(""), i);
            }
            Set<String> seen = new TreeSet<>();
            List<List<Integer>> adjacent = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                adjacent.add(new ArrayList<>());
                for (JsonNode peer : nodes.get(i).admin().net().peers().path("peers")) {
                    Integer other = byPeerId.get(peer.path("peer_id").asString(""));
                    if (other == null || peer.path("purpose").asString("").equals("feeler")) {
                        continue;
                    }
                    seen.add(edge(i, other));
                    adjacent.get(i).add(other);
                }
            }
            if (!seen.equals(expected)) {
                Thread.sleep(200);
                return false;
            }
            hops = new int[nodeCount];
            Arrays.fill(hops, -1);
            hops[0] = 0;
            Deque<Integer> queue = new ArrayDeque<>(List.of(0));
            while (!queue.isEmpty()) {
                int at = queue.poll();
                for (int next : adjacent.get(at)) {
                    if (hops[next] < 0) {
                        hops[next] = hops[at] + 1;
                        queue.add(next);
                    }
                }
            }
            return true;
        } catch (RuntimeException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String edge(int a, int b) {
        return "n" + Math.min(a, b) + "-n" + Math.max(a, b);
    }

    private String linksText() {
        List<String> text = new ArrayList<>();
        for (int i = 1; i < nodeCount; i++) {
            text.add("n" + i + " " + hops[i] + " hop" + (hops[i] == 1 ? "" : "s"));
        }
        return String.join(", ", text);
    }

    /** What one phase measured: each block's delay to each node (ms), and the blocks that met bulk traffic. */
    private record Phase(List<long[]> blocks, List<long[]> bulkBlocks, double[] loads) {
    }

    /**
     * Offers {@code blocks} to the first node one at a time, each when the last reached every node and the gap
     * passed. With {@code bulkType}, a block whose propagation saw that bulk type's bytes move is noted as such.
     */
    private Phase offer(BlockArrivals arrivals, List<Block> blocks, String bulkType) throws Exception {
        List<long[]> delays = new ArrayList<>();
        List<long[]> bulkDelays = new ArrayList<>();
        long gapMs = Long.parseLong(options.get("gap-ms"));
        double loadBefore = Sitting.load();
        List<Map<String, Double>> before = snapshot();
        double cpuBefore = nodesCpu();
        long begun = System.nanoTime();
        for (Block block : blocks) {
            String hash = block.header().hash(chainId).hex();
            double bulkBefore = bulkType == null ? 0 : bulkBytes(bulkType);
            BlockSubmitted submitted = nodes.getFirst().admin().chain().submitBlock(block.encode());
            if (!submitted.followed()) {
                throw new IllegalStateException("n0 did not follow the offered block: " + submitted);
            }
            try {
                Polling.until(() -> arrivals.everyNodeHas(hash), PATIENCE_SECONDS);
            } catch (IllegalStateException late) {
                throw new IllegalStateException("block " + hash + " did not reach every node", late);
            }
            long origin = arrivals.at(0, hash);
            long[] delay = new long[nodeCount];
            for (int i = 0; i < nodeCount; i++) {
                delay[i] = arrivals.at(i, hash) - origin;
            }
            delays.add(delay);
            if (bulkType != null && bulkBytes(bulkType) > bulkBefore) {
                bulkDelays.add(delay);
            }
            Thread.sleep(gapMs);
        }
        Phase phase = new Phase(delays, bulkDelays, new double[] {loadBefore, Sitting.load()});
        if (blocks.size() > 1) {
            long nanos = System.nanoTime() - begun;
            printBandwidth(blocks.size() + " blocks" + (bulkType == null ? "" : " with the bulk transfer"), before,
                    snapshot(), nanos);
            double cpu = nodesCpu() - cpuBefore;
            System.out.printf(Locale.ROOT, "CPU of the %d node processes over those blocks: %.1f s in %.1f s (%.2f "
                    + "cores), %.2f s a block%n", nodeCount, cpu, nanos / 1e9, cpu / (nanos / 1e9),
                    cpu / blocks.size());
        }
        return phase;
    }

    private void printPhase(String title, Phase phase, List<long[]> counted) {
        System.out.printf(Locale.ROOT, "%n%s: %d blocks counted, load average %.2f -> %.2f%n", title,
                counted.size(), phase.loads[0], phase.loads[1]);
        if (counted.isEmpty()) {
            System.out.println("  no block to count");
            return;
        }
        int maxHops = Arrays.stream(hops).max().orElse(0);
        for (int h = 1; h <= maxHops; h++) {
            List<Long> values = new ArrayList<>();
            for (long[] delay : counted) {
                for (int i = 0; i < nodeCount; i++) {
                    if (hops[i] == h) {
                        values.add(delay[i]);
                    }
                }
            }
            printRow(h + " hop" + (h == 1 ? "" : "s"), values);
        }
        List<Long> last = new ArrayList<>();
        for (long[] delay : counted) {
            last.add(Arrays.stream(delay).max().orElse(0));
        }
        printRow("every node", last);
    }

    private static void printRow(String label, List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-10s p50 %5d ms  p99 %5d ms  max %5d ms  (%d samples)%n", label,
                rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1], sorted.length);
    }

    /** Nearest-rank percentile: the smallest value at or above that share of the samples. */
    private static long rank(long[] sorted, double share) {
        return sorted[Math.max(0, (int) Math.ceil(share * sorted.length) - 1)];
    }

    private double nodesCpu() {
        return nodes.stream().mapToDouble(LaunchedNode::cpuSeconds).sum();
    }

    private List<Map<String, Double>> snapshot() throws Exception {
        List<Map<String, Double>> all = new ArrayList<>();
        for (LaunchedNode node : nodes) {
            all.add(node.metrics());
        }
        return all;
    }

    private double bulkBytes(String type) throws Exception {
        double sum = 0;
        for (LaunchedNode node : nodes) {
            // in or out: a node counts the ranges it served, and its fetches' answers may be counted elsewhere
            sum += LaunchedNode.sum(node.metrics(), "pouw_chain_net_bytes_total", "type=\"" + type + "\"");
        }
        return sum;
    }

    /** Each node's bytes a second over the interval: link frames and bulk objects, in and out. */
    private void printBandwidth(String title, List<Map<String, Double>> before, List<Map<String, Double>> after,
                                long nanos) {
        double seconds = nanos / 1e9;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < nodeCount; i++) {
            double link = bytes(after.get(i), "pouw_p2p_bytes_total") - bytes(before.get(i), "pouw_p2p_bytes_total");
            double bulk = bulkObjects(after.get(i)) - bulkObjects(before.get(i));
            line.append(String.format(Locale.ROOT, "  n%d %,.0f B/s links + %,.0f B/s bulk", i, link / seconds,
                    bulk / seconds));
        }
        System.out.printf(Locale.ROOT, "bandwidth per node (in + out), %s:%s%n", title, line);
    }

    private static double bytes(Map<String, Double> metrics, String metric) {
        return LaunchedNode.sum(metrics, metric);
    }

    private static double bulkObjects(Map<String, Double> metrics) {
        double sum = 0;
        for (String type : List.of("block_body", "tx_body", "blob_range")) {
            sum += LaunchedNode.sum(metrics, "pouw_chain_net_bytes_total", "type=\"" + type + "\"");
        }
        return sum;
    }

    /** Uploads the datasets to the nodes at even places (over HTTP, signed in with each node's key). */
    private long uploadToHolders(List<Dataset> bulk) {
        long bytes = 0;
        for (Dataset data : bulk) {
            byte[] encoded = DatasetCodec.encode(data);
            bytes += encoded.length;
            for (int i = 0; i < nodeCount; i += 2) {
                nodes.get(i).admin().chain().uploadDataset(encoded);
            }
        }
        System.out.printf(Locale.ROOT, "%nuploaded %d datasets, %,d bytes (%,d records of %d features each) to the "
                + "nodes at even places; the others fetch them from their peers once the tasks' block arrives%n",
                bulk.size(), bytes, bulk.getFirst().size(), bulk.getFirst().featureCount());
        return bytes;
    }

    private int holders(Dataset bulk) {
        int held = 0;
        for (LaunchedNode node : nodes) {
            try {
                node.admin().chain().dataset(new org.pouw.chain.task.DatasetId(bulk.root(), bulk.size()).hash()
                        .hex());
                held++;
            } catch (RuntimeException notHeld) {
                // 404: not (yet) held
            }
        }
        return held;
    }
}
