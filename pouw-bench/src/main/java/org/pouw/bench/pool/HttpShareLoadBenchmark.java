package org.pouw.bench.pool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.pouw.bench.LoadClientProcess;
import org.pouw.bench.Median;
import org.pouw.bench.Sitting;
import org.pouw.core.Clock;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.core.pool.PoolShareLedger;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.NodeShareChallenges;
import org.pouw.pool.http.PoolHttpServer;
import org.pouw.pool.ledger.GroupCommitLedger;
import org.pouw.store.PoolStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;

/**
 * Shares validated per second over HTTP, {@code POST /pool/share} end to end (issue 23, Performance; docs/pool.md
 * §10): a node in this JVM issues one share challenge to each of {@code --miners} miners, the pool's HTTP server
 * ({@link PoolHttpServer}, as {@code pouw pool start} runs it) judges every share — the miner's Ed25519 signature over
 * the share, the node's challenge (verified once, then cached), the header, the target, the duplicate check committed
 * in the share ledger — and answers with its signed attestation; {@link HttpShareLoadClient} in a JVM of its own
 * posts pre-ground, pre-signed shares over {@code --connections} kept-alive connections. Medians of the rounds after
 * {@code --warmup}: shares/s, the pool process's CPU a share, the client's, and p50/p99 latency of a request. Unlike
 * Stratum, where a miner proves its did once at {@code mining.authorize}, every HTTP share carries the miner's
 * signature, so each costs one Ed25519 verification and one signature (the attestation) more.
 *
 * <p>Difficulty is pinned at 2 and the per-miner rate cap lifted, as in {@link StratumLoadBenchmark}.
 *
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.pool.HttpShareLoadBenchmark \
 *       [--rounds 5] [--warmup 2] [--shares 20000] [--connections 16] [--miners 16] [--ledger sqlite|memory] \
 *       [--client-heap 512m]
 * </pre>
 */
public final class HttpShareLoadBenchmark {
    private HttpShareLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = StratumLoadBenchmark.option(args, "--rounds", 5);
        int warmup = StratumLoadBenchmark.option(args, "--warmup", 2);
        int shares = StratumLoadBenchmark.option(args, "--shares", 20_000);
        int connections = StratumLoadBenchmark.option(args, "--connections", 16);
        int minerCount = StratumLoadBenchmark.option(args, "--miners", 16);
        String ledgerKind = StratumLoadBenchmark.text(args, "--ledger", "sqlite");
        String heap = StratumLoadBenchmark.text(args, "--client-heap", "512m");
        Sitting.print(HttpShareLoadBenchmark.class, args, "rounds " + rounds + " after " + warmup + " warm-up, "
                + shares + " shares a round from " + minerCount + " miners over " + connections + " HTTP/1.1 "
                + "connections, ledger " + ledgerKind + ", every share attested, difficulty pinned at 2, client in "
                + "its own JVM");
        Path dir = Files.createTempDirectory("pouw-http-share-bench");
        try (PoolBenchNode bench = new PoolBenchNode(dir);
             Storage storage = StorageFactory.open(StorageConfig.sqlite(dir.resolve("pool")));
             NodeShareChallenges challenges = new NodeShareChallenges(bench.url(), bench.poolKey(), Clock.system())) {
            List<String> minerLines = new ArrayList<>();
            for (int i = 0; i < minerCount; i++) {
                Ed25519.KeyPair miner = Ed25519.KeyPair.generate();
                minerLines.add(HexFormat.of().formatHex(miner.privateKey()) + " "
                        + challenges.issue(miner.did().toString()));
            }
            Path minersFile = dir.resolve("miners.txt");
            Files.write(minersFile, minerLines, StandardCharsets.UTF_8);
            PoolShareLedger store = ledgerKind.equals("memory") ? new InMemoryPoolShareLedger()
                    : PoolStores.shareLedger(storage);
            try (GroupCommitLedger ledger = new GroupCommitLedger(store)) {
                PoolHttpServer http = bench.startPoolHttp(ledger);
                try {
                    rounds("http://127.0.0.1:" + http.port(), minersFile, rounds, warmup, shares, connections, heap,
                            ledger);
                } finally {
                    http.close();
                }
            }
        }
    }

    private static void rounds(String url, Path minersFile, int rounds, int warmup, int shares, int connections,
            String heap, GroupCommitLedger ledger) throws Exception {
        double[] rates = new double[rounds];
        double[] poolMicros = new double[rounds];
        double[] clientMicros = new double[rounds];
        double[] p50 = new double[rounds];
        double[] p99 = new double[rounds];
        try (LoadClientProcess client = LoadClientProcess.start(HttpShareLoadClient.class, heap, List.of("--url",
                url, "--miners-file", minersFile.toString(), "--connections", Integer.toString(connections),
                "--shares", Integer.toString(shares), "--rounds", Integer.toString(rounds + warmup)))) {
            for (int round = -warmup; round < rounds; round++) {
                client.awaitReady();
                long commitsBefore = ledger.commits();
                long recordedBefore = ledger.recorded();
                long cpuStart = LoadClientProcess.processCpuNanos();
                String[] done = client.go();
                long poolNanos = LoadClientProcess.processCpuNanos() - cpuStart;
                if (Integer.parseInt(done[1]) != shares) {
                    throw new IllegalStateException("accepted " + done[1] + " of " + shares + " shares");
                }
                if (round < 0) {
                    continue;
                }
                rates[round] = shares * 1e9 / Long.parseLong(done[2]);
                poolMicros[round] = poolNanos / 1e3 / shares;
                clientMicros[round] = Long.parseLong(done[3]) / 1e3 / shares;
                p50[round] = Long.parseLong(done[4]);
                p99[round] = Long.parseLong(done[5]);
                System.out.printf(Locale.ROOT, "round %d: %,.0f shares/s; p50 %.0f us, p99 %.0f us; us of CPU a "
                        + "share: pool process %.1f, client %.1f; %.1f shares a ledger commit (load %.1f)%n",
                        round + 1, rates[round], p50[round], p99[round], poolMicros[round], clientMicros[round],
                        (double) (ledger.recorded() - recordedBefore) / Math.max(1, ledger.commits()
                                - commitsBefore), Sitting.load());
            }
        }
        System.out.printf(Locale.ROOT, "shares over HTTP on loopback (%d connections): median %,.0f shares/s; p50 %.0f "
                + "us, p99 %.0f us (medians of the rounds); us of CPU a share: pool process %.1f (%,.0f per "
                + "CPU-second), client %.1f%n", connections, Median.upper(rates),
                Median.upper(p50), Median.upper(p99), Median.upper(poolMicros),
                1e6 / Median.upper(poolMicros), Median.upper(clientMicros));
    }
}
