package org.pouw.bench.pool;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pouw.bench.LoadClientProcess;
import org.pouw.bench.Median;
import org.pouw.bench.Sitting;
import org.pouw.core.Clock;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.core.pool.PoolShareLedger;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Ed25519;
import org.pouw.node.PouwNode;
import org.pouw.node.config.ConfigLoader;
import org.pouw.pool.NodeGateKeys;
import org.pouw.pool.NodeShareChallenges;
import org.pouw.pool.attest.ShareAttestor;
import org.pouw.pool.ledger.GroupCommitLedger;
import org.pouw.pool.metrics.PoolMetrics;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.miner.ReputationSettings;
import org.pouw.pool.miner.VardiffSettings;
import org.pouw.pool.share.ShareValidator;
import org.pouw.pool.stratum.StratumServer;
import org.pouw.pool.stratum.StratumSettings;
import org.pouw.store.PoolStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import org.pouw.store.sqlite.SqliteStorage;

/**
 * Shares validated per second over Stratum V1 on loopback, with their latency (issue 23, Performance; docs/pool.md
 * §10): a node in this JVM issues the share challenges, the pool's Stratum endpoint ({@link StratumServer}, the same
 * {@link ShareValidator} as {@code pouw pool start}) judges every share — exact-length decoding, the header assembled
 * and hashed, the challenge, the target, the duplicate check committed in the share ledger before each answer — and
 * {@link StratumLoadClient} in a JVM of its own is {@code --connections} miners submitting pre-ground shares with at
 * most {@code --window} unanswered each. Each round submits {@code --shares} shares; the medians of the rounds after
 * {@code --warmup} are printed: shares/s, the pool process's CPU a share, the client's, and p50/p99 latency from a
 * submit's write to its answer.
 *
 * <p>What is not the issue's defaults, and why: difficulty is pinned at 2 (the node's floor at
 * {@code pools.min_share_bits=1}) and the per-connection cap of 10 shares/s is lifted, so a few connections can offer
 * the load and the client need not grind; vardiff would otherwise raise each benchmark miner's difficulty at once.
 * {@code --ledger sqlite} (default: SQLite in WAL mode with {@code synchronous=NORMAL}, group commit) or
 * {@code memory} (the same checks, the ledger in memory: what the transport and the checks cost alone).
 * {@code --attest} also signs and sends each accepted share's attestation (one Ed25519 signature a share).
 *
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.pool.StratumLoadBenchmark \
 *       [--rounds 5] [--warmup 2] [--shares 20000] [--connections 16] [--window 16] [--ledger sqlite|memory] \
 *       [--attest] [--client-heap 256m]
 * </pre>
 */
public final class StratumLoadBenchmark {
    private static final String POOL = PoolBenchNode.POOL;

