package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.core.job.Tier;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.WorkItem;
import org.pouw.crypto.Ed25519;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rate limits of issue 18 over real HTTP against a real node, each with the attack it is there for. The node's
 * clock is settable and never moved here, so no bucket refills during a test.
 */
class RateLimitsIT {
    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair worker = Ed25519.KeyPair.generate();
    final Ed25519.KeyPair neighbour = Ed25519.KeyPair.generate();
    RunningNode node;

    void start(Map<String, String> limits) {
        Map<String, String> settings = new HashMap<>(limits);
        settings.put("genesis", client.did() + "=1000000");
        node = new RunningNode(dir, settings, clock);
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aSpentLimitIsA429WithRetryAfterAndTheErrorNamingTheLimitCountedByClassAndReason() {
        start(Map.of("rate_limits.auth.address_burst", "2", "rate_limits.auth.address_per_minute", "1"));
        ObjectNode body = RunningNode.JSON.createObjectNode().put("did", client.did().toString());
        assertThat(node.post("/v1/auth/challenge", body, null).status()).isEqualTo(200);
        assertThat(node.post("/v1/auth/challenge", body, null).status()).isEqualTo(200);
        RunningNode.Reply refused = node.post("/v1/auth/challenge", body, null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("rate_limited");
        assertThat(refused.json().path("error").path("limit").asString()).isEqualTo("auth.address");
        assertThat(refused.headers().get("retry-after")).containsExactly("60");
        assertThat(refused.headers().get("content-type")).containsExactly("application/json");

        String metrics = new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("pouw_rate_limit_denials_total{class=\"auth\",reason=\"address\"} 1.0")
                .contains("pouw_rate_limit_denials_total{class=\"claims\",reason=\"did\"} 0.0")
                .doesNotContain("127.0.0.1").doesNotContain(client.did().toString());
    }

    @Test
    void anAttackerNamingAVictimsDidSpendsOnlyItsOwnAddressAndItsOwnDid() {
        start(Map.of("http.trusted_proxies", "127.0.0.1", "rate_limits.auth.address_burst", "4",
                "rate_limits.auth.address_per_minute", "1", "rate_limits.reads.did_burst", "3",
                "rate_limits.reads.did_per_minute", "1"));
        Ed25519.KeyPair victim = client;
        Ed25519.KeyPair attacker = worker;
        // The attacker, at 198.51.100.66 behind the trusted proxy, asks for challenges in the victim's name.
        ObjectNode inVictimsName = RunningNode.JSON.createObjectNode().put("did", victim.did().toString());
        int admitted = 0;
        while (post("/v1/auth/challenge", inVictimsName, null, "198.51.100.66").status() == 200) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(4);
        // The victim, at its own address, signs in as if nothing happened.
        String victimToken = signInFrom(victim, "203.0.113.5");
        // The attacker's own did: spent by its own reads, and a forged token in the victim's name buys nothing.
        String attackerToken = signInFrom(attacker, "198.51.100.67");
        for (int i = 0; i < 3; i++) {
            assertThat(get("/v1/pouw/pool", attackerToken, "198.51.100.68").status()).isEqualTo(200);
        }
        RunningNode.Reply spent = get("/v1/pouw/pool", attackerToken, "198.51.100.69");
        assertThat(spent.status()).as("a fresh address does not refill a did's bucket").isEqualTo(429);
        assertThat(spent.json().path("error").path("limit").asString()).isEqualTo("reads.did");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString((victim.did() + "|9999999999999")
                .getBytes(StandardCharsets.UTF_8)) + ".AAAA";
        for (int i = 0; i < 5; i++) {
            assertThat(post("/v1/pouw/jobs/claim", RunningNode.JSON.createObjectNode(), forged, "198.51.100.70")
                    .status()).as("an unverified token names nobody").isEqualTo(401);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(get("/v1/pouw/pool", victimToken, "203.0.113.5").status()).isEqualTo(200);
        }
    }

    @Test
    void aNeighbourFloodingTheSharedAddressCannotMakeAnHonestWorkerLoseItsLease() {
        start(Map.of("rate_limits.reads.address_burst", "40", "rate_limits.reads.address_per_minute", "1",
                "rate_limits.submissions.address_burst", "5", "rate_limits.submissions.address_per_minute", "1",
                "rate_limits.claims.address_burst", "5", "rate_limits.claims.address_per_minute", "1"));
        String clientToken = node.signIn(client);
        String jobId = node.post("/v1/intents", intent(1000), clientToken).json().path("job_ids").path(0).asString();
        String workerToken = node.signIn(worker);
        String neighbourToken = node.signIn(neighbour);
        JsonNode job = node.post("/v1/pouw/jobs/claim", "{}", workerToken).json().path("jobs").path(0);
        String lease = job.path("lease").path("token").asString();
        byte[] proof = honestProof(job, workerToken);

        // The neighbour, behind the same address, spends the address's buckets: reads, claims and submissions,
        // anonymous and signed in, and lease calls on leases it does not hold.
        while (node.get("/v1/pouw/pool").status() != 429) {
            // spend
        }
        while (node.post("/v1/pouw/jobs/claim", "{}", neighbourToken).status() != 429) {
            // spend
        }
        for (int i = 0; i < 20; i++) {
            assertThat(node.post("/v1/pouw/jobs/" + jobId + "/renew", RunningNode.JSON.createObjectNode()
                    .put("lease_token", "guessed-" + i), neighbourToken).status()).isEqualTo(409);
        }
        RunningNode.Reply anonymous = node.post("/v1/pouw/jobs/" + jobId + "/submit", submitBody("x", proof), null);
        assertThat(anonymous.status()).isEqualTo(429);
        assertThat(anonymous.json().path("error").path("limit").asString()).isEqualTo("submissions.address");

        // The honest worker's lease calls still go through: renew, then submit, and it is paid.
        RunningNode.Reply renewed = node.post("/v1/pouw/jobs/" + jobId + "/renew",
                RunningNode.JSON.createObjectNode().put("lease_token", lease), workerToken);
        assertThat(renewed.status()).isEqualTo(200);
        RunningNode.Reply submitted = node.post("/v1/pouw/jobs/" + jobId + "/submit", submitBody(lease, proof),
                workerToken);
        assertThat(submitted.status()).isEqualTo(200);
        assertThat(submitted.json().path("verdict").path("accepted").asBoolean()).isTrue();
        // Its other calls share the address's buckets like anyone's.
        assertThat(node.post("/v1/pouw/jobs/claim", "{}", workerToken).status()).isEqualTo(429);
    }

    @Test
    void aClaimCostsOneTokenPerJobItTook() {
        start(Map.of("rate_limits.claims.did_burst", "3", "rate_limits.claims.did_per_minute", "1"));
        String clientToken = node.signIn(client);
        for (int i = 0; i < 4; i++) {
            assertThat(node.post("/v1/intents", intent(100 + i), clientToken).status()).isEqualTo(201);
        }
        String workerToken = node.signIn(worker);
        RunningNode.Reply claimed = node.post("/v1/pouw/jobs/claim",
                RunningNode.JSON.createObjectNode().put("max_jobs", 3), workerToken);
        assertThat(claimed.json().path("jobs").size()).isEqualTo(3);
        RunningNode.Reply next = node.post("/v1/pouw/jobs/claim", "{}", workerToken);
        assertThat(next.status()).as("three jobs spent three tokens, not one").isEqualTo(429);
        assertThat(next.json().path("error").path("limit").asString()).isEqualTo("claims.did");
    }

    @Test
    void probingRoutesThatDoNotExistSpendsTheReadsBucket() {
        start(Map.of("rate_limits.reads.address_burst", "3", "rate_limits.reads.address_per_minute", "1"));
        for (int i = 0; i < 3; i++) {
            assertThat(node.get("/v1/no-such-route-" + i).status()).isEqualTo(404);
        }
        RunningNode.Reply refused = node.post("/v1/no-such-route", "{}", null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("error").path("limit").asString()).isEqualTo("reads.address");
    }

    @Test
    void limitsCanBeTurnedOff() {
        start(Map.of("rate_limits.enabled", "false", "rate_limits.reads.address_burst", "1"));
        for (int i = 0; i < 20; i++) {
            assertThat(node.get("/v1/pouw/pool").status()).isEqualTo(200);
        }
    }

    private ObjectNode intent(long fee) {
        ObjectNode body = RunningNode.JSON.createObjectNode();
        body.put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add("20");
        return body.put("max_steps", 10_000).put("tier", "macro").put("fee", fee);
    }

    private byte[] honestProof(JsonNode job, String workerToken) {
        String jobId = job.path("job_id").asString();
        WorkItem item = new WorkItem(jobId, job.path("kind").asString(), Tier.MACRO,
                job.path("trace_hash").asString(), job.path("trace_ref").asString(),
                RunningNode.JSON.writeValueAsString(job.path("params")),
                key -> node.get("/v1/pouw/blobs/" + key + "?job_id=" + jobId, workerToken).bytes());
        return new ReexecKind().prove(item, ProgressListener.NONE, ChallengeChannel.NONE);
    }

    private static ObjectNode submitBody(String token, byte[] proof) {
        return RunningNode.JSON.createObjectNode().put("lease_token", token)
                .put("proof", Base64.getEncoder().encodeToString(proof));
    }

    private RunningNode.Reply post(String path, JsonNode body, String token, String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base + path))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(RunningNode.JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return node.send(request);
    }

    private RunningNode.Reply get(String path, String token, String forwardedFor) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base + path)).header("X-Forwarded-For", forwardedFor)
                .header("Authorization", "Bearer " + token).GET());
    }

    private String signInFrom(Ed25519.KeyPair key, String address) {
        String did = key.did().toString();
        String challenge = post("/v1/auth/challenge", RunningNode.JSON.createObjectNode().put("did", did), null,
                address).json().path("challenge").asString();
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.sign(("pouw-auth-v1:" + challenge).getBytes(StandardCharsets.UTF_8)));
        RunningNode.Reply token = post("/v1/auth/token", RunningNode.JSON.createObjectNode().put("did", did)
                .put("challenge", challenge).put("signature", signature), null, address);
        assertThat(token.status()).as(token.json().toString()).isEqualTo(200);
        return token.json().path("token").asString();
    }

    /**
     * A refused POST leaves its body unread: the connection must not then read that body as the next request (a
     * stray 400 on a connection the client holds idle). Two refused posts and a read on one kept-alive socket get
     * exactly three answers, in order.
     */
    @Test
    void aRefusedPostsUnreadBodyIsNotTakenForTheNextRequestOnItsConnection() throws Exception {
        start(Map.of("rate_limits.auth.address_burst", "1", "rate_limits.auth.address_per_minute", "1"));
        String body = "{\"did\":\"" + client.did() + "\"}";
        String post = "POST /v1/auth/challenge HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.node.port())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), StandardCharsets.ISO_8859_1));
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            boolean open = true;
            for (String request : java.util.List.of(post, post, post, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")) {
                if (!open) {
                    break;
                }
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String statusLine = in.readLine();
                if (statusLine == null) {
                    break;
                }
                statuses.add(Integer.parseInt(statusLine.split(" ")[1]));
                long length = 0;
                for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                    String lower = header.toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(header.substring(header.indexOf(':') + 1).strip());
                    }
                    if (lower.equals("connection: close")) {
                        open = false;
                    }
                }
                in.skip(length);
            }
            assertThat(statuses).as("one answer a request, the refused ones 429, never a stray 400")
                    .doesNotContain(400).startsWith(200, 429);
            if (open) {
                assertThat(statuses).containsExactly(200, 429, 429, 200);
                socket.setSoTimeout(1_000);
                assertThatThrownBy(() -> in.read()).as("nothing more on the connection")
                        .isInstanceOf(java.net.SocketTimeoutException.class);
            }
        }
    }
}
