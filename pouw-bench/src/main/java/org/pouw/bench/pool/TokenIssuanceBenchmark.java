package org.pouw.bench.pool;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.bench.LoadClientProcess;
import org.pouw.bench.Median;
import org.pouw.bench.Sitting;
import org.pouw.bench.gate.ReceiptLoadClient;
import org.pouw.client.KeptAliveConnection;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.crypto.Base58;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.GateTypeTag;
import org.pouw.gate.receipt.EddsaJcs2022;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.pool.NodeShareChallenges;
import org.pouw.pool.http.PoolHttpServer;
import org.pouw.pool.ledger.GroupCommitLedger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens issued per second with the mining pool in the loop and without it, in one sitting (issue 23,
 * Performance; docs/pool.md §10). With the pool: each token is a share posted to the pool's HTTP server
 * ({@code POST /pool/share}: the miner's signature, the challenge, the work, the ledger, the attestation), then a
 * {@code pool_validated} token request carrying that attestation, signed by the miner for the node's audience, posted
 * to the node ({@code POST /v1/tokens}), which re-checks the pool's signature, the header's hash against its own
 * minimum, the hash's novelty and the miner's signature before it issues the token. Without: a {@code pow} token
 * request carrying a work receipt (a 1-bit hashcash stamp, signed: the stamp's minting is not what is compared), the
 * node's own mode. The shares and receipts are made
 * before the timed part; the miner's signature of each pool token request is made inside it (it needs the pool's
 * answer). Node, pool and the {@code --threads} requesting threads (kept-alive HTTP/1.1 connections) share this
 * JVM, so the CPU a token is of all three; the figures are medians of {@code --rounds} rounds after one warm-up,
 * modes alternating, and the ratio of the medians.
 *
 * <pre>
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.pool.TokenIssuanceBenchmark \
 *       [--rounds 5] [--tokens 2000] [--threads 8] [--miners 16]
 * </pre>
 */
public final class TokenIssuanceBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TokenIssuanceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = StratumLoadBenchmark.option(args, "--rounds", 5);
        int tokens = StratumLoadBenchmark.option(args, "--tokens", 2_000);
        int threads = StratumLoadBenchmark.option(args, "--threads", 8);
        int minerCount = StratumLoadBenchmark.option(args, "--miners", 16);
        Sitting.print(TokenIssuanceBenchmark.class, args, rounds + " rounds after one warm-up of " + tokens
                + " tokens a mode, modes alternating, " + threads + " requesting threads, " + minerCount
                + " pool miners, pool ledger in memory, node on SQLite");
        Path dir = Files.createTempDirectory("pouw-token-issuance-bench");
        try (PoolBenchNode bench = new PoolBenchNode(dir, Map.of("pools.max_tokens_per_minute", "1000000",
                     "gate.hashcash_bits", "1", "gate.max_hashcash_bits", "1"));
             GroupCommitLedger ledger = new GroupCommitLedger(new InMemoryPoolShareLedger());
             NodeShareChallenges challenges = new NodeShareChallenges(bench.url(), bench.poolKey(), Clock.system())) {
            PoolHttpServer pool = bench.startPoolHttp(ledger);
            try {
                Ed25519.KeyPair powClient = Ed25519.KeyPair.generate();
                PouwClient http = new PouwClient(bench.url(), powClient, Duration.ofSeconds(60), Clock.system());
                String network = http.gate().keys().path("network").asString();
                List<HttpShareLoadClient.Miner> miners = new ArrayList<>();
                for (int i = 0; i < minerCount; i++) {
                    Ed25519.KeyPair key = Ed25519.KeyPair.generate();
                    miners.add(new HttpShareLoadClient.Miner(key, challenges.issue(key.did().toString())));
                }
                URI poolUrl = URI.create("http://127.0.0.1:" + pool.port());
                double[][] rates = new double[2][rounds];
                double[][] cpuMicros = new double[2][rounds];
                for (int round = -1; round < rounds; round++) {
                    List<String> shares = new ArrayList<>(tokens);
                    for (int i = 0; i < tokens; i++) {
                        shares.add(HttpShareLoadClient.share(miners.get(i % minerCount), "tokens:" + round + ":" + i));
                    }
                    List<String> powRequests = new ArrayList<>(tokens);
                    for (String receipt : ReceiptLoadClient.receipts(http, powClient, network, tokens, round + 1)) {
                        powRequests.add("{\"mode\":\"pow\",\"receipt\":" + receipt + "}");
                    }
                    double[] pooled = timed(threads, tokens, (connections, i) -> {
                        KeptAliveConnection.Answer share = connections[0].send(connections[0].request("/pool/share",
                                shares.get(i)));
                        if (share.status() != 200) {
                            return false;
                        }
                        JsonNode attestation = JSON.readTree(share.body()).get("attestation");
                        String request = poolTokenRequest(miners.get(i % minerCount).key(), attestation,
                                bench.keys().audience());
                        return issued(connections[1].send(connections[1].request("/v1/tokens", request)));
                    }, poolUrl, bench.url());
                    double[] own = timed(threads, tokens, (connections, i) -> issued(connections[1].send(
                            connections[1].request("/v1/tokens", powRequests.get(i)))), poolUrl, bench.url());
                    if (round < 0) {
                        continue;
                    }
                    rates[0][round] = pooled[0];
                    cpuMicros[0][round] = pooled[1];
                    rates[1][round] = own[0];
                    cpuMicros[1][round] = own[1];
                    System.out.printf(Locale.ROOT, "round %d: pool_validated %,.0f tokens/s (%.0f us of CPU a token); "
                            + "pow %,.0f tokens/s (%.0f us); ratio %.2f (load %.1f)%n", round + 1, pooled[0],
                            pooled[1], own[0], own[1], pooled[0] / own[0], Sitting.load());
                }
                double pooledRate = Median.upper(rates[0]);
                double ownRate = Median.upper(rates[1]);
                System.out.printf(Locale.ROOT, "tokens issued through a real node: pool_validated (share to the pool, "
                        + "attestation re-checked by the node) median %,.0f /s, %.0f us of CPU a token; pow (the "
                        + "node's own, a receipt each) median %,.0f /s, %.0f us; with the pool in the loop %.2f× the "
                        + "rate without%n", pooledRate, Median.upper(cpuMicros[0]), ownRate,
                        Median.upper(cpuMicros[1]), pooledRate / ownRate);
            } finally {
                pool.close();
            }
        }
    }

    /** One token's requests on a thread's two connections (to the pool, to the node); true when a token came back. */
    private interface TokenCall {
        boolean issue(KeptAliveConnection[] connections, int index) throws Exception;
    }

    /** Tokens per second and µs of this process's CPU a token, every call required to issue one. */
    private static double[] timed(int threads, int tokens, TokenCall call, URI pool, URI node) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        long cpuStart = LoadClientProcess.processCpuNanos();
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                done.add(workers.submit(() -> {
                    try (KeptAliveConnection toPool = new KeptAliveConnection(pool);
                         KeptAliveConnection toNode = new KeptAliveConnection(node)) {
                        KeptAliveConnection[] connections = {toPool, toNode};
                        for (int i; (i = next.getAndIncrement()) < tokens; ) {
                            if (call.issue(connections, i)) {
                                issued.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        long nanos = System.nanoTime() - start;
        long cpuNanos = LoadClientProcess.processCpuNanos() - cpuStart;
        if (issued.get() != tokens) {
            throw new IllegalStateException("issued " + issued.get() + " of " + tokens + " tokens");
        }
        return new double[] {tokens * 1e9 / nanos, cpuNanos / 1e3 / tokens};
    }

    private static boolean issued(KeptAliveConnection.Answer answer) {
        return answer.status() == 200 && answer.bodyContains("\"token\"");
    }

    /** A miner's {@code pool_validated} token request carrying the pool's attestation (docs/gate.md §9). */
    private static String poolTokenRequest(Ed25519.KeyPair miner, JsonNode attestation, String audience) {
        JcsValue value = StrictJsonParser.ascii(16384).parse(JSON.writeValueAsString(attestation));
        JcsValue.Obj document = JcsValue.Obj.of(Map.of("type", JcsValue.str(GateTypeTag.TOKEN_REQUEST.tag()),
                "mode", JcsValue.str("pool_validated"), "attestation", value));
        JcsValue.Obj proofConfig = ReceiptSigner.proofConfig(EddsaJcs2022.verificationMethod(miner.did()),
                attestation.path("id").asString(), audience);
        byte[] signature = miner.sign(EddsaJcs2022.hashData(proofConfig, document));
        return JcsWriter.canonical(document.with("proof", proofConfig.with("proofValue",
                JcsValue.str("z" + Base58.encode(signature)))));
    }
}
