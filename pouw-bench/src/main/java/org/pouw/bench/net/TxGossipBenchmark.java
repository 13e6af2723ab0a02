package org.pouw.bench.net;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.pouw.bench.Median;
import org.pouw.bench.ThreadGroupCpu;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.PouwNode;
import org.pouw.node.chain.ChainGenesisFile;
import org.pouw.node.chain.ChainService;
import org.pouw.node.config.ConfigLoader;

/**
 * Transaction gossip across real nodes (issue 20's performance section: "transaction gossip ≥ 2,000 tx/s relayed
 * across 5 nodes on 2 cores"). Starts {@code --nodes} whole nodes in this process (SQLite, the chain, the peer-to-peer
 * transport over TLS on loopback; node i bootstraps to node i − 1, and the connection keepers link them further as
 * they would), then offers {@code --txs} signed transfers from {@code --senders} accounts the genesis funds to the
 * first node's API in-process, as fast as it takes them, and times until every node's mempool has taken every one.
 * Unlike {@code LinkPropagationBenchmark} (the transport alone) every hop here is the node's real path: the mempool's
 * checks and signature verification, the relay of what it took, the fetch over the bulk stream and the next
 * mempool's checks. Transactions are signed before the clock starts (a client's work, not the network's).
 *
 * <p>Prints each round and medians over {@code --rounds} rounds after {@code --warmup} uncounted ones: the rate to
 * all nodes, the origin's own admission rate, and the process's CPU time per 1,000 transactions (all nodes share this
 * process, so on a machine others load too the CPU figure is the steadier one), and how much of that the Java
 * threads used (the nodes' work and the benchmark's own polling; the rest is the JVM's: JIT compilation, which goes
 * on for many rounds of a few seconds, and the collector). Each round sends {@code --txs / --senders}
 * transactions per sender, so all rounds together must stay within the mempool's 64 per sender. Several a sender
 * (fewer {@code --senders} than {@code --txs}) chain transactions: each addition takes the mempool's append path, and
 * a sender's transaction that gossip brings ahead of its predecessor waits among the orphans until that one comes.
 *
 * <pre>
 * ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.net.TxGossipBenchmark \
 *     [--nodes 5] [--txs 2000] [--senders 2000] [--rounds 3] [--warmup 1] [--idle-seconds 0]
 * </pre>
 *
 * <p>With {@code --rate} above 0 it offers transactions at that fixed rate instead of in rounds
 * ({@link SustainedTxOffer}: {@code --rate 2000 --seconds 10 --warmup-seconds 5 [--clients 1]}).
 */
public final class TxGossipBenchmark {
    private static final long T0 = 1_767_225_600;
    private static final int PER_SENDER_LIMIT = 64;