    private StratumLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = option(args, "--rounds", 5);
        int warmup = option(args, "--warmup", 2);
        int shares = option(args, "--shares", 20_000);
        int connections = option(args, "--connections", 16);
        int window = option(args, "--window", 16);
        String ledgerKind = text(args, "--ledger", "sqlite");
        boolean attest = Arrays.asList(args).contains("--attest");
        String heap = text(args, "--client-heap", "256m");
        Sitting.print(StratumLoadBenchmark.class, args, "rounds " + rounds + " after " + warmup + " warm-up, "
                + shares + " shares a round over " + connections + " Stratum connections, window " + window
                + ", ledger " + ledgerKind + (attest ? ", attestations signed and sent" : ", no attestations")
                + ", difficulty pinned at 2, client in its own JVM");
        Path dir = Files.createTempDirectory("pouw-stratum-bench");
        try (PoolBenchNode bench = new PoolBenchNode(dir);
             Storage storage = StorageFactory.open(StorageConfig.sqlite(dir.resolve("pool")))) {
            URI nodeUrl = bench.url();
            NodeGateKeys keys = bench.keys();
            Ed25519.KeyPair poolKey = bench.poolKey();
            PoolShareLedger store = ledgerKind.equals("memory") ? new InMemoryPoolShareLedger()
                    : PoolStores.shareLedger(storage);
            if (ledgerKind.equals("sqlite")) {
                System.out.println("durability: " + (storage instanceof SqliteStorage sqlite ? "SQLite "
                        + sqlite.durability() : storage.backend()) + " (every share is answered after its commit)");
            }
            // The issue's vardiff, except the difficulty pinned at 2 and no per-connection share-rate cap.
            VardiffSettings pinned = new VardiffSettings(15_000, 90_000, 2, 2, 4, 4, Integer.MAX_VALUE, 5_000);
            Miners miners = new Miners(pinned, ReputationSettings.defaults(), Clock.system());
            try (GroupCommitLedger ledger = new GroupCommitLedger(store);
                 NodeShareChallenges challenges = new NodeShareChallenges(nodeUrl, poolKey, Clock.system());
                 StratumServer stratum = new StratumServer(StratumSettings.plainOnLoopback("127.0.0.1", 0)
                         .withLimits(Math.max(1024, connections), 10_000, 600_000, 5_000),
                         new ShareValidator(keys.challengePublicKey(), Clock.system(), 5_000, miners, ledger, POOL),
                         new PoolMetrics(miners, Clock.system()), challenges, Clock.system(),
                         new ShareAttestor(poolKey, POOL, keys.audience(), Clock.system(), 300_000))) {
                stratum.start();
                rounds(stratum.plainPort(), rounds, warmup, shares, connections, window, attest, heap, ledger);
            }
        }
    }

    private static void rounds(int port, int rounds, int warmup, int shares, int connections, int window,
            boolean attest, String heap, GroupCommitLedger ledger) throws Exception {
        List<String> clientArgs = new ArrayList<>(List.of("--port", Integer.toString(port), "--pool-name", POOL,
                "--connections", Integer.toString(connections), "--shares", Integer.toString(shares), "--rounds",
                Integer.toString(rounds + warmup), "--window", Integer.toString(window)));
        if (attest) {
            clientArgs.add("--attest");
        }
        int offered = shares / connections * connections;
        double[] rates = new double[rounds];
        double[] poolMicros = new double[rounds];
        double[] clientMicros = new double[rounds];
        double[] p50 = new double[rounds];
        double[] p99 = new double[rounds];
        try (LoadClientProcess client = LoadClientProcess.start(StratumLoadClient.class, heap, clientArgs)) {
            for (int round = -warmup; round < rounds; round++) {
                client.awaitReady();
                long commitsBefore = ledger.commits();
                long recordedBefore = ledger.recorded();
                long cpuStart = LoadClientProcess.processCpuNanos();
                String[] done = client.go();
                long poolNanos = LoadClientProcess.processCpuNanos() - cpuStart;
                int accepted = Integer.parseInt(done[1]);
                if (accepted != offered || (attest && Integer.parseInt(done[6]) != offered)) {
                    throw new IllegalStateException("accepted " + accepted + " and attested " + done[6] + " of "
                            + offered + " shares");
                }
                if (round < 0) {
                    continue;
                }
                rates[round] = offered * 1e9 / Long.parseLong(done[2]);
                poolMicros[round] = poolNanos / 1e3 / offered;
                clientMicros[round] = Long.parseLong(done[3]) / 1e3 / offered;
                p50[round] = Long.parseLong(done[4]);
                p99[round] = Long.parseLong(done[5]);
                long commits = ledger.commits() - commitsBefore;
                System.out.printf(Locale.ROOT, "round %d: %,.0f shares/s; p50 %.0f us, p99 %.0f us; us of CPU a "
                        + "share: pool process %.1f, client %.1f; %.1f shares a ledger commit (load %.1f)%n",
                        round + 1, rates[round], p50[round], p99[round], poolMicros[round], clientMicros[round],
                        (double) (ledger.recorded() - recordedBefore) / Math.max(1, commits), Sitting.load());
            }
        }
        System.out.printf(Locale.ROOT, "shares over Stratum on loopback (%d connections, window %d): median %,.0f "
                + "shares/s; p50 %.0f us, p99 %.0f us (medians of the rounds); us of CPU a share: pool process %.1f "
                + "(%,.0f per CPU-second), client %.1f%n", connections, window, Median.upper(rates), Median.upper(p50),
                Median.upper(p99), Median.upper(poolMicros), 1e6 / Median.upper(poolMicros),
                Median.upper(clientMicros));
    }

    static int option(String[] args, String name, int fallback) {
        String value = text(args, name, null);
        return value == null ? fallback : Integer.parseInt(value);
    }

    static String text(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
