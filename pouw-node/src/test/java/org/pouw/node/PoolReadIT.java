package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.core.SettableClock;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.pool.MiningPool;
import org.pouw.pool.PoolSettings;
import tools.jackson.databind.JsonNode;

/**
 * The node's read of its pool (docs/api.md "The pool"; issue 29, the console's pool view) against a real pool server
 * from pouw-pool, in this JVM, over real HTTP: the totals as the pool gives them, the miners for the admin only, one
 * read of the pool per 3 s whoever asks (the node's clock is moved, never slept on), the first pool that answers
 * when the first configured one answers garbage, and 503 {@code pool_unavailable} naming what was wrong when none
 * answers well. The garbage comes from a plain HTTP server the test scripts: an answer too long, not JSON, of the
 * wrong shape, or with markup where a reason code belongs.
 */
class PoolReadIT {
    private static final String AUDIENCE = "node-a";

    @TempDir
    Path dir;

    private final Ed25519.KeyPair poolKey = Ed25519.KeyPair.generate();
    private final HttpClient http = HttpClient.newHttpClient();
    private MiningPool pool;
    private HttpServer garbage;
    private RunningNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (garbage != null) {
            garbage.stop(0);
        }
    }

    /** A real pool for a node not yet started: the node's challenge key is made first, as the node will load it. */
    private MiningPool startPool() throws Exception {
        byte[] challengeKey = KeyFile.loadOrCreate(dir.resolve("challenge.key")).publicKey();
        return MiningPool.start(new PoolSettings("pool-1", AUDIENCE, "127.0.0.1", 0, challengeKey, 1, 300_000,
                5_000), poolKey, new InMemoryPoolShareLedger(), Clock.system());
    }

    private RunningNode startNode(String poolUrls, Clock clock) {
        return new RunningNode(dir, Map.of("gate.enabled", "true", "tokens.audience", AUDIENCE,
                "pools.trusted", "pool-1=" + HexFormat.of().formatHex(poolKey.publicKey()),
                "pools.min_share_bits", "8", "mining_pool.enabled", "true", "mining_pool.pool_url", poolUrls,
                "mining_pool.timeout_seconds", "10", "mining_pool.circuit_breaker_threshold", "100"), clock);
    }

    private int sendShare(Ed25519.KeyPair miner, String extranonce) throws Exception {
        JcsValue.Obj share = RelayedShareMaker.share(node, miner, 256, extranonce);
        return sendRaw(JcsWriter.canonicalBytes(share));
    }

    private int sendRaw(byte[] share) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pool.httpPort() + "/pool/share"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(share))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode poolSays(String path) throws Exception {
        return RunningNode.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + pool.httpPort() + path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aNodeWithoutAPoolClientSaysPoolDisabled() {
        node = new RunningNode(dir, Map.of(), Clock.system());
        RunningNode.Reply status = node.get("/v1/pool/status");
        assertThat(status.status()).isEqualTo(404);
        assertThat(status.code()).isEqualTo("pool_disabled");
        assertThat(node.get("/v1/pool/miners").code()).isEqualTo("pool_disabled");
    }

    @Test
    void theTotalsAreThePoolsForAnyoneTheMinersForTheAdminOnlyAndThePoolIsReadOnceEveryThreeSeconds()
            throws Exception {
        pool = startPool();
        SettableClock clock = new SettableClock(System.currentTimeMillis());
        node = startNode("http://127.0.0.1:" + pool.httpPort(), clock);
        Ed25519.KeyPair admin = KeyFile.load(dir.resolve("admin.key"));
        Ed25519.KeyPair alice = Ed25519.KeyPair.generate();
        Ed25519.KeyPair bob = Ed25519.KeyPair.generate();
        JcsValue.Obj first = RelayedShareMaker.share(node, alice, 256, "a1");
        assertThat(sendRaw(JcsWriter.canonicalBytes(first))).isEqualTo(200);
        assertThat(sendShare(bob, "b1")).isEqualTo(200);
        assertThat(sendRaw(JcsWriter.canonicalBytes(first))).as("a duplicate").isEqualTo(409);

        RunningNode.Reply status = node.get("/v1/pool/status");
        assertThat(status.status()).as(status.json().toString()).isEqualTo(200);
        JsonNode direct = poolSays("/pool/status");
        for (String member : new String[] {"pool", "audience", "miners_active", "miners_known", "shares_accepted",
                "shares_rejected", "difficulty"}) {
            assertThat(status.json().path(member)).as(member).isEqualTo(direct.path(member));
        }
        assertThat(status.json().path("shares_accepted").asLong()).isEqualTo(2);
        assertThat(status.json().path("shares_rejected").path("duplicate").asLong()).isEqualTo(1);
        assertThat(status.json().path("difficulty").path("p50").asLong()).isEqualTo(256);
        assertThat(status.json().path("read_at_ms").asLong()).isEqualTo(clock.millis());
        assertThat(status.json().path("hashrate_estimate").asDouble()).isPositive();

        // Within 3 s of the node's clock the pool is not asked again, however many read: a page can not multiply
        // the pool's load. A share accepted meanwhile shows once the read is 3 s old.
        assertThat(sendShare(alice, "a2")).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(node.get("/v1/pool/status").json().path("shares_accepted").asLong()).isEqualTo(2);
        }
        clock.advance(3_000);
        assertThat(node.get("/v1/pool/status").json().path("shares_accepted").asLong()).isEqualTo(3);

        RunningNode.Reply anonymous = node.get("/v1/pool/miners");
        assertThat(anonymous.status()).isEqualTo(401);
        RunningNode.Reply client = node.get("/v1/pool/miners", node.signIn(alice));
        assertThat(client.status()).as("a miner list is the pool's customers: the admin's only").isEqualTo(403);
        String adminToken = node.signIn(admin);
        RunningNode.Reply miners = node.get("/v1/pool/miners", adminToken);
        assertThat(miners.status()).as(miners.json().toString()).isEqualTo(200);
        assertThat(miners.json().path("miners")).isEqualTo(poolSays("/pool/miners").path("miners"));
        assertThat(miners.json().path("miners").get(0).path("miner").asString()).as("newest first")
                .isEqualTo(alice.did().toString());
        RunningNode.Reply one = node.get("/v1/pool/miners?limit=1", adminToken);
        assertThat(one.json().path("miners")).hasSize(1);
        assertThat(one.json().path("miners").get(0)).isEqualTo(miners.json().path("miners").get(0));
        RunningNode.Reply zero = node.get("/v1/pool/miners?limit=0", adminToken);
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.field()).isEqualTo("limit");

        // The pool gone: once the last read is 3 s old, 503 pool_unavailable naming the pool and why.
        pool.close();
        pool = null;
        clock.advance(3_000);
        RunningNode.Reply gone = node.get("/v1/pool/status");
        assertThat(gone.status()).isEqualTo(503);
        assertThat(gone.code()).isEqualTo("pool_unavailable");
        assertThat(gone.json().path("error").path("message").asString()).contains("/pool/status", "transport");
        assertThat(gone.headers()).containsKey("retry-after");
    }

    @Test
    void garbageFromTheFirstPoolIsSkippedForTheNextAndWhenNoneAnswersWellThe503SaysWhatWasWrong() throws Exception {
        pool = startPool();
        AtomicReference<byte[]> answer = new AtomicReference<>("{}".getBytes(StandardCharsets.UTF_8));
        garbage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        garbage.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        garbage.createContext("/pool/", exchange -> {
            byte[] body = answer.get();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        garbage.start();
        SettableClock clock = new SettableClock(System.currentTimeMillis());
        String garbageUrl = "http://127.0.0.1:" + garbage.getAddress().getPort();
        String poolUrl = "http://127.0.0.1:" + pool.httpPort();
        node = startNode(garbageUrl + "," + poolUrl, clock);
        assertThat(sendShare(Ed25519.KeyPair.generate(), "x")).isEqualTo(200);

        RunningNode.Reply skipped = node.get("/v1/pool/status");
        assertThat(skipped.status()).as("the real pool, second in pool_url, answers").isEqualTo(200);
        assertThat(skipped.json().path("shares_accepted").asLong()).isEqualTo(1);

        pool.close();
        pool = null;
        String valid = "{\"pool\":\"p\",\"audience\":\"a\",\"uptime_ms\":1,\"miners_active\":0,\"miners_known\":0,"
                + "\"shares_accepted\":0,\"shares_rejected\":{},\"hashrate_estimate\":0}";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("not JSON", "<html><img src=x onerror=alert(1)></html>");
        cases.put("is over 65536 bytes", "{\"pool\":\"" + "x".repeat(70_000) + "\"}");
        cases.put("shares_accepted must be a whole number", valid.replace("\"shares_accepted\":0",
                "\"shares_accepted\":\"many\""));
        cases.put("holds a key that is no reason code: \"<img src=x onerror=alert(1)>\"", valid.replace(
                "\"shares_rejected\":{}", "\"shares_rejected\":{\"<img src=x onerror=alert(1)>\":1}"));
        cases.put("pool must match", valid.replace("\"pool\":\"p\"", "\"pool\":\"<script>alert(1)</script>\""));
        cases.put("is not a JSON object", "[1,2]");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            answer.set(bad.getValue().getBytes(StandardCharsets.UTF_8));
            clock.advance(3_000);
            RunningNode.Reply refused = node.get("/v1/pool/status");
            assertThat(refused.status()).as(bad.getKey()).isEqualTo(503);
            assertThat(refused.code()).isEqualTo("pool_unavailable");
            String message = refused.json().path("error").path("message").asString();
            assertThat(message).as(bad.getKey()).contains(garbageUrl + ": ", bad.getKey());
            assertThat(message).as("the second pool is named too").contains(poolUrl + ": transport");
        }
        answer.set(valid.getBytes(StandardCharsets.UTF_8));
        clock.advance(3_000);
        RunningNode.Reply well = node.get("/v1/pool/status");
        assertThat(well.status()).as(well.json().toString()).isEqualTo(200);
        assertThat(well.json().path("pool").asString()).isEqualTo("p");
        assertThat(well.json().has("difficulty")).as("an older pool's status without it stands").isFalse();
    }
}
