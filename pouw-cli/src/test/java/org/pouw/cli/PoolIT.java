package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.pool.attest.JacksonJcs;
import org.pouw.pool.share.ShareHeader;
import org.pouw.pool.share.ShareValidator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 23 §1 over real processes: {@code pouw node start} trusting the pool's key, {@code pouw pool start} reading
 * the node's challenge key, and a miner that asks the node for a share challenge, grinds a header on it, gets the
 * pool's attestation and buys a {@code pool_validated} token with it — once. The same share is a duplicate at the
 * pool (also after the pool is killed under load and restarts on its SQLite share ledger), the same attestation a
 * replay at the node, and a share sent in the miner's name by another key is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AUDIENCE = "node-a";
    /** 2^9 expected hashes, above the node's 8 bits: quick, and the rules do not depend on the number. */
    private static final long DIFFICULTY = 512;
    private static final String KID = "k1";

    @TempDir
    static Path dir;
    private Process node;
    private Process pool;
    private String nodeUrl;
    private String poolUrl;
    private int poolPort;
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.generate();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void startNodeAndPool() throws Exception {
        Ed25519.KeyPair poolKey = Ed25519.KeyPair.generate();
        KeyFile.create(dir.resolve("pool.key"), poolKey);
        int nodePort = CliProcess.freePort();
        nodeUrl = "http://127.0.0.1:" + nodePort;
        poolPort = CliProcess.freePort();
        poolUrl = "http://127.0.0.1:" + poolPort;
        // The pool signs under kid k1 (key rotation, issue 23 §1), and the node relays shares to it (§5).
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(nodePort), "--data-dir", "data", "--set", "tokens.audience=" + AUDIENCE,
                "--set", "pools.trusted=pool-1/" + KID + "=" + HexFormat.of().formatHex(poolKey.publicKey()),
                "--set", "pools.min_share_bits=8", "--set", "mining_pool.enabled=true",
                "--set", "mining_pool.pool_url=" + poolUrl, "--set", "mining_pool.circuit_breaker_threshold=3",
                "--set", "mining_pool.circuit_breaker_timeout=2", "--set", "mining_pool.max_retries=0",
                "--set", "mining_pool.timeout_seconds=5");
        await().atMost(CliProcess.timeout()).until(() -> healthy(nodeUrl));
        startPool();
    }

    private void startPool() {
        pool = CliProcess.start(dir, dir.resolve("pool.log"), "pool", "start", "--node", nodeUrl, "--key",
                "pool.key", "--name", "pool-1", "--kid", KID, "--port", String.valueOf(poolPort), "--data-dir", "pooldata");
        await().atMost(CliProcess.timeout()).until(() -> healthy(poolUrl));
    }

    @AfterAll
    void stop() throws Exception {
        for (Process process : new Process[] {pool, node}) {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    @Test
    void aShareThroughTheRealPoolBuysOnePoolValidatedTokenForItsMiner() throws Exception {
        JsonNode info = JSON.readTree(get(poolUrl + "/pool/info").body());
        assertThat(info.path("audience").asString()).isEqualTo(AUDIENCE);

        ObjectNode share = mine(challenge(), "first");
        HttpResponse<String> accepted = post(poolUrl + "/pool/share", JSON.writeValueAsString(share));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(accepted.body());
        assertThat(answer.path("valid").asBoolean()).isTrue();
        assertThat(answer.path("difficulty").asLong()).isEqualTo(DIFFICULTY);
        assertThat(answer.path("difficulty_achieved").asLong()).isGreaterThanOrEqualTo(DIFFICULTY);
        JsonNode attestation = answer.path("attestation");
        assertThat(attestation.path("sig").asString()).isEqualTo(answer.path("pool_signature").asString());
        assertThat(attestation.path("miner").asString()).isEqualTo(miner.did().toString());
        assertThat(attestation.path("kid").asString()).isEqualTo(KID);

        HttpResponse<String> again = post(poolUrl + "/pool/share", JSON.writeValueAsString(share));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).path("error").path("code").asString()).isEqualTo("duplicate");

        String request = PoolTokenRequests.withAttestation(miner, attestation, AUDIENCE);
        HttpResponse<String> token = post(nodeUrl + "/v1/tokens", request);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode issued = JSON.readTree(token.body());
        assertThat(issued.path("mode").asString()).isEqualTo("pool_validated");
        assertThat(issued.path("sub").asString()).isEqualTo(miner.did().toString());
        assertThat(issued.path("class").asString()).as("at most what pow buys").isEqualTo("work");
        HttpResponse<String> replay = post(nodeUrl + "/v1/tokens", request);
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(replay.body()).path("error").path("code").asString()).isEqualTo("replayed");
    }

    @Test
    void aShareSentInTheMinersNameByAnotherKeyIsRefusedAtThePool() throws Exception {
        ObjectNode share = mine(challenge(), "framed");
        share.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(Ed25519.KeyPair.generate()
                .sign(ShareValidator.preimage(withoutSignature(share)))));
        HttpResponse<String> refused = post(poolUrl + "/pool/share", JSON.writeValueAsString(share));
        assertThat(refused.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("bad_signature");
        assertThat(error.path("field").asString()).isEqualTo("signature");
    }

    @Test
    void aChallengeOfAnotherKindIsNoShareChallenge() throws Exception {
        HttpResponse<String> hashcash = post(nodeUrl + "/v1/challenges", "{\"did\":\"" + miner.did()
                + "\",\"kind\":\"hashcash\"}");
        ObjectNode share = mine((ObjectNode) JSON.readTree(hashcash.body()), "hashcash");
        HttpResponse<String> refused = post(poolUrl + "/pool/share", JSON.writeValueAsString(share));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).path("error").path("code").asString())
                .isEqualTo("unknown_challenge");
    }

    @Test
    void aShareRelayedByTheNodeBuysATokenAndAHundredRepeatsTheRealPoolRefusesLeaveTheBreakerClosed()
            throws Exception {
        // Its own miner: a hundred duplicates get a miner throttled and banned at the pool (docs/pool.md §5a).
        Ed25519.KeyPair repeater = Ed25519.KeyPair.generate();
        ObjectNode share = mine(challenge(repeater), "relayed", repeater);
        HttpResponse<String> token = post(nodeUrl + "/v1/tokens",
                PoolTokenRequests.withShare(repeater, share, AUDIENCE));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(JSON.readTree(token.body()).path("class").asString()).isEqualTo("work");
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> duplicate = post(nodeUrl + "/v1/tokens",
                    PoolTokenRequests.withShare(repeater, share, AUDIENCE));
            assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(422);
            assertThat(JSON.readTree(duplicate.body()).path("error").path("code").asString())
                    .isEqualTo("pool_refused");
        }
        assertThat(metric("pouw_pool_client_breaker_state{pool=\"" + poolUrl + "\",state=\"closed\"}"))
                .isEqualTo(1.0);
        assertThat(metric("pouw_pool_client_calls_total{outcome=\"ignored\",pool=\"" + poolUrl + "\"}"))
                .isGreaterThanOrEqualTo(100.0);
    }

    /**
     * kill -9 of the pool while 16 threads send it shares (issue 23 §4 and "Faults"): every share it acknowledged
     * is still counted after the restart on its SQLite ledger (sent again, each is a duplicate), so group commit
     * loses nothing acknowledged and nothing counts twice; meanwhile the node's breaker opens, {@code
     * pool_validated} relays answer 503, and the restarted pool closes the breaker again.
     */
    @Test
    void killingThePoolUnderLoadLosesNoAcknowledgedShareAndItsReturnClosesTheBreaker() throws Exception {
        List<ObjectNode> shares = new java.util.ArrayList<>();
        for (int m = 0; m < 16; m++) {
            Ed25519.KeyPair each = Ed25519.KeyPair.generate();
            ObjectNode challenge = challenge(each);
            for (int i = 0; i < 8; i++) {
                shares.add(mine(challenge, "load-" + i, each));
            }
        }
        List<ObjectNode> acknowledged = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        try (java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int t = 0; t < 16; t++) {
                senders.execute(() -> {
                    for (int i; (i = next.getAndIncrement()) < shares.size(); ) {
                        try {
                            if (post(poolUrl + "/pool/share", JSON.writeValueAsString(shares.get(i))).statusCode()
                                    == 200) {
                                acknowledged.add(shares.get(i));
                            }
                        } catch (Exception poolGone) {
                            // Killed mid-request: this share was not acknowledged.
                        }
                    }
                });
            }
            await().atMost(CliProcess.timeout()).until(() -> acknowledged.size() >= 8 || next.get() >= shares.size());
            pool.destroyForcibly();
        }
        assertThat(pool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).isNotEmpty();

        ObjectNode share = mine(challenge(), "outage");
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> down = post(nodeUrl + "/v1/tokens",
                    PoolTokenRequests.withShare(miner, share, AUDIENCE));
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(JSON.readTree(down.body()).path("error").path("code").asString())
                    .isEqualTo("pool_unavailable");
            assertThat(down.headers().firstValue("retry-after")).isPresent();
        }
        assertThat(metric("pouw_pool_client_breaker_state{pool=\"" + poolUrl + "\",state=\"open\"}"))
                .isEqualTo(1.0);
        assertThat(get(nodeUrl + "/readyz").statusCode()).as("a pool outage does not take the node down")
                .isEqualTo(200);
        startPool();
        for (ObjectNode counted : List.copyOf(acknowledged)) {
            HttpResponse<String> again = post(poolUrl + "/pool/share", JSON.writeValueAsString(counted));
            assertThat(again.statusCode()).as("acknowledged before the kill: " + again.body()).isEqualTo(409);
        }
        await().atMost(CliProcess.timeout()).pollInterval(java.time.Duration.ofMillis(500)).until(() ->
                post(nodeUrl + "/v1/tokens", PoolTokenRequests.withShare(miner, share, AUDIENCE)).statusCode() == 200);
        assertThat(metric("pouw_pool_client_breaker_state{pool=\"" + poolUrl + "\",state=\"closed\"}"))
                .isEqualTo(1.0);
    }

    /** One sample of the node's Prometheus scrape, by its exact series text (labels in the order written). */
    private double metric(String series) throws Exception {
        String scrape = get(nodeUrl + "/v1/pouw/metrics").body();
        return scrape.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line ->
                Double.parseDouble(line.substring(series.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series));
    }

    private ObjectNode challenge() throws Exception {
        return challenge(miner);
    }

    private ObjectNode challenge(Ed25519.KeyPair miner) throws Exception {
        HttpResponse<String> answer = post(nodeUrl + "/v1/challenges", "{\"did\":\"" + miner.did()
                + "\",\"kind\":\"share\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        ObjectNode challenge = (ObjectNode) JSON.readTree(answer.body());
        assertThat(challenge.path("kind").asString()).isEqualTo("share");
        assertThat(challenge.path("difficulty").asInt()).isEqualTo(8);
        return challenge;
    }

    /** What a miner does: a coinbase naming itself, a header on the challenge, ground to the difficulty, signed. */
    private ObjectNode mine(ObjectNode challenge, String extranonce) {
        return mine(challenge, extranonce, miner);
    }

    private ObjectNode mine(ObjectNode challenge, String extranonce, Ed25519.KeyPair miner) {
        byte[] coinbase = (ShareHeader.COINBASE_PREFIX + miner.did() + ":" + extranonce)
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer header = ByteBuffer.allocate(ShareHeader.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x20000000).put(ShareHeader.sha256d(JacksonJcs.bytes(challenge)))
                .put(ShareHeader.merkleRoot(coinbase, List.of())).putInt((int) (System.currentTimeMillis() / 1000))
                .putInt(ShareHeader.NBITS).putInt(0);
        byte[] bytes = header.array();
        for (int nonce = 0; ; nonce++) {
            ByteBuffer.wrap(bytes, 76, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(nonce);
            if (ShareHeader.hashValue(ShareHeader.sha256d(bytes)).compareTo(ShareHeader.target(DIFFICULTY)) <= 0) {
                break;
            }
        }
        ObjectNode share = JSON.createObjectNode();
        share.set("challenge", challenge);
        share.put("challenge_id", challenge.path("id").asString());
        share.put("miner_address", miner.did().toString());
        share.put("nonce", HexFormat.of().formatHex(bytes, 76, 80));
        share.put("solution", HexFormat.of().formatHex(bytes));
        share.put("coinbase", HexFormat.of().formatHex(coinbase));
        share.put("difficulty", DIFFICULTY);
        share.put("timestamp", System.currentTimeMillis());
        share.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(miner.sign(
                ShareValidator.preimage(share))));
        return share;
    }

    private static ObjectNode withoutSignature(ObjectNode share) {
        ObjectNode copy = share.deepCopy();
        copy.remove("signature");
        return copy;
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean healthy(String base) {
        try {
            return get(base + "/healthz").statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }
}
