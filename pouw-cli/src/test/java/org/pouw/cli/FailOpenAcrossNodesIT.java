package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.hashcash.HashcashMinter;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.WorkReceipt;
import org.pouw.store.support.RedisServerProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 21 §5's test over real processes: two nodes started as {@code pouw node start}, sharing one real Redis
 * redemption store in {@code fail_open} (and one challenge key, so either would accept the other's challenges), the
 * client over HTTP. Redis is killed mid-test; across both nodes one receipt yields one token in total: the issuer
 * grants it once from memory after the failure has lasted {@code gate.fail_open_after_ms}, the other node never does
 * (it did not issue the challenge), and once Redis is back the issuer writes its memory to it first, so neither node
 * grants the receipt again. Redis restarts empty, so a challenge issued before it (never redeemed) is refused too: the
 * store can not tell it from one whose redemption it lost.
 */
class FailOpenAcrossNodesIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Process> nodes = new ArrayList<>();
    private RedisServerProcess redis;

    @AfterEach
    void stop() throws Exception {
        for (Process node : nodes) {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void acrossTwoNodesInFailOpenOneReceiptYieldsOneTokenInTotal() throws Exception {
        redis = RedisServerProcess.start("--maxmemory-policy", "noeviction");
        String a = startNode("a");
        String b = startNode("b");
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        redis.awaitRunningFor(4_000); // its first seconds, plus the skew, refuse every challenge (docs/gate.md)
        String request = "{\"mode\":\"pow\",\"receipt\":" + receipt(a, client) + "}";
        String issuedByB = "{\"mode\":\"pow\",\"receipt\":" + receipt(b, client) + "}";

        redis.kill();
        AtomicInteger tokens = new AtomicInteger();
        // Until the failure has lasted gate.fail_open_after_ms, both nodes refuse (503); then only the issuer grants.
        long deadline = System.currentTimeMillis() + 30_000;
        while (tokens.get() == 0 && System.currentTimeMillis() < deadline) {
            for (String node : List.of(b, a)) {
                Reply reply = post(node, "/v1/tokens", request);
                if (reply.status() == 200) {
                    tokens.incrementAndGet();
                } else {
                    assertThat(reply.status()).as(node + ": " + reply.json()).isIn(409, 503);
                }
            }
            Thread.sleep(100);
        }
        assertThat(tokens.get()).as("the issuer grants once in fail-open").isEqualTo(1);
        assertThat(metric(a, "pouw_gate_redemption_state{state=\"fail_open\"}")).isEqualTo(1.0);

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String node = i % 2 == 0 ? a : b;
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    if (post(node, "/v1/tokens", request).status() == 200) {
                        tokens.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        assertThat(tokens.get()).as("twenty more tries at both nodes during the outage").isEqualTo(1);
        Reply atA = post(a, "/v1/tokens", issuedByB);
        assertThat(atA.status()).as("a challenge another node issued is not redeemed from memory").isEqualTo(503);
        assertThat(atA.json().path("error").path("code").asString()).isEqualTo("store_unavailable");

        redis.startAgain();
        Reply backAtA = post(a, "/v1/tokens", request);
        assertThat(backAtA.status()).isEqualTo(409);
        assertThat(backAtA.json().path("error").path("code").asString()).isEqualTo("replayed");
        // B saw the outage, so it holds A's challenge (503) until A has had time to write its memory back; never 200.
        Reply backAtB = post(b, "/v1/tokens", request);
        long settled = System.currentTimeMillis() + 30_000;
        while (backAtB.status() == 503 && System.currentTimeMillis() < settled) {
            assertThat(backAtB.json().path("error").path("code").asString()).isEqualTo("store_unavailable");
            Thread.sleep(100);
            backAtB = post(b, "/v1/tokens", request);
        }
        assertThat(backAtB.status()).as("the issuer wrote its memory to Redis before anything else").isEqualTo(409);
        assertThat(backAtB.json().path("error").path("code").asString()).isEqualTo("replayed");
        assertThat(tokens.get()).isEqualTo(1);
        // B's challenge was issued before Redis restarted empty, so the store can not know it was never redeemed:
        // counted as redeemed (docs/failures.md, "Nonce-store loss"). A challenge issued now is redeemed.
        Reply beforeTheRestart = post(b, "/v1/tokens", issuedByB);
        assertThat(beforeTheRestart.status()).isEqualTo(409);
        assertThat(beforeTheRestart.json().path("error").path("message").asString()).contains("lost");
        redis.awaitRunningFor(4_000);
        String fresh = "{\"mode\":\"pow\",\"receipt\":" + receipt(b, client) + "}";
        assertThat(post(b, "/v1/tokens", fresh).status()).as("the store serves again").isEqualTo(200);
    }

    private String startNode(String name) {
        int port = CliProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        nodes.add(CliProcess.start(dir, dir.resolve(name + ".log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", name, "--set", "gate.redemption_store=redis",
                "--set", "gate.redis_url=" + redis.url(), "--set", "gate.fail_mode=fail_open",
                "--set", "gate.fail_open_after_ms=1000", "--set", "gate.hashcash_bits=1",
                "--set", "gate.max_hashcash_bits=1", "--set", "gate.clock_skew_ms=1000",
                "--set", "gate.challenge_key_file=" + dir.resolve("challenge.key").toAbsolutePath()));
        await().atMost(CliProcess.timeout()).until(() -> healthy(url));
        return url;
    }

    private String receipt(String node, Ed25519.KeyPair client) {
        Reply asked = post(node, "/v1/challenges", "{\"did\":\"" + client.did() + "\",\"kind\":\"hashcash\"}");
        assertThat(asked.status()).as(asked.json().toString()).isEqualTo(200);
        JcsValue.Obj challenge = (JcsValue.Obj) StrictJsonParser.ascii(4096)
                .parse(asked.body().getBytes(StandardCharsets.US_ASCII));
        String stamp = HashcashMinter.mint(challenge.text("resource"), (int) challenge.integer("difficulty"),
                "261206", RANDOM);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String network = JSON.readTree(get(node, "/v1/gate/keys")).path("network").asString();
        return ReceiptSigner.wire(ReceiptSigner.sign(new WorkReceipt(challenge, stamp,
                HexFormat.of().formatHex(nonce), System.currentTimeMillis()), client, challenge.text("id"), network));
    }

    private record Reply(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Reply post(String node, String path, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String get(String node, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(node + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double metric(String node, String series) {
        return get(node, "/v1/pouw/metrics").lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .findFirst().orElse(-1);
    }

    private boolean healthy(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }
}
