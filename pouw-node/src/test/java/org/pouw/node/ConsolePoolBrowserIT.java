package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.pool.MiningPool;
import org.pouw.pool.PoolSettings;

/**
 * The console's pool view (issue 29 §1, docs/console.md "Pool") in a real headless Chromium against a live node
 * reading a real pool server from pouw-pool: the totals, the refusals by reason and the credited difficulty are the
 * API's; the admin, signed in in the page, sees the miners; a share the pool takes while the view is open shows
 * without a reload; when the pool goes, the node's 503 — which quotes the markup a second, hostile pool put where a
 * reason code belongs — shows as text. The browser steps are src/test/browser/console-pool-check.mjs (with
 * console-kit.mjs, as ConsoleBrowserIT's, run by {@link ConsoleBrowserRun}); a class of its own, so the pool's setup
 * stays apart from theirs.
 */
class ConsolePoolBrowserIT {
    private static final String AUDIENCE = "node-a";
    /** What the hostile pool names a refusal reason: the node quotes it in its 503, and the page shows it as text. */
    private static final String MARKUP = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void the_pool_view_shows_the_pools_figures_its_miners_to_the_admin_and_follows_new_shares() throws Exception {
        ConsoleBrowserRun.requireBrowser();
        Path nodeDir = dir.resolve("node");
        Files.createDirectories(nodeDir);
        byte[] challengeKey = KeyFile.loadOrCreate(nodeDir.resolve("challenge.key")).publicKey();
        Ed25519.KeyPair poolKey = Ed25519.KeyPair.generate();
        HttpServer hostile = hostilePool();
        MiningPool pool = MiningPool.start(new PoolSettings("pool-1", AUDIENCE, "127.0.0.1", 0, challengeKey, 1,
                300_000, 5_000), poolKey, new InMemoryPoolShareLedger(), Clock.system());
        Thread helper = null;
        try (RunningNode node = new RunningNode(nodeDir, Map.of("gate.enabled", "true", "tokens.audience", AUDIENCE,
                "pools.trusted", "pool-1=" + HexFormat.of().formatHex(poolKey.publicKey()),
                "pools.min_share_bits", "8", "mining_pool.enabled", "true", "mining_pool.pool_url",
                "http://127.0.0.1:" + pool.httpPort() + ",http://127.0.0.1:" + hostile.getAddress().getPort(),
                "mining_pool.circuit_breaker_threshold", "100"), Clock.system())) {
            Path adminKey = dir.resolve("admin.key");
            KeyFile.create(adminKey, node.node.adminKey());
            JcsValue.Obj first = RelayedShareMaker.share(node, Ed25519.KeyPair.generate(), 256, "a");
            assertThat(send(pool, first)).isEqualTo(200);
            assertThat(send(pool, RelayedShareMaker.share(node, Ed25519.KeyPair.generate(), 1024, "b")))
                    .isEqualTo(200);
            assertThat(send(pool, first)).as("a duplicate").isEqualTo(409);

            // The script asks, by writing these files, for a share while the view is open, then for the pool to go.
            Path shareNow = dir.resolve("share-now");
            Path stopNow = dir.resolve("stop-now");
            Ed25519.KeyPair late = Ed25519.KeyPair.generate();
            helper = Thread.ofPlatform().daemon().start(() -> {
                try {
                    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(50))
                            .until(() -> Files.exists(shareNow));
                    send(pool, RelayedShareMaker.share(node, late, 512, "c"));
                    Files.writeString(dir.resolve("share-sent"), late.did().toString());
                    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(50))
                            .until(() -> Files.exists(stopNow));
                    pool.close();
                    Files.writeString(dir.resolve("pool-stopped"), "stopped");
                } catch (Exception e) {
                    // the script ended (or failed) before asking: its verdict says why
                }
            });
            ConsoleBrowserRun.run("console-pool-check.mjs", node.base, Map.of("POUW_ADMIN_KEY",
                    adminKey.toString(), "POUW_SHARE_NOW", shareNow.toString(), "POUW_SHARE_SENT",
                    dir.resolve("share-sent").toString(), "POUW_STOP_NOW", stopNow.toString(), "POUW_POOL_STOPPED",
                    dir.resolve("pool-stopped").toString(), "POUW_LATE_MINER", late.did().toString(), "POUW_MARKUP",
                    MARKUP));
        } finally {
            if (helper != null) {
                helper.interrupt();
            }
            pool.close();
            hostile.stop(0);
        }
        assertThat(ConsoleBrowserRun.ARTEFACTS.resolve("pool.png")).exists();
    }

    private int send(MiningPool pool, JcsValue.Obj share) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pool.httpPort() + "/pool/share"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JcsWriter.canonicalBytes(share))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A second pool in pool_url whose status names a refusal reason with markup: the node must never relay it. */
    private static HttpServer hostilePool() throws Exception {
        String key = RunningNode.JSON.writeValueAsString(MARKUP);
        byte[] body = ("{\"pool\":\"pool-2\",\"audience\":\"" + AUDIENCE + "\",\"uptime_ms\":1,\"miners_active\":0,"
                + "\"miners_known\":0,\"shares_accepted\":0,\"shares_rejected\":{" + key + ":1},"
                + "\"hashrate_estimate\":0}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/pool/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
