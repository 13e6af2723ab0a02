package org.pouw.pool.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.MiningPool;
import org.pouw.pool.PoolSettings;
import org.pouw.pool.http.PoolStatusReader;
import org.pouw.pool.metrics.PoolMetrics;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.miner.ReputationSettings;
import org.pouw.pool.miner.VardiffSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pool's observability (issue 23 §6): a real pool on loopback takes accepted and refused shares, and its
 * {@code /metrics} scrape — parsed as Prometheus text, sample by sample — counts each by reason, shows the
 * difficulty distribution, the active miners and the hash-rate estimate, with no series per miner;
 * {@code /pool/status} and {@code /pool/miners} say the same for {@code pouw pool status|miners}.
 */
class PoolObservabilityTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair node = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair alice = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final Ed25519.KeyPair bob = Ed25519.KeyPair.fromPrivateKey(filled(2));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private MiningPool pool;
    private int extranonce;

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A Prometheus text scrape, every sample line parsed; a line that is not one fails the test. */
    private static List<Sample> parse(String scrape) {
        List<Sample> samples = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return samples;
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        assertThat(matching).as("%s%s", name, labels).hasSize(1);
        return matching.getFirst().value();
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pool.httpPort() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int post(ObjectNode share) throws Exception {
        return post(TestShares.JSON.writeValueAsString(share));
    }

    private int post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pool.httpPort() + "/pool/share"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private ObjectNode share(Ed25519.KeyPair miner, long difficulty, Ed25519.KeyPair signer) {
        ObjectNode challenge = TestShares.challenge(node, miner.did().toString(), 2, T0, T0 + 3_600_000,
                String.format("%032x", miner.did().hashCode() & 0xffffffffL));
        byte[] coinbase = TestShares.coinbase(miner.did().toString(), Integer.toString(extranonce++));
        return TestShares.share(challenge, miner.did().toString(), TestShares.grind(challenge, coinbase, difficulty,
                true), coinbase, difficulty, signer);
    }

    @Test
    void sharesAreCountedByOutcomeWithTheirWorkAndMinersButNoSeriesPerMiner() throws Exception {
        pool = MiningPool.start(new PoolSettings("pool-1", "node-a", "127.0.0.1", 0, node.publicKey(), 1, 120_000,
                0), Ed25519.KeyPair.fromPrivateKey(filled(6)), new InMemoryPoolShareLedger(), clock);
        ObjectNode first = share(alice, 16, alice);
        assertThat(post(first)).isEqualTo(200);
        clock.advance(15_000);
        assertThat(post(share(bob, 64, bob))).isEqualTo(200);
        clock.advance(15_000);
        assertThat(post(share(alice, 16, alice))).isEqualTo(200);
        assertThat(post(first)).as("a duplicate").isEqualTo(409);
        assertThat(post("{}")).isEqualTo(400);
        assertThat(post(share(alice, 16, bob))).as("signed by another key").isEqualTo(401);

        String scrape = get("/metrics");
        List<Sample> samples = parse(scrape);
        assertThat(value(samples, "pouw_pool_shares_accepted_total", Map.of())).isEqualTo(3.0);
        assertThat(value(samples, "pouw_pool_shares_rejected_total", Map.of("reason", "duplicate"))).isEqualTo(1.0);
        assertThat(value(samples, "pouw_pool_shares_rejected_total", Map.of("reason", "malformed"))).isEqualTo(1.0);
        assertThat(value(samples, "pouw_pool_shares_rejected_total", Map.of("reason", "bad_signature")))
                .isEqualTo(1.0);
        assertThat(value(samples, "pouw_pool_shares_rejected_total", Map.of("reason", "stale"))).isZero();
        assertThat(value(samples, "pouw_pool_share_difficulty_log2_count", Map.of())).isEqualTo(3.0);
        assertThat(value(samples, "pouw_pool_share_difficulty_log2_bucket", Map.of("le", "4.0")))
                .as("two shares of 2^4").isEqualTo(2.0);
        assertThat(value(samples, "pouw_pool_share_difficulty_log2_bucket", Map.of("le", "8.0"))).isEqualTo(3.0);
        assertThat(value(samples, "pouw_pool_miners_active", Map.of())).isEqualTo(2.0);
        assertThat(value(samples, "pouw_pool_hashrate_estimate", Map.of())).isEqualTo((16 + 64 + 16) / 60.0);
        assertThat(scrape).doesNotContain("did:key");

        JsonNode status = new PoolStatusReader(URI.create("http://127.0.0.1:" + pool.httpPort())).status();
        assertThat(status.path("pool").asString()).isEqualTo("pool-1");
        assertThat(status.path("shares_accepted").asLong()).isEqualTo(3);
        assertThat(status.path("shares_rejected").path("duplicate").asLong()).isEqualTo(1);
        assertThat(status.path("miners_active").asLong()).isEqualTo(2);
        assertThat(status.path("difficulty").toString()).as("credited 16, 64, 16: nearest-rank p50 and p99")
                .isEqualTo("{\"shares\":3,\"p50\":16,\"p99\":64,\"max\":64}");
        JsonNode miners = new PoolStatusReader(URI.create("http://127.0.0.1:" + pool.httpPort())).miners(10);
        assertThat(miners.path("miners")).hasSize(2);
        assertThat(miners.path("miners").get(0).path("miner").asString()).as("newest first")
                .isEqualTo(alice.did().toString());
        assertThat(get("/pool/miners?limit=0")).contains("limit");

        // A minute later the estimate has no shares left in its window; ten minutes later no miner is active.
        clock.advance(61_000);
        assertThat(value(parse(get("/metrics")), "pouw_pool_hashrate_estimate", Map.of())).isZero();
        clock.advance(10 * 60_000);
        assertThat(value(parse(get("/metrics")), "pouw_pool_miners_active", Map.of())).isZero();
    }

    @Test
    void tenThousandMinersMakeNoMoreSeriesThanOne() {
        Miners miners = new Miners(VardiffSettings.defaults(1), ReputationSettings.defaults(), clock);
        PoolMetrics metrics = new PoolMetrics(miners, clock);
        metrics.accepted(alice.did().toString(), 16);
        long seriesForOne = metrics.scrape().lines().filter(line -> !line.startsWith("#")).count();
        for (int i = 0; i < 10_000; i++) {
            metrics.accepted("did:key:z6Mk" + i, 16);
        }
        assertThat(metrics.scrape().lines().filter(line -> !line.startsWith("#")).count()).isEqualTo(seriesForOne);
        assertThat(metrics.activeMiners()).isEqualTo(10_001);
    }
}
