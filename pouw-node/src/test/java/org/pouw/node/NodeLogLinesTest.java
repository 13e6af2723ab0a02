package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.logs.LogFormat;
import tools.jackson.databind.JsonNode;

/**
 * Issue 25 §1, logs, over real HTTP against a real node: JSON lines with the request's id, did and job id; request ids
 * made by the node, taken from {@code X-Request-Id} only through a trusted proxy, and returned on every response; the
 * access log sampled one in n, deterministically.
 */
class NodeLogLinesTest {
    private static final String ACCESS = "org.pouw.access";

    @TempDir
    Path dir;

    final CapturedLog log = new CapturedLog(LogFormat.JSON, Clock.system());
    final List<RunningNode> nodes = new ArrayList<>();

    RunningNode node(String name, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("log.access_sample_every", "1"));
        all.putAll(settings);
        RunningNode node = new RunningNode(dir.resolve(name), all, Clock.system());
        nodes.add(node);
        return node;
    }

    @AfterEach
    void stop() {
        nodes.forEach(RunningNode::close);
        log.close();
    }

    static String requestId(RunningNode.Reply reply) {
        List<String> values = reply.headers().getOrDefault("x-request-id", List.of());
        assertThat(values).as("one X-Request-Id on every response").hasSize(1);
        return values.get(0);
    }

    List<JsonNode> linesOf(String requestId) {
        return log.json(line -> line.path("request_id").asString("").equals(requestId));
    }

    /** The access line of a request: written after the answer is sent, so awaited. */
    JsonNode accessLine(String requestId) {
        return log.awaitOne(line -> line.path("logger").asString("").equals(ACCESS)
                && line.path("request_id").asString("").equals(requestId));
    }

    @Test
    void a_request_is_one_json_line_with_time_level_logger_message_and_its_id_did_and_job_id() {
        RunningNode node = node("a", Map.of());
        Ed25519.KeyPair prover = Ed25519.KeyPair.generate();
        String token = node.signIn(prover);
        String jobId = "0123456789abcdef0123456789abcdef";
        RunningNode.Reply renew = node.post("/v1/pouw/jobs/" + jobId + "/renew",
                "{\"lease_token\":\"nope\",\"extend_ms\":1000}", token);
        assertThat(renew.status()).isBetween(400, 499);

        JsonNode line = accessLine(requestId(renew));
        assertThat(Instant.parse(line.path("time").asString())).isAfter(Instant.now().minusSeconds(600));
        assertThat(line.path("level").asString()).isEqualTo("INFO");
        assertThat(line.path("logger").asString()).isEqualTo(ACCESS);
        assertThat(line.path("message").asString()).contains("/v1/pouw/jobs/" + jobId + "/renew")
                .contains(Integer.toString(renew.status()));
        assertThat(line.path("did").asString()).isEqualTo(prover.did().toString());
        assertThat(line.path("job_id").asString()).isEqualTo(jobId);
        JsonNode access = line.path("access");
        assertThat(access.path("method").asString()).isEqualTo("POST");
        assertThat(access.path("route").asString()).isEqualTo("/v1/pouw/jobs/{id}/renew");
        assertThat(access.path("status").asInt()).isEqualTo(renew.status());
        assertThat(access.path("duration_us").asLong()).isNotNegative();
        assertThat(access.path("client").asString()).isEqualTo("127.0.0.1");

        RunningNode.Reply anonymous = node.get("/v1/pouw/system/status");
        JsonNode plain = accessLine(requestId(anonymous));
        assertThat(plain.has("did")).as("no caller, no did").isFalse();
        assertThat(plain.has("job_id")).isFalse();

        for (JsonNode any : log.json()) {
            assertThat(any.has("time") && any.has("level") && any.has("logger") && any.has("message"))
                    .as("every line has the four fields: " + any).isTrue();
        }
    }

    @Test
    void every_response_carries_a_fresh_request_id_and_a_clients_own_is_ignored() {
        RunningNode node = node("a", Map.of());
        RunningNode.Reply ok = node.get("/healthz");
        RunningNode.Reply unrouted = node.get("/no/such/route");
        RunningNode.Reply unauthorized = node.post("/v1/ledger/transfers", "{}", null);
        assertThat(unrouted.status()).isEqualTo(404);
        assertThat(unauthorized.status()).isEqualTo(401);
        List<String> ids = List.of(requestId(ok), requestId(unrouted), requestId(unauthorized));
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{16}"));

        RunningNode.Reply forged = node.send(HttpRequest.newBuilder(URI.create(node.base + "/healthz"))
                .header("X-Request-Id", "forged-by-client-1").GET());
        assertThat(requestId(forged)).as("not through a trusted proxy").isNotEqualTo("forged-by-client-1");
        assertThat(accessLine(requestId(forged))).isNotNull();
        assertThat(linesOf("forged-by-client-1")).isEmpty();
    }

    @Test
    void behind_a_trusted_proxy_its_request_id_is_kept_and_a_malformed_one_replaced() {
        RunningNode node = node("proxied", Map.of("http.trusted_proxies", "127.0.0.1"));
        RunningNode.Reply kept = node.send(HttpRequest.newBuilder(URI.create(node.base + "/healthz"))
                .header("X-Request-Id", "edge-7f3a:0001").header("X-Forwarded-For", "198.51.100.7").GET());
        assertThat(requestId(kept)).isEqualTo("edge-7f3a:0001");
        JsonNode line = accessLine("edge-7f3a:0001");
        assertThat(line.path("access").path("client").asString()).as("the forwarded client")
                .isEqualTo("198.51.100.7");

        RunningNode.Reply malformed = node.send(HttpRequest.newBuilder(URI.create(node.base + "/healthz"))
                .header("X-Request-Id", "two words\"{}").GET());
        assertThat(requestId(malformed)).matches("[0-9a-f]{16}");
        RunningNode.Reply overlong = node.send(HttpRequest.newBuilder(URI.create(node.base + "/healthz"))
                .header("X-Request-Id", "x".repeat(129)).GET());
        assertThat(requestId(overlong)).matches("[0-9a-f]{16}");
    }

    @Test
    void the_access_log_writes_one_request_in_n_the_first_then_every_nth() {
        RunningNode node = node("sampled", Map.of("log.access_sample_every", "3"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ids.add(requestId(node.get("/healthz")));
        }
        accessLine(ids.get(6));
        List<String> logged = log.json(CapturedLog.logger(ACCESS)).stream()
                .map(line -> line.path("request_id").asString()).filter(ids::contains).toList();
        assertThat(logged).containsExactly(ids.get(0), ids.get(3), ids.get(6));
    }

    @Test
    void no_access_log_at_zero() {
        RunningNode node = node("off", Map.of("log.access_sample_every", "0"));
        String id = requestId(node.get("/healthz"));
        // The audit line of an admin call answered after it shows the first request's lines were all written.
        RunningNode.Reply refused = node.get("/v1/admin/log-level", node.signIn(Ed25519.KeyPair.generate()));
        log.awaitOne(line -> line.path("request_id").asString("").equals(requestId(refused))
                && line.path("logger").asString("").equals("org.pouw.audit"));
        assertThat(linesOf(id)).isEmpty();
    }
}
