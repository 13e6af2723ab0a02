package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 21's acceptance over real processes: a node started as {@code pouw node start}, the CLI's gate commands as
 * their own processes, the real {@code hashcash} tool, and raw HTTP for the attacks (concurrent redemptions, replays,
 * a challenge presented as a login token).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REWARD = 7;

    @TempDir
    static Path dir;
    private Process node;
    private String url;
    private Ed25519.KeyPair clientKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void startNode() throws Exception {
        clientKey = Ed25519.KeyPair.generate();
        KeyFile.create(dir.resolve("client.key"), clientKey);
        int port = CliProcess.freePort();
        url = "http://127.0.0.1:" + port;
        // 12 bits keep the test quick; the rules do not depend on the number.
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", "data", "--set", "gate.hashcash_bits=12",
                "--set", "gate.max_hashcash_bits=16", "--set", "receipts.hashcash.amount=" + REWARD,
                "--set", "receipts.hashcash.emission_cap=100000", "--set", "receipts.pool_fund=100000");
        await().atMost(CliProcess.timeout()).until(this::healthy);
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    @Test
    void aStampMintedByTheRealHashcashToolIsAccepted() throws Exception {
        CliProcess.Result got = cli("challenge", "get", "--out", "tool.json");
        assertThat(got.exit()).as(got.err()).isZero();
        JsonNode challenge = JSON.readTree(Files.readString(dir.resolve("tool.json")));
        Process tool = new ProcessBuilder("hashcash", "-m", "-b", challenge.path("difficulty").asString(),
                challenge.path("resource").asString()).redirectErrorStream(false).start();
        assertThat(tool.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stamp = new String(tool.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(stamp).startsWith("1:" + challenge.path("difficulty").asInt() + ":");

        CliProcess.Result paid = cli("receipt", "submit", "--challenge", "tool.json", "--stamp", stamp, "--json");
        assertThat(paid.exit()).as(paid.err()).isZero();
        JsonNode result = JSON.readTree(paid.out());
        assertThat(result.path("status").asString()).isEqualTo("paid");
        assertThat(result.path("amount").asLong()).isEqualTo(REWARD);
        assertThat(result.path("did").asString()).isEqualTo(clientKey.did().toString());
    }

    @Test
    void theCliMintsItsOwnStampWithAProgressLineAndAHashRate() {
        CliProcess.Result paid = cli("receipt", "submit", "--difficulty", "14", "--json");
        assertThat(paid.exit()).as(paid.err()).isZero();
        assertThat(paid.err()).containsPattern("minted a 14-bit stamp in [0-9.]+ s: [0-9,]+ hashes, [0-9.]+ M hashes/s");
    }

    @Test
    void oneStampInFiftyConcurrentPowRequestsBuysExactlyOneToken() throws Exception {
        String receipt = makeReceipt("fifty.json");
        String body = "{\"mode\":\"pow\",\"receipt\":" + receipt + "}";
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Callable<HttpResponse<String>> call = () -> {
                start.await();
                return post("/v1/tokens", body, null);
            };
            answers.add(pool.submit(call));
        }
        start.countDown();
        int tokens = 0;
        int replayed = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
                tokens++;
                assertThat(JSON.readTree(response.body()).path("token").asString()).startsWith("pouw-at-v1.");
            } else {
                assertThat(response.statusCode()).isEqualTo(409);
                assertThat(code(response)).isEqualTo("replayed");
                replayed++;
            }
        }
        pool.shutdown();
        assertThat(tokens).isEqualTo(1);
        assertThat(replayed).isEqualTo(49);
        assertThat(metrics()).contains("pouw_gate_tokens_issued_total{mode=\"pow\"}");
    }

    @Test
    void aRewardedReceiptBuysNoTokenAndItsReplayTellsOnlyItsOwnerTheResultNeverAToken() throws Exception {
        String receipt = makeReceipt("reward.json");
        HttpResponse<String> paid = post("/v1/receipts", receipt, null);
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(JSON.readTree(paid.body()).path("amount").asLong()).isEqualTo(REWARD);

        HttpResponse<String> token = post("/v1/tokens", "{\"mode\":\"pow\",\"receipt\":" + receipt + "}", null);
        assertThat(token.statusCode()).isEqualTo(409);
        assertThat(code(token)).isEqualTo("replayed");
        assertThat(token.body()).doesNotContain("pouw-at-v1");

        HttpResponse<String> anonymousReplay = post("/v1/receipts", receipt, null);
        assertThat(anonymousReplay.statusCode()).isEqualTo(409);
        assertThat(code(anonymousReplay)).isEqualTo("replayed");
        assertThat(JSON.readTree(anonymousReplay.body()).has("result")).isFalse();
        assertThat(anonymousReplay.body()).doesNotContain("pouw-at-v1");

        Ed25519.KeyPair stranger = Ed25519.KeyPair.generate();
        HttpResponse<String> strangersReplay = post("/v1/receipts", receipt, loginToken(stranger));
        assertThat(strangersReplay.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(strangersReplay.body()).has("result")).isFalse();

        HttpResponse<String> ownersReplay = post("/v1/receipts", receipt, loginToken(clientKey));
        assertThat(ownersReplay.statusCode()).isEqualTo(409);
        JsonNode result = JSON.readTree(ownersReplay.body()).path("result");
        assertThat(result.path("amount").asLong()).isEqualTo(REWARD);
        assertThat(result.path("did").asString()).isEqualTo(clientKey.did().toString());
        assertThat(ownersReplay.body()).doesNotContain("pouw-at-v1");
        String metrics = metrics();
        assertThat(metrics).contains("receipts_rejected_total{reason=\"replayed\"}");
        assertThat(metrics).containsPattern("receipts_received_total [1-9]");
        assertThat(metrics).contains("pouw_gate_redemption_state{state=\"normal\"} 1.0");
        assertThat(metrics).contains("pouw_gate_fail_open_tokens_total 0.0");
    }

    @Test
    void aChallengePresentedAsABearerTokenIsRefused() throws Exception {
        String challenge = cli("challenge", "get").out().strip();
        HttpResponse<String> asLogin = send(HttpRequest.newBuilder(URI.create(url + "/v1/ledger/transfers"))
                .header("Authorization", "Bearer " + challenge).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + clientKey.did() + "\",\"amount\":1,"
                        + "\"idempotency_key\":\"k-1\"}")));
        assertThat(asLogin.statusCode()).isEqualTo(401);
        // and an access token is no login token either
        String access = JSON.readTree(post("/v1/tokens", "{\"mode\":\"anonymous\"}", null).body()).path("token")
                .asString();
        HttpResponse<String> accessAsLogin = post("/v1/receipts", makeReceipt("bearer.json"), access);
        assertThat(accessAsLogin.statusCode()).isEqualTo(401);
    }

    @Test
    void refusalsNameTheirReasonAndField() throws Exception {
        HttpResponse<String> forbidden = post("/v1/tokens", "{\"mode\":\"anonymous\",\"permissions\":[\"all\"]}",
                null);
        assertThat(forbidden.statusCode()).isEqualTo(400);
        assertThat(code(forbidden)).isEqualTo("forbidden_field");
        assertThat(JSON.readTree(forbidden.body()).path("error").path("field").asString()).isEqualTo("permissions");

        HttpResponse<String> lowered = post("/v1/challenges", "{\"did\":\"" + clientKey.did()
                + "\",\"kind\":\"hashcash\",\"difficulty\":1}", null);
        assertThat(lowered.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(lowered.body()).path("difficulty").asInt()).isGreaterThanOrEqualTo(12);

        HttpResponse<String> keys = send(HttpRequest.newBuilder(URI.create(url + "/v1/gate/keys")).GET());
        JsonNode published = JSON.readTree(keys.body());
        assertThat(published.path("challenge_public_key").asString()).hasSize(64);
        assertThat(published.path("store").asString()).isEqualTo(JSON.readTree(lowered.body()).path("store")
                .asString());
    }

    @Test
    void parserAttacksAndForeignProofsAreRefusedOverHttpAndConsumeNothing() throws Exception {
        String receipt = makeReceipt("attacks.json");
        JsonNode parsed = JSON.readTree(receipt);
        String nonce = parsed.path("nonce").asString();
        long timestamp = parsed.path("timestamp_ms").asLong();
        assertThat(receipt).startsWith("{\"challenge\":");

        List<String> malformed = List.of(
                "{\"type\":\"pouw-receipt-v1\"," + receipt.substring(1),                       // a duplicate key
                receipt.replace("\"" + nonce + "\"", "\"\\uD800" + nonce + "\""),                   // a lone surrogate
                receipt.replace("\"timestamp_ms\":" + timestamp, "\"timestamp_ms\":9007199254740993"), // 2^53 + 1
                receipt.replace("\"proof\":{", "\"proof\":[{").replace("},\"solution\"", "}],\"solution\""));
        for (String attack : malformed) {
            HttpResponse<String> refused = post("/v1/receipts", attack, null);
            assertThat(refused.statusCode()).as(attack).isEqualTo(400);
            assertThat(code(refused)).isEqualTo("malformed");
        }
        String network = parsed.path("proof").path("domain").asString();
        HttpResponse<String> otherNetwork = post("/v1/receipts",
                receipt.replace("\"domain\":\"" + network + "\"", "\"domain\":\"another-net\""), null);
        assertThat(otherNetwork.statusCode()).isEqualTo(401);
        assertThat(code(otherNetwork)).isEqualTo("bad_signature");
        String did = clientKey.did().toString();
        HttpResponse<String> otherKey = post("/v1/receipts", receipt.replace("\"verificationMethod\":\"" + did + "#",
                "\"verificationMethod\":\"" + Ed25519.KeyPair.generate().did() + "#"), null);
        assertThat(otherKey.statusCode()).isEqualTo(401);
        assertThat(code(otherKey)).isEqualTo("bad_signature");

        HttpResponse<String> honest = post("/v1/receipts", receipt, null);
        assertThat(honest.statusCode()).as("every refusal above consumed nothing").isEqualTo(200);
    }

    @Test
    void theCliGetsAnAnonymousToken() throws Exception {
        CliProcess.Result token = cli("token", "get", "--mode", "anonymous", "--json");
        assertThat(token.exit()).as(token.err()).isZero();
        JsonNode issued = JSON.readTree(token.out());
        assertThat(issued.path("class").asString()).isEqualTo("low");
        assertThat(issued.path("token").asString()).startsWith("pouw-at-v1.");
    }

    private String makeReceipt(String file) throws Exception {
        CliProcess.Result made = cli("receipt", "submit", "--no-submit", "--save", file);
        assertThat(made.exit()).as(made.err()).isZero();
        return Files.readString(dir.resolve(file)).strip();
    }

    private String loginToken(Ed25519.KeyPair key) {
        try (PouwClient client = new PouwClient(URI.create(url), key, Duration.ofSeconds(30), Clock.system())) {
            return client.auth().signIn().token();
        }
    }

    private CliProcess.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--node", url, "--key", "client.key"));
        return CliProcess.run(dir, all.toArray(String[]::new));
    }

    private HttpResponse<String> post(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + "/v1/pouw/metrics")).GET()).body();
    }

    private static String code(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error").path("code").asString();
    }

    private boolean healthy() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }
}