    private TxGossipBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = 5;
        int txs = 2_000;
        int senders = 2_000;
        int rounds = 3;
        int warmup = 1;
        int idleSeconds = 0;
        int rate = 0;
        int clients = SustainedTxOffer.DEFAULT_CLIENTS;
        int seconds = 10;
        int warmupSeconds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--txs" -> txs = Integer.parseInt(args[++i]);
                case "--senders" -> senders = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (rate > 0) {
            SustainedTxOffer.run(nodes, rate, seconds, warmupSeconds, clients);
            return;
        }
        if (nodes < 2 || senders < 1 || rounds < 1 || warmup < 0 || txs < senders || txs % senders != 0) {
            throw new IllegalArgumentException("--nodes >= 2, --rounds >= 1, --warmup >= 0, and --txs a multiple of"
                    + " --senders");
        }
        int perSender = txs / senders;
        if ((long) perSender * (rounds + warmup) > PER_SENDER_LIMIT) {
            throw new IllegalArgumentException("(--txs / --senders) x (--rounds + --warmup) must be at most "
                    + PER_SENDER_LIMIT + " (the mempool's per-sender limit), got " + perSender * (rounds + warmup));
        }
        List<Ed25519.KeyPair> keys = new ArrayList<>();
        List<GenesisAccount> funded = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            Ed25519.KeyPair key = Ed25519.KeyPair.generate();
            keys.add(key);
            funded.add(new GenesisAccount(Bytes32.of(key.publicKey()), 1_000_000_000L, 0));
        }
        Ed25519.KeyPair miner = Ed25519.KeyPair.generate();
        ChainGenesis genesis = DemoGenesis.forMiner(Bytes32.of(miner.publicKey()), T0, funded);
        Bytes32 sink = Bytes32.of(Ed25519.KeyPair.generate().publicKey());

        Path root = Files.createTempDirectory("pouw-tx-gossip");
        List<PouwNode> started = new ArrayList<>();
        try {
            List<AtomicInteger> taken = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Integer bootstrap = i == 0 ? null : started.get(i - 1).network().orElseThrow().port();
                PouwNode node = start(root.resolve("node-" + i), genesis, bootstrap);
                started.add(node);
                AtomicInteger count = new AtomicInteger();
                node.chain().orElseThrow().onTransactionTaken((id, encoded) -> count.incrementAndGet());
                taken.add(count);
            }
            Polling.until(() -> started.stream().allMatch(n -> !n.network().orElseThrow().node().peers().isEmpty()),
                    120);
            ChainService origin = started.getFirst().chain().orElseThrow();
            if (idleSeconds > 0) {
                long idleCpu = processCpuNanos();
                long idleBegun = System.nanoTime();
                Thread.sleep(idleSeconds * 1_000L);
                System.out.printf(Locale.ROOT, "idle, before any transaction: the process used %.3f cores over %d s"
                        + "%n", (double) (processCpuNanos() - idleCpu) / (System.nanoTime() - idleBegun),
                        idleSeconds);
            }

            double[] allSeconds = new double[rounds];
            double[] originSeconds = new double[rounds];
            double[] cpuMsPerThousand = new double[rounds];
            double[] javaMsPerThousand = new double[rounds];
            ThreadGroupCpu javaThreads = new ThreadGroupCpu(name -> true);
            int expected = 0;
            for (int round = 0; round < warmup + rounds; round++) {
                List<byte[]> batch = new ArrayList<>(txs);
                for (int k = 0; k < perSender; k++) {
                    long nonce = (long) round * perSender + k;
                    for (Ed25519.KeyPair key : keys) {
                        batch.add(Transaction.sign(key, genesis.chainId(), nonce, 1, new byte[0],
                                new Transfer(sink, 1)).encode());
                    }
                }
                expected += txs;
                int target = expected;
                long cpu = processCpuNanos();
                javaThreads.begin();
                java.time.Instant begunAt = java.time.Instant.now();
                long begun = System.nanoTime();
                for (byte[] encoded : batch) {
                    String refused = origin.submitTx(encoded).reason();
                    if (refused != null) {
                        throw new IllegalStateException("the origin refused a transaction: " + refused);
                    }
                }
                long submitted = System.nanoTime();
                try {
                    Polling.until(() -> taken.stream().allMatch(count -> count.get() >= target), 300);
                } catch (IllegalStateException late) {
                    throw new IllegalStateException("round " + round + ": each node took " + taken + " of "
                            + target, late);
                }
                long done = System.nanoTime();
                int r = round - warmup;
                if (r >= 0) {
                    allSeconds[r] = (done - begun) / 1e9;
                    originSeconds[r] = (submitted - begun) / 1e9;
                    cpuMsPerThousand[r] = (processCpuNanos() - cpu) / 1e6 / txs * 1_000;
                    javaMsPerThousand[r] = javaThreads.nanosSinceBegin() / 1e6 / txs * 1_000;
                    System.out.printf(Locale.ROOT, "round %d (from %s): every node %.2f s, origin %.2f s, CPU per"
                            + " 1,000 transactions %.0f ms (Java threads %.0f ms)%n", r, begunAt, allSeconds[r],
                            originSeconds[r], cpuMsPerThousand[r], javaMsPerThousand[r]);
                }
            }
            int links = started.stream().mapToInt(n -> n.network().orElseThrow().node().peers().size()).sum();
            System.out.printf(Locale.ROOT, "%d nodes (%d links), %d transfers a round from %d senders, medians of "
                    + "%d rounds after %d warm-up, %d cores%n", nodes, links / 2, txs, senders, rounds, warmup,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "taken by every node: %.2f s, %.0f tx/s%n", Median.upper(allSeconds),
                    txs / Median.upper(allSeconds));
            System.out.printf(Locale.ROOT, "taken by the origin:  %.2f s, %.0f tx/s%n", Median.upper(originSeconds),
                    txs / Median.upper(originSeconds));
            System.out.printf(Locale.ROOT, "process CPU per 1,000 transactions (all nodes): %.0f ms, of which the"
                    + " nodes' Java threads %.0f ms (the rest: the JIT compiler, the collector)%n",
                    Median.upper(cpuMsPerThousand), Median.upper(javaMsPerThousand));
        } finally {
            for (PouwNode node : started) {
                node.close();
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    static PouwNode start(Path dataDir, ChainGenesis genesis, Integer bootstrapPort) {
        return start(dataDir, genesis, bootstrapPort, Map.of());
    }

    static PouwNode start(Path dataDir, ChainGenesis genesis, Integer bootstrapPort, Map<String, String> more) {
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
        if (bootstrapPort != null) {
            settings.put("p2p.bootstrap", "127.0.0.1:" + bootstrapPort);
        }
        settings.putAll(more);
        return PouwNode.start(ConfigLoader.load(null, Map.of(), settings), Clock.system());
    }

    /** CPU time of this whole process: every node, the transport's threads, the JIT and the collector. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
